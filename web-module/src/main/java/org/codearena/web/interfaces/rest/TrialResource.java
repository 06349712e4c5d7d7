package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.TrialService;
import org.codearena.web.application.TrialService.Trial;

/**
 * Trying a task before signing up (no sign-in): the program runs on the task's first example; the answer is a
 * token to read the result with. Rate-limited per address ({@code codearena.ratelimit.trial.per.minute}).
 */
@Path("/v1/trials")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class TrialResource {

    public record TrialRequest(String task, String language, String source) {
    }

    /** A try as the visitor's page shows it: the run's outcome beside the example's expected output. */
    public record TrialView(String token, String task, String language, String status, String verdict,
                            Boolean passed, String input, String expectedOutput, String stdout, String stderr,
                            Long timeMillis, Long memoryKb) {

        static TrialView of(String token, Trial trial) {
            var run = trial.run();
            return new TrialView(token, trial.task().getSlug(), run.getLanguageId(), run.getStatus().name(),
                    run.getVerdict() == null ? null : run.getVerdict().name(), trial.passed(),
                    trial.example().getInput(), trial.example().getExpectedOutput(), run.getStdout(),
                    run.getStderr(), run.getTimeMillis(), run.getMemoryKb());
        }
    }

    @EJB
    private TrialService trials;

    @POST
    @RateLimited(value = "trial", shared = true)
    public Response start(TrialRequest request) {
        if (request == null) {
            throw new InvalidRequestException("send {\"task\", \"language\", \"source\"}");
        }
        UUID token = trials.start(request.task(), request.language(), request.source());
        return Response.accepted(Map.of("token", token.toString(), "status", "QUEUED"))
                .location(URI.create("/api/v1/trials/" + token)).build();
    }

    @GET
    @Path("/{token}")
    public TrialView get(@PathParam("token") String token) {
        UUID id;
        try {
            id = UUID.fromString(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'" + token + "' is not a try's token; run the example again");
        }
        return TrialView.of(id.toString(), trials.find(id));
    }
}
