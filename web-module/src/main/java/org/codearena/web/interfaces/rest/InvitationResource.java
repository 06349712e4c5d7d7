package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.assessment.Invitation;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.AssessmentService;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.proctoring.ProctoringRecords;
import org.codearena.web.application.proctoring.ProctoringStorage;
import org.codearena.web.application.proctoring.ProctoringUploads;

/**
 * The candidate's side of an assessment, behind their personal link's token: see it, Start it (the server
 * keeps the timer), submit until the time is up, finish early.
 */
@Path("/v1/invitations/{token}")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InvitationResource {

    @jakarta.ejb.EJB
    private org.codearena.web.application.TaskCatalog tasks;

    @EJB
    private AssessmentService service;

    @jakarta.inject.Inject
    private ProctoringUploads uploads;

    @jakarta.inject.Inject
    private ProctoringStorage storage;

    @EJB
    private ProctoringRecords records;

    @GET
    public Map<String, Object> view(@PathParam("token") String token, @Context HttpServletRequest context) {
        return view(service.view(token, Caller.of(context).accountId()));
    }

    @POST
    @Path("/start")
    public Map<String, Object> start(@PathParam("token") String token, @Context HttpServletRequest context) {
        return view(service.start(token, Caller.of(context).accountId()));
    }

    @POST
    @Path("/finish")
    public Map<String, Object> finish(@PathParam("token") String token, @Context HttpServletRequest context) {
        return view(service.finish(token, Caller.of(context).accountId()));
    }

    public record DraftRequest(String language, String source) {
    }

    /** The candidate's code of a task in a language, kept on the server while their time runs. */
    @PUT
    @Path("/drafts/{task}")
    public Map<String, Object> saveDraft(@PathParam("token") String token, @PathParam("task") String task,
                                         DraftRequest request, @Context HttpServletRequest context) {
        if (request == null) {
            throw new InvalidRequestException("send {\"language\", \"source\"}");
        }
        java.time.Instant at = service.saveDraft(token, Caller.of(context).accountId(), task, request.language(),
                request.source());
        return Map.of("task", task, "language", request.language().strip(), "updatedAt", at);
    }

    /** Every draft of the candidate's: [{task, language, source, updatedAt}]. */
    @GET
    @Path("/drafts")
    public List<Map<String, Object>> drafts(@PathParam("token") String token, @Context HttpServletRequest context) {
        AssessmentService.CandidateView candidate = service.view(token, Caller.of(context).accountId());
        Map<Long, String> slugs = new LinkedHashMap<>();
        candidate.tasks().forEach(t -> slugs.put(t.getId(), t.getSlug()));
        return service.drafts(token, Caller.of(context).accountId()).stream()
                .filter(d -> slugs.containsKey(d.taskId()))
                .map(d -> Map.<String, Object>of("task", slugs.get(d.taskId()), "language", d.languageId(),
                        "source", d.source(), "updatedAt", d.updatedAt()))
                .toList();
    }

    /** One of the assessment's tasks (its statement and examples), for the candidate once started. */
    @GET
    @Path("/tasks/{slug}")
    public Map<String, Object> task(@PathParam("token") String token, @PathParam("slug") String slug,
                                    @Context HttpServletRequest context) {
        return TaskResource.body(tasks.detail(service.task(token, Caller.of(context).accountId(), slug)));
    }

    /** A solution to one of the assessment's tasks, judged in the ASSESSMENT class. */
    @POST
    @Path("/submissions")
    public Response submit(@PathParam("token") String token, SubmissionResource.SubmissionRequest request,
                           @Context HttpServletRequest context) {
        if (request == null) {
            throw new InvalidRequestException("send {\"task\", \"language\", \"source\"}");
        }
        Submission submission = service.submit(token, Caller.of(context).accountId(), request.task(),
                request.language(), request.source());
        return Response.accepted(Map.of("id", submission.getId(), "status", submission.getStatus().name()))
                .location(URI.create("/api/v1/submissions/" + submission.getId())).build();
    }

    /** The candidate's own submissions, with their code (the page knows what was handed in already). */
    @GET
    @Path("/submissions")
    public List<SubmissionView> submissions(@PathParam("token") String token, @Context HttpServletRequest context) {
        AssessmentService.CandidateView candidate = service.view(token, Caller.of(context).accountId());
        Map<Long, Task> tasks = new LinkedHashMap<>();
        candidate.tasks().forEach(t -> tasks.put(t.getId(), t));
        return service.mySubmissions(token, Caller.of(context).accountId()).stream()
                .map(s -> SubmissionView.withSource(s, tasks.get(s.getTaskId()))).toList();
    }

    /** The candidate agrees to the assessment's proctoring (before Start; once). */
    @POST
    @Path("/proctoring/consent")
    public Map<String, Object> consent(@PathParam("token") String token, @Context HttpServletRequest context) {
        return Map.of("consentedAt", service.consent(token, Caller.of(context).accountId()));
    }

    /** The candidate's own proctoring data: what was recorded of them (a data request needs no one's help). */
    @GET
    @Path("/proctoring")
    public Response myProctoring(@PathParam("token") String token, @Context HttpServletRequest context) {
        AssessmentService.CandidateView candidate = service.view(token, Caller.of(context).accountId());
        Map<Long, Task> byId = new LinkedHashMap<>();
        candidate.tasks().forEach(t -> byId.put(t.getId(), t));
        Map<String, Object> body = ProctoringViews.timeline(records, candidate.invitation().getId(),
                "/api/v1/invitations/" + token + "/proctoring/snapshots/",
                service.mySubmissions(token, Caller.of(context).accountId()), byId);
        body.put("proctoring", AssessmentResource.proctoringView(candidate.assessment()));
        body.put("consentedAt", candidate.consentedAt());
        return Response.ok(body).build();
    }

    @GET
    @Path("/proctoring/snapshots/{id}")
    @Produces("image/jpeg")
    public Response mySnapshot(@PathParam("token") String token, @PathParam("id") String id,
                               @Context HttpServletRequest context) {
        AssessmentService.CandidateView candidate = service.view(token, Caller.of(context).accountId());
        return ProctoringViews.image(records, storage.store(), candidate.invitation().getId(),
                Params.number("snapshot id", id));
    }

    private Map<String, Object> view(AssessmentService.CandidateView candidate) {
        Invitation invitation = candidate.invitation();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", candidate.assessment().getTitle());
        // its chat room (assessment:ID): questions to the recruiter during the test
        body.put("assessmentId", candidate.assessment().getId());
        body.put("durationMinutes", candidate.assessment().getDurationMinutes());
        body.put("opensAt", candidate.assessment().getOpensAt());
        body.put("closesAt", candidate.assessment().getClosesAt());
        body.put("state", invitation.stateAt(candidate.now()).name());
        body.put("startedAt", invitation.getStartedAt());
        body.put("endsAt", invitation.getEndsAt());
        body.put("finishedAt", invitation.getFinishedAt());
        // the page counts down from the server's clock, not the candidate's
        body.put("serverTime", candidate.now());
        body.put("tasks", TaskResource.TaskSummary.of(candidate.tasks()));
        Map<String, Object> proctoring = AssessmentResource.proctoringView(candidate.assessment());
        proctoring.put("consentedAt", candidate.consentedAt());
        if (candidate.assessment().isProctored() && invitation.getStartedAt() != null) {
            // what the page sends its uploads with (X-Proctoring-Key): signed, checked without the database
            proctoring.put("uploadKey", uploads.uploadKey(new ProctoringRecords.Started(invitation.getId(),
                    invitation.getAssessmentId(), invitation.getAccountId(), candidate.assessment().getProctoring(),
                    invitation.getStartedAt(), invitation.getEndsAt())));
        }
        body.put("proctoring", proctoring);
        return body;
    }
}
