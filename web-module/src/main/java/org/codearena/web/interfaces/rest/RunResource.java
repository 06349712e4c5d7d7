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
import java.net.URI;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.RunIntake;
import org.codearena.web.application.RunRepository;

@Path("/v1/runs")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    public record RunRequest(String language, String source, String stdin, String priority) {
    }

    /** Classes a client may ask for; assessment, contest and re-judge runs are made by the platform itself. */
    private static final Set<PriorityClass> CLIENT_CLASSES = EnumSet.of(PriorityClass.INTERACTIVE, PriorityClass.PRACTICE);

    @EJB
    private RunIntake intake;

    @EJB
    private RunRepository runs;

    @POST
    public Response submit(RunRequest request, @Context HttpServletRequest context) {
        if (request == null) {
            throw new InvalidRequestException("send {\"language\", \"source\", \"stdin\"}");
        }
        Run run = intake.accept(caller(context).accountId(), request.language(), priorityOf(request),
                request.source(), request.stdin());
        return Response.accepted(Map.of("id", run.getId(), "status", run.getStatus().name()))
                .location(URI.create("/api/v1/runs/" + run.getId())).build();
    }

    @GET
    @Path("/{id}")
    public RunView get(@PathParam("id") String id, @Context HttpServletRequest context) {
        long runId;
        try {
            runId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("run id must be a number, not '" + id + "'");
        }
        return RunView.of(runs.ownedBy(runId, caller(context).accountId()));
    }

    private static PriorityClass priorityOf(RunRequest request) {
        if (request.priority() == null || request.priority().isBlank()) {
            return PriorityClass.INTERACTIVE;
        }
        try {
            PriorityClass priorityClass = PriorityClass.valueOf(request.priority().strip().toUpperCase(Locale.ROOT));
            if (CLIENT_CLASSES.contains(priorityClass)) {
                return priorityClass;
            }
            throw new InvalidRequestException("priority " + priorityClass + " is given by the platform to "
                    + "assessment, contest and re-judge submissions; a run may ask for INTERACTIVE or PRACTICE");
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("unknown priority '" + request.priority()
                    + "'; a run may ask for INTERACTIVE (the default) or PRACTICE");
        }
    }

    private static Caller caller(HttpServletRequest context) {
        return Caller.of(context);
    }
}
