package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
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
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.SubmissionService;
import org.codearena.web.application.TaskCatalog;

/** Solutions to tasks: submit one (judged on every test, asynchronously), read one, list one's own. */
@Path("/v1/submissions")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class SubmissionResource {

    public record SubmissionRequest(String task, String language, String source) {
    }

    private static final int MAX_PAGE = 100;

    @EJB
    private SubmissionService service;

    @EJB
    private TaskCatalog tasks;

    /** Practice: any public task (one's own draft or private task; any task for an ADMIN), any time, in the PRACTICE class. */
    @POST
    public Response submit(SubmissionRequest request, @Context HttpServletRequest context) {
        if (request == null) {
            throw new InvalidRequestException("send {\"task\", \"language\", \"source\"}");
        }
        Caller caller = Caller.of(context);
        Submission submission = service.practise(caller.accountId(), caller.roles().contains(Caller.ADMIN),
                request.task(), request.language(), request.source());
        return Response.accepted(Map.of("id", submission.getId(), "status", submission.getStatus().name()))
                .location(URI.create("/api/v1/submissions/" + submission.getId())).build();
    }

    @GET
    @Path("/{id}")
    public SubmissionView get(@PathParam("id") String id, @Context HttpServletRequest context) {
        return SubmissionView.of(service.detail(Params.number("submission id", id), Caller.of(context).accountId()));
    }

    /** One's own submissions, newest first; {@code task} narrows to one task, {@code before} pages on. */
    @GET
    public List<SubmissionView> history(@QueryParam("task") String task, @QueryParam("before") String before,
                                        @QueryParam("limit") String limit, @Context HttpServletRequest context) {
        int size = limit == null || limit.isBlank() ? 20 : (int) Params.number("limit", limit);
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidRequestException("limit must be between 1 and " + MAX_PAGE + ", not " + size);
        }
        Long beforeId = before == null || before.isBlank() ? null : Params.number("before", before);
        Map<Long, Task> byId = new HashMap<>();
        Caller caller = Caller.of(context);
        return service.history(caller.accountId(), caller.roles().contains(Caller.ADMIN), task, beforeId, size).stream()
                .map(s -> SubmissionView.summary(s, byId.computeIfAbsent(s.getTaskId(), tasks::task))).toList();
    }
}
