package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.assessment.Invitation;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.AssessmentService;
import org.codearena.web.application.jobs.Mailings;
import org.codearena.web.application.mail.MailTexts;
import org.codearena.web.application.InvalidRequestException;

/** The recruiter's side of assessments (the RECRUITER role): create, invite, follow the candidates. */
@Path("/v1/assessments")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AssessmentResource {

    /** @param proctoring optional: {"mode": "OFF|WEBCAM|WEBCAM_AND_SCREEN", "snapshotSeconds", "retentionDays"} */
    public record AssessmentRequest(String title, List<String> tasks, Integer durationMinutes, String opensAt,
                                    String closesAt, AssessmentService.Proctoring proctoring) {
    }

    /**
     * Addresses to invite (pasted or a CSV file's text); {@code sendEmail} (default true) sends each new candidate
     * their invitation by mail, in {@code language} (default English; "fr" too).
     */
    public record InvitationRequest(String addresses, Boolean sendEmail, String language) {
    }

    @EJB
    private AssessmentService service;

    @EJB
    private org.codearena.web.application.proctoring.ProctoringRecords proctoringRecords;

    @jakarta.inject.Inject
    private org.codearena.web.application.proctoring.ProctoringStorage proctoringStorage;

    @POST
    public Response create(AssessmentRequest request, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        if (request == null) {
            throw new InvalidRequestException("send {\"title\", \"tasks\", \"durationMinutes\", \"opensAt\", \"closesAt\"}");
        }
        if (request.closesAt() == null) {
            throw new InvalidRequestException("closesAt is required (ISO-8601, e.g. 2026-12-01T18:00:00Z)");
        }
        Assessment assessment = service.create(caller.accountId(), request.title(), request.tasks(),
                request.durationMinutes(), Params.instant("opensAt", request.opensAt()), Params.instant("closesAt", request.closesAt()),
                request.proctoring() == null ? AssessmentService.Proctoring.OFF : request.proctoring());
        return Response.created(URI.create("/api/v1/assessments/" + assessment.getId())).entity(view(assessment)).build();
    }

    @GET
    public List<Map<String, Object>> mine(@Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        return service.ownedBy(caller.accountId()).stream().map(this::view).toList();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> one(@PathParam("id") String id, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        return view(service.owned(Params.number("assessment id", id), caller.accountId()));
    }

    /** Invites every address not invited yet; answers with the new personal links. */
    @POST
    @Path("/{id}/invitations")
    public Map<String, Object> invite(@PathParam("id") String id, InvitationRequest request,
                                      @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        if (request == null || request.addresses() == null) {
            throw new InvalidRequestException("send {\"addresses\": \"...\"}: pasted addresses or a CSV file's text");
        }
        boolean mail = request.sendEmail() == null || request.sendEmail();
        if (request.language() != null && !MailTexts.LANGUAGES.contains(request.language())) {
            throw new InvalidRequestException("language " + request.language() + " has no mail texts: use one of "
                    + MailTexts.LANGUAGES);
        }
        AssessmentService.Invited invited = service.invite(Params.number("assessment id", id),
                caller.accountId(), request.addresses(), siteBase(context),
                mail ? (request.language() == null ? "en" : request.language()) : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invited", invited.created().size());
        body.put("emailed", mail ? invited.created().size() : 0);
        if (invited.mailingId() != null) {
            // many at once: mailed by the mailings job, its progress at .../mailings
            body.put("mailing", Map.of("id", invited.mailingId(), "recipients", invited.created().size(),
                    "progress", "/api/v1/assessments/" + id + "/mailings"));
        }
        body.put("alreadyInvited", invited.alreadyInvited());
        body.put("invalid", invited.invalid());
        body.put("links", invited.created().stream().map(i -> Map.of("email", i.getEmail(), "link", link(context, i))).toList());
        return body;
    }

    /** Every candidate: status, time used, best score per task, their personal link. */
    @GET
    @Path("/{id}/candidates")
    public List<Map<String, Object>> candidates(@PathParam("id") String id, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        long assessmentId = Params.number("assessment id", id);
        List<Task> tasks = service.tasksOf(service.owned(assessmentId, caller.accountId()));
        Instant now = Instant.now();
        return service.candidates(assessmentId, caller.accountId()).stream().map(row -> {
            Invitation invitation = row.invitation();
            Map<String, Object> candidate = new LinkedHashMap<>();
            candidate.put("id", invitation.getId());
            candidate.put("email", invitation.getEmail());
            candidate.put("link", link(context, invitation));
            candidate.put("status", invitation.stateAt(now).name());
            candidate.put("startedAt", invitation.getStartedAt());
            candidate.put("endsAt", invitation.getEndsAt());
            candidate.put("finishedAt", invitation.getFinishedAt());
            candidate.put("timeUsedSeconds", invitation.timeUsedAt(now).toSeconds());
            List<Map<String, Object>> scores = new ArrayList<>();
            int total = 0;
            for (Task task : tasks) {
                int[] best = row.best().get(task.getId());
                scores.add(Map.of("task", task.getSlug(), "score", best == null ? 0 : best[0],
                        "submissions", best == null ? 0 : best[1]));
                total += best == null ? 0 : best[0];
            }
            candidate.put("scores", scores);
            candidate.put("total", total);
            return candidate;
        }).toList();
    }

    /** The same table as CSV, for a spreadsheet or a mail merge. */
    @GET
    @Path("/{id}/candidates.csv")
    @Produces("text/csv")
    public Response candidatesCsv(@PathParam("id") String id, @Context HttpServletRequest context) {
        List<Map<String, Object>> rows = candidates(id, context);
        StringWriter out = new StringWriter();
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT)) {
            List<String> header = new ArrayList<>(List.of("email", "link", "status", "started_at", "time_used_seconds"));
            if (!rows.isEmpty()) {
                for (Object score : (List<?>) rows.get(0).get("scores")) {
                    header.add("score_" + ((Map<?, ?>) score).get("task"));
                }
            }
            header.add("total");
            csv.printRecord(header);
            for (Map<String, Object> row : rows) {
                List<Object> record = new ArrayList<>(List.of(row.get("email"), row.get("link"), row.get("status"),
                        String.valueOf(row.get("startedAt") == null ? "" : row.get("startedAt")), row.get("timeUsedSeconds")));
                for (Object score : (List<?>) row.get("scores")) {
                    record.add(((Map<?, ?>) score).get("score"));
                }
                record.add(row.get("total"));
                csv.printRecord(record);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(out.toString()).header("Content-Disposition",
                "attachment; filename=\"assessment-" + id + "-candidates.csv\"").build();
    }

    /** {@code note}: a word from the recruiter to every candidate (optional); {@code language} when theirs is unknown. */
    public record ResultsRequest(String note, String language) {
    }

    /**
     * Releases the results: every candidate who started is mailed their score per task and total (by a mailing
     * read from the replica); refused while candidates are still working. Releasing again mails only those who were
     * not mailed before.
     */
    @POST
    @Path("/{id}/results")
    public Response releaseResults(@PathParam("id") String id, ResultsRequest request,
                                   @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        String language = request == null || request.language() == null ? "en" : request.language();
        if (!MailTexts.LANGUAGES.contains(language)) {
            throw new InvalidRequestException("language " + language + " has no mail texts: use one of "
                    + MailTexts.LANGUAGES);
        }
        AssessmentService.Released released = service.releaseResults(Params.number("assessment id", id),
                caller.accountId(), siteBase(context), language, request == null ? null : request.note());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("releasedAt", released.releasedAt());
        body.put("candidates", released.candidates());
        body.put("mailing", Map.of("id", released.mailingId(), "progress", "/api/v1/assessments/" + id + "/mailings"));
        return Response.accepted(body).build();
    }

    /** The assessment's mass mailings (many invitations at once), newest first: how many queued, sent, failed. */
    @GET
    @Path("/{id}/mailings")
    public List<Map<String, Object>> mailings(@PathParam("id") String id, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        return service.mailings(Params.number("assessment id", id), caller.accountId()).stream()
                .map(AssessmentResource::mailingView).toList();
    }

    static Map<String, Object> mailingView(Mailings.Progress progress) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", progress.id());
        view.put("kind", progress.kind());
        view.put("assessmentId", progress.assessmentId());
        view.put("state", progress.state());
        view.put("recipients", progress.recipients());
        view.put("queued", progress.queued());
        view.put("sent", progress.sent());
        view.put("failed", progress.failed());
        view.put("readFrom", progress.readFrom());
        view.put("createdAt", progress.createdAt());
        view.put("startedAt", progress.startedAt());
        view.put("queuedAt", progress.finishedAt());
        return view;
    }

    /** One candidate's submissions, code included. */
    @GET
    @Path("/{id}/candidates/{candidate}/submissions")
    public List<SubmissionView> candidateSubmissions(@PathParam("id") String id, @PathParam("candidate") String candidate,
                                                     @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        long assessmentId = Params.number("assessment id", id);
        Map<Long, Task> tasks = new LinkedHashMap<>();
        service.tasksOf(service.owned(assessmentId, caller.accountId())).forEach(t -> tasks.put(t.getId(), t));
        return service.candidateSubmissions(assessmentId, caller.accountId(),
                        Params.number("candidate id", candidate)).stream()
                .map(s -> SubmissionView.withSource(s, tasks.get(s.getTaskId()))).toList();
    }

    /**
     * A candidate's proctoring timeline: snapshots (a strip), events and submissions on one time axis, and the
     * summary ("left the tab 4 times, 3 min 10 s in all; 2 large pastes").
     */
    @GET
    @Path("/{id}/candidates/{candidate}/proctoring")
    public Map<String, Object> proctoring(@PathParam("id") String id, @PathParam("candidate") String candidate,
                                          @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        long assessmentId = Params.number("assessment id", id);
        long invitationId = Params.number("candidate id", candidate);
        Assessment assessment = service.owned(assessmentId, caller.accountId());
        Map<Long, Task> tasks = new LinkedHashMap<>();
        service.tasksOf(assessment).forEach(t -> tasks.put(t.getId(), t));
        List<Submission> submissions = service.candidateSubmissions(assessmentId, caller.accountId(), invitationId);
        Map<String, Object> body = ProctoringViews.timeline(proctoringRecords, invitationId,
                "/api/v1/assessments/" + assessmentId + "/candidates/" + invitationId + "/proctoring/snapshots/",
                submissions, tasks);
        body.put("proctoring", proctoringView(assessment));
        body.put("consentedAt", service.consentedAt(invitationId).orElse(null));
        return body;
    }

    @GET
    @Path("/{id}/candidates/{candidate}/proctoring/snapshots/{snapshot}")
    @Produces("image/jpeg")
    public Response snapshot(@PathParam("id") String id, @PathParam("candidate") String candidate,
                             @PathParam("snapshot") String snapshot, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.RECRUITER);
        long assessmentId = Params.number("assessment id", id);
        long invitationId = Params.number("candidate id", candidate);
        // the candidate must be one of this recruiter's assessment's
        service.candidateSubmissions(assessmentId, caller.accountId(), invitationId);
        return ProctoringViews.image(proctoringRecords, proctoringStorage.store(), invitationId,
                Params.number("snapshot id", snapshot));
    }

    private Map<String, Object> view(Assessment assessment) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", assessment.getId());
        body.put("title", assessment.getTitle());
        body.put("durationMinutes", assessment.getDurationMinutes());
        body.put("opensAt", assessment.getOpensAt());
        body.put("closesAt", assessment.getClosesAt());
        body.put("tasks", TaskResource.TaskSummary.of(service.tasksOf(assessment)));
        body.put("proctoring", proctoringView(assessment));
        return body;
    }

    static Map<String, Object> proctoringView(Assessment assessment) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("mode", assessment.getProctoring());
        view.put("snapshotSeconds", assessment.getSnapshotSeconds());
        view.put("retentionDays", assessment.getRetentionDays());
        if (assessment.isProctored()) {
            view.put("recorded", AssessmentService.describe(assessment));
        }
        return view;
    }

    /** The candidate's personal link, on the server the recruiter uses. */
    static String link(HttpServletRequest request, Invitation invitation) {
        return AssessmentService.personalLink(siteBase(request), invitation);
    }

    /** The site as the recruiter reaches it ("http://host:port"): the links in invitations point there. */
    static String siteBase(HttpServletRequest request) {
        String base = request.getRequestURL().toString();
        return base.substring(0, base.indexOf("/api/"));
    }
}
