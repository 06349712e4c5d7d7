package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.contest.Contest;
import org.codearena.domain.model.task.Task;
import org.codearena.judge.packages.PackageImports;
import org.codearena.judge.similarity.SimilarityEngine;
import org.codearena.web.application.AssessmentService;
import org.codearena.web.application.ContestService;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.TaskCatalog;
import org.codearena.web.application.UnknownResourceException;
import org.codearena.web.application.jobs.SimilarityChecks;

/**
 * Similarity checks: the recruiter of an assessment (or an ADMIN) and the ADMINs of a contest ask for one task's
 * final submissions to be compared pair by pair, follow the check's progress, list the pairs at or above the
 * threshold and open one side by side with the matched regions. The starter programs of the editor and the task's
 * reference solutions are base code: what matches them does not count.
 */
@Path("/v1/similarity")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class SimilarityResource {

    /** Pairs listed with a check; the rest are below them in similarity. */
    static final int MAX_PAIRS = 500;
    static final double DEFAULT_THRESHOLD = 0.5;

    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Map<String, String> STARTERS = starters();

    @EJB
    private SimilarityChecks checks;

    @EJB
    private AssessmentService assessments;

    @EJB
    private ContestService contests;

    @EJB
    private PackageImports packages;

    @EJB
    private TaskCatalog tasks;

    /**
     * What a check is asked for: an assessment (its id) or a contest (its slug), a task of it (its slug) and,
     * optionally, the similarity from which pairs are shown (0.05 to 1; 0.5 when not given).
     */
    public record CheckRequest(Long assessment, String contest, String task, Double threshold) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(CheckRequest request, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context);
        if (request == null || (request.assessment() == null) == (request.contest() == null)) {
            throw new InvalidRequestException("say what to check: an assessment (its id) or a contest (its slug), "
                    + "and a task of it");
        }
        if (request.assessment() != null) {
            Assessment assessment = assessment(request.assessment(), caller);
            Task task = taskOf(request, assessments.tasksOf(assessment), "assessment");
            return started(checks.create("ASSESSMENT", assessment.getId(), task.getId(), threshold(request),
                    baseCode(task), caller.accountId()));
        }
        caller.require(Caller.ADMIN);
        Contest contest = contests.contest(request.contest());
        Task task = taskOf(request, contests.tasksOf(contest), "contest");
        return started(checks.create("CONTEST", contest.getId(), task.getId(), threshold(request), baseCode(task),
                caller.accountId()));
    }

    /** The checks of an assessment ({@code ?assessment=ID}) or a contest ({@code ?contest=SLUG}), newest first. */
    @GET
    public Response list(@QueryParam("assessment") String assessmentId, @QueryParam("contest") String contestSlug,
                         @Context HttpServletRequest context) {
        Caller caller = Caller.of(context);
        if ((assessmentId == null) == (contestSlug == null)) {
            throw new InvalidRequestException("say whose checks to list: ?assessment=ID or ?contest=SLUG");
        }
        if (assessmentId != null) {
            Assessment assessment = assessment(Params.number("assessment id", assessmentId), caller);
            return ReportResource.fresh(checks.checks("ASSESSMENT", assessment.getId()).stream().map(this::view)
                    .toList());
        }
        caller.require(Caller.ADMIN);
        Contest contest = contests.contest(contestSlug);
        return ReportResource.fresh(checks.checks("CONTEST", contest.getId()).stream().map(this::view).toList());
    }

    /** A check: its state and progress, and once done the pairs at or above its threshold, most similar first. */
    @GET
    @Path("/{check}")
    public Response check(@PathParam("check") String id, @Context HttpServletRequest context) {
        SimilarityChecks.Check check = allowed(Params.number("check id", id), Caller.of(context));
        Map<String, Object> body = view(check);
        List<Map<String, Object>> pairs = new ArrayList<>();
        if ("DONE".equals(check.state())) {
            for (SimilarityChecks.PairSummary pair : checks.pairs(check.id(), MAX_PAIRS)) {
                pairs.add(pairView(pair));
            }
        }
        body.put("pairs", pairs);
        return ReportResource.fresh(body);
    }

    /** One pair side by side: both programs, who wrote them, and the regions that matched (lines, 1-based). */
    @GET
    @Path("/{check}/pairs/{pair}")
    public Response pair(@PathParam("check") String checkId, @PathParam("pair") String pairId,
                         @Context HttpServletRequest context) {
        SimilarityChecks.Check check = allowed(Params.number("check id", checkId), Caller.of(context));
        SimilarityChecks.PairDetail pair = checks.pair(check.id(), Params.number("pair id", pairId))
                .orElseThrow(() -> new UnknownResourceException("check " + check.id() + " has no pair " + pairId));
        Map<String, Object> body = pairView(pair.summary());
        body.put("firstSource", pair.firstSource());
        body.put("secondSource", pair.secondSource());
        body.put("firstLanguage", pair.firstLanguage());
        body.put("secondLanguage", pair.secondLanguage());
        body.put("regions", JSON.fromJson(pair.regions(), List.class));
        body.put("check", check.id());
        return ReportResource.fresh(body);
    }

    private SimilarityChecks.Check allowed(long checkId, Caller caller) {
        SimilarityChecks.Check check = checks.check(checkId)
                .orElseThrow(() -> new UnknownResourceException("no similarity check " + checkId));
        boolean admin = caller.roles().contains(Caller.ADMIN);
        if ("CONTEST".equals(check.scope())) {
            if (!admin) {
                // a contest's checks are its ADMINs'; to anyone else the check does not exist
                throw new UnknownResourceException("no similarity check " + checkId);
            }
        } else if (!admin) {
            assessment(check.scopeId(), caller);
        }
        return check;
    }

    /** The caller's assessment (an ADMIN may see any). */
    private Assessment assessment(long assessmentId, Caller caller) {
        if (caller.roles().contains(Caller.ADMIN)) {
            return assessments.assessment(assessmentId);
        }
        caller.require(Caller.RECRUITER);
        return assessments.owned(assessmentId, caller.accountId());
    }

    private static Task taskOf(CheckRequest request, List<Task> tasks, String what) {
        List<String> slugs = tasks.stream().map(Task::getSlug).toList();
        if (request == null || request.task() == null || request.task().isBlank()) {
            throw new InvalidRequestException("say which task's submissions to compare: task is one of " + slugs);
        }
        return tasks.stream().filter(t -> t.getSlug().equals(request.task())).findFirst()
                .orElseThrow(() -> new InvalidRequestException("task '" + request.task() + "' is not in this " + what
                        + ": it has " + slugs));
    }

    private static double threshold(CheckRequest request) {
        double threshold = request.threshold() == null ? DEFAULT_THRESHOLD : request.threshold();
        if (!(threshold >= 0.05 && threshold <= 1)) {
            throw new InvalidRequestException("threshold is the similarity from which pairs are shown, from 0.05 "
                    + "(5 %) to 1 (identical), not " + request.threshold());
        }
        return threshold;
    }

    /** The editor's starter program of each language, and the task's reference solutions. */
    private Map<String, List<String>> baseCode(Task task) {
        Map<String, List<String>> base = new LinkedHashMap<>();
        STARTERS.forEach((language, source) -> base.computeIfAbsent(language, l -> new ArrayList<>()).add(source));
        packages.referenceSolutions(task.getId()).forEach((language, sources) ->
                base.computeIfAbsent(language, l -> new ArrayList<>()).addAll(sources));
        return base;
    }

    private Response started(long checkId) {
        // the server that accepted the check works on it at once (the scheduled turn takes up what it leaves)
        checks.start(checkId);
        return Response.accepted(Map.of("id", checkId, "state", "QUEUED", "progress",
                "/api/v1/similarity/" + checkId)).build();
    }

    private Map<String, Object> view(SimilarityChecks.Check check) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", check.id());
        view.put("scope", check.scope().toLowerCase());
        view.put("scopeId", check.scopeId());
        view.put("task", taskSlug(check.taskId()));
        view.put("threshold", check.threshold());
        view.put("state", check.state());
        view.put("phase", check.phase());
        view.put("done", check.done());
        view.put("total", check.total());
        view.put("createdAt", check.createdAt());
        view.put("startedAt", check.startedAt());
        view.put("finishedAt", check.finishedAt());
        view.put("submissions", check.submissions());
        view.put("comparedPairs", check.comparedPairs());
        view.put("readFrom", check.readFrom());
        view.put("skipped", check.skipped() == null ? List.of() : JSON.fromJson(check.skipped(), List.class));
        view.put("notes", check.notes() == null ? List.of() : JSON.fromJson(check.notes(), List.class));
        view.put("error", check.error());
        view.put("baseCode", check.baseCodeLanguages());
        view.put("languages", SimilarityEngine.supportedLanguages().stream().sorted().toList());
        return view;
    }

    private String taskSlug(long taskId) {
        return tasks.task(taskId).getSlug();
    }

    private static Map<String, Object> pairView(SimilarityChecks.PairSummary pair) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", pair.id());
        view.put("first", Map.of("submission", pair.first(), "author", String.valueOf(pair.firstAuthor())));
        view.put("second", Map.of("submission", pair.second(), "author", String.valueOf(pair.secondAuthor())));
        view.put("language", pair.language());
        view.put("similarity", Math.round(pair.similarity() * 1000) / 1000.0);
        view.put("maxSimilarity", Math.round(pair.maxSimilarity() * 1000) / 1000.0);
        view.put("matchedTokens", pair.matchedTokens());
        return view;
    }


    private static Map<String, String> starters() {
        Type type = new HashMap<String, String>() { }.getClass().getGenericSuperclass();
        try (InputStream in = SimilarityResource.class.getResourceAsStream("/org/codearena/web/starter-programs.json")) {
            if (in == null) {
                throw new IllegalStateException("starter-programs.json is missing from the web module");
            }
            return JSON.fromJson(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
