package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.contest.Leaderboard;
import org.codearena.domain.model.contest.Contest;
import org.codearena.domain.model.submission.Submission;
import org.codearena.web.application.ContestService;
import org.codearena.web.application.InvalidRequestException;

/**
 * Contests: anyone reads them and their leaderboards (served from the cache); signed-in people join and
 * submit; the ADMIN role creates them.
 */
@Path("/v1/contests")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class ContestResource {

    public record ContestRequest(String slug, String title, String startsAt, String endsAt, List<String> tasks,
                                 String rule, List<String> regions, Integer freezeMinutes) {
    }

    /** An announcement's text; {@code sendEmail} (default true) also mails it to every participant. */
    public record AnnouncementRequest(String text, Boolean sendEmail) {
    }

    public record JoinRequest(String region) {
    }

    private static final int MAX_ROWS = 1000;
    private static final Jsonb JSON = JsonbBuilder.create();

    @EJB
    private ContestService service;

    @EJB
    private org.codearena.web.application.AuditLog audit;

    private void audited(Caller caller, String action, String target, String detail, HttpServletRequest request) {
        audit.record(caller.accountId(), caller.username(), action, target, detail, request.getRemoteAddr());
    }

    @POST
    @Authenticated
    public Response create(ContestRequest request, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        if (request == null) {
            throw new InvalidRequestException("send {\"slug\", \"title\", \"startsAt\", \"endsAt\", \"tasks\", \"rule\", \"regions\"}");
        }
        Contest contest = service.create(caller.accountId(), request.slug(), request.title(),
                Params.instant("startsAt", request.startsAt()), Params.instant("endsAt", request.endsAt()), request.tasks(),
                request.rule(), request.regions(), request.freezeMinutes());
        audited(caller, "contest-created", contest.getSlug(), contest.getTitle(), context);
        return Response.created(URI.create("/api/v1/contests/" + contest.getSlug())).entity(view(contest)).build();
    }

    /** ADMIN: changes the contest (once it runs, only what does not change what was scored). */
    @PUT
    @Path("/{slug}")
    @Authenticated
    public Map<String, Object> edit(@PathParam("slug") String slug, ContestRequest request,
                                    @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        if (request == null) {
            throw new InvalidRequestException("send {\"title\", \"startsAt\", \"endsAt\", \"tasks\", \"rule\", \"regions\", \"freezeMinutes\"}");
        }
        Contest edited = service.edit(slug, request.title(), Params.instant("startsAt", request.startsAt()),
                Params.instant("endsAt", request.endsAt()), request.tasks(), request.rule(), request.regions(),
                request.freezeMinutes());
        audited(caller, "contest-edited", slug, edited.getStartsAt() + " to " + edited.getEndsAt() + ", freeze "
                + edited.getFreezeMinutes() + " min", context);
        return view(edited);
    }

    /** ADMIN, after the end: the frozen scoreboard shows the final standings to everyone. */
    @POST
    @Path("/{slug}/results")
    @Authenticated
    public Map<String, Object> publishResults(@PathParam("slug") String slug, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        Contest published = service.publishResults(slug);
        audited(caller, "contest-results-published", slug, null, context);
        return view(published);
    }

    @GET
    @Path("/{slug}/announcements")
    public List<ContestService.Announcement> announcements(@PathParam("slug") String slug) {
        return service.announcements(slug);
    }

    @POST
    @Path("/{slug}/announcements")
    @Authenticated
    public Response announce(@PathParam("slug") String slug, AnnouncementRequest request,
                             @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        boolean mail = request == null || request.sendEmail() == null || request.sendEmail();
        ContestService.Announced made = service.announce(slug, request == null ? null : request.text(),
                mail ? AssessmentResource.siteBase(context) : null);
        audited(caller, "contest-announcement", slug, made.announcement().text(), context);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", made.announcement().id());
        body.put("text", made.announcement().text());
        body.put("at", made.announcement().at().toString());
        body.put("emailed", made.emailed());
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    @GET
    public List<Map<String, Object>> list() {
        return service.recent().stream().map(this::view).toList();
    }

    @GET
    @Path("/{slug}")
    public Map<String, Object> one(@PathParam("slug") String slug) {
        return view(service.contest(slug));
    }

    /** The signed-in person's place: joined or not, and their region. */
    @GET
    @Path("/{slug}/me")
    @Authenticated
    public Map<String, Object> me(@PathParam("slug") String slug, @Context HttpServletRequest context) {
        var entry = service.entry(service.contest(slug), Caller.of(context).accountId());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("joined", entry.isPresent());
        body.put("region", entry.flatMap(region -> region).orElse(null));
        return body;
    }

    @POST
    @Path("/{slug}/join")
    @Authenticated
    public Map<String, Object> join(@PathParam("slug") String slug, JoinRequest request, @Context HttpServletRequest context) {
        String region = service.join(slug, Caller.of(context).accountId(), request == null ? null : request.region());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("joined", true);
        body.put("region", region);
        return body;
    }

    @POST
    @Path("/{slug}/submissions")
    @Authenticated
    public Response submit(@PathParam("slug") String slug, SubmissionResource.SubmissionRequest request,
                           @Context HttpServletRequest context) {
        if (request == null) {
            throw new InvalidRequestException("send {\"task\", \"language\", \"source\"}");
        }
        Submission submission = service.submit(slug, Caller.of(context).accountId(), request.task(), request.language(),
                request.source());
        return Response.accepted(Map.of("id", submission.getId(), "status", submission.getStatus().name()))
                .location(URI.create("/api/v1/submissions/" + submission.getId())).build();
    }

    /**
     * The leaderboard, as cached (never computed for a viewer): the top {@code limit} rows, of one region when
     * {@code region} is given (ranked within it). {@code version} grows with every change.
     */
    @GET
    @Path("/{slug}/leaderboard")
    public Response leaderboard(@PathParam("slug") String slug, @QueryParam("region") String region,
                                @QueryParam("limit") String limit, @Context Request conditions) {
        int size = limit == null || limit.isBlank() ? 100 : (int) Params.number("limit", limit);
        if (size < 1 || size > MAX_ROWS) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_ROWS + ", not " + size);
        }
        Contest contest = service.contest(slug);
        String wanted = region == null || region.isBlank() ? null : region.strip();
        if (wanted != null && !contest.getRegions().contains(wanted)) {
            throw new InvalidRequestException("no region '" + wanted + "' in contest '" + slug + "'"
                    + (contest.getRegions().isEmpty() ? "; it has no regions"
                    : "; its regions are " + String.join(", ", contest.getRegions())));
        }
        Leaderboard board = service.leaderboard(slug);
        // the board's version names its content: a reader who has it is answered 304; browsers keep it a second
        EntityTag tag = new EntityTag(board.version() + "-" + size + (wanted == null ? "" : "-" + wanted.hashCode()));
        CacheControl fresh = new CacheControl();
        fresh.setMaxAge(1);
        fresh.setNoTransform(false);
        Response.ResponseBuilder unchanged = conditions.evaluatePreconditions(tag);
        return (unchanged != null ? unchanged : Response.ok(rendered(board, wanted, size)))
                .tag(tag).cacheControl(fresh).build();
    }

    /**
     * The board's view as JSON: rendered once per board and view, then the same text for every reader. The
     * region must be one of the contest's, already stripped (the caller checks): the key and the rendering
     * are then the same view, and there are only as many views as regions and limits people ask for.
     */
    public static String rendered(Leaderboard board, String region, int limit) {
        String key = (region == null ? "" : region) + "|" + limit;
        return board.rendered(key, () -> JSON.toJson(boardView(board, region, limit)));
    }

    /** What the API and the push socket send: the same shape. */
    public static Map<String, Object> boardView(Leaderboard board, String region, int limit) {
        List<Leaderboard.Row> rows = board.region(region);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "leaderboard");
        body.put("contest", board.slug());
        body.put("version", board.version());
        body.put("region", region == null || region.isBlank() ? null : region);
        body.put("frozenAt", board.frozenAt());
        body.put("participants", rows.size());
        body.put("rows", rows.subList(0, Math.min(limit, rows.size())));
        return body;
    }

    private Map<String, Object> view(Contest contest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("slug", contest.getSlug());
        body.put("title", contest.getTitle());
        body.put("startsAt", contest.getStartsAt());
        body.put("endsAt", contest.getEndsAt());
        body.put("rule", contest.getRule().name());
        body.put("regions", contest.getRegions());
        body.put("tasks", TaskResource.TaskSummary.of(service.tasksOf(contest)));
        body.put("freezeMinutes", contest.getFreezeMinutes());
        body.put("freezesAt", contest.freezesAt().orElse(null));
        body.put("frozen", contest.isFrozenAt(java.time.Instant.now()));
        body.put("resultsPublishedAt", contest.getResultsPublishedAt());
        return body;
    }
}
