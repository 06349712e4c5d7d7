package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.task.TaskTest;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.SubmissionService;
import org.codearena.web.application.TaskCatalog;

/**
 * Operator views and actions, all for the ADMIN role only: the views (replica, matchmaker) show runner hosts,
 * queue depths and run ids, which are not everyone's business.
 */
@Path("/v1/admin")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @EJB
    private org.codearena.web.application.ReplicaStatus replica;

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private org.codearena.matchmaker.application.Autoscaling autoscaling;

    @EJB
    private TaskCatalog tasks;

    @EJB
    private org.codearena.web.application.LanguageCatalog languages;

    @EJB
    private org.codearena.web.application.Maintenance maintenance;

    @EJB
    private org.codearena.web.application.RunRepository runs;

    @EJB
    private org.codearena.web.application.Alerts alerts;

    @EJB
    private org.codearena.web.application.RunIntake intake;

    public record MaintenanceRequest(String message) {
    }

    @EJB
    private SubmissionService submissions;

    @EJB
    private org.codearena.web.application.AuditLog audit;

    @EJB
    private org.codearena.web.application.ConsoleHistory history;

    @EJB
    private org.codearena.web.application.jobs.ScheduledJobs scheduled;

    /** The scheduled jobs: schedule, next run, last runs (server, duration, outcome, what they did). */
    @GET
    @Path("/schedule")
    public Map<String, Object> schedule(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return Map.of("jobs", scheduled.view());
    }

    /** Runs a scheduled job now, besides its schedule (what it does is safe to do twice). */
    @POST
    @Path("/schedule/{job}/run")
    public Map<String, Object> runJob(@PathParam("job") String job, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        org.codearena.web.application.jobs.JobResult result = scheduled.run(job);
        audit.record(caller.accountId(), caller.username(), "job-run", job, result.outcome(), context.getRemoteAddr());
        return Map.of("job", job, "outcome", result.outcome(), "detail", result.detail());
    }

    @EJB
    private org.codearena.web.application.jobs.Mailings mailings;

    @EJB
    private org.codearena.web.application.jobs.MailingSettings mailingSettings;

    public record MailingSettingsRequest(String readFrom) {
    }

    /** Mass mailings: where they read their recipients, and the latest ones with their progress. */
    @GET
    @Path("/mailings")
    public Map<String, Object> mailings(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        Map<String, Object> view = new LinkedHashMap<>(mailings.settingsView());
        view.put("mailings", mailings.latest(20).stream().map(AssessmentResource::mailingView).toList());
        return view;
    }

    /** Where mass mailings read their recipients: "replica" (recommended) or "primary" (for a comparison). */
    @PUT
    @Path("/mailings")
    public Map<String, Object> mailingSettings(MailingSettingsRequest request, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        mailingSettings.readFrom(request == null ? null : request.readFrom(), caller.username());
        audit.record(caller.accountId(), caller.username(), "mailings-read-from", request.readFrom(), "",
                context.getRemoteAddr());
        return mailings.settingsView();
    }

    @GET
    @Path("/replica")
    public Map<String, Object> replica(@Context HttpServletRequest context) throws SQLException {
        Caller.of(context).require(Caller.ADMIN);
        return replica.now();
    }

    /** This server's connection pools (database, replica, broker): in use, free, held, and the bound. */
    @GET
    @Path("/pools")
    public List<org.codearena.web.application.ConnectionPools.Pool> pools(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return org.codearena.web.application.ConnectionPools.now();
    }

    public record TestCorrection(String input, String expectedOutput, Integer points) {
    }

    /** Fixes one test of a task (then re-judge the task). */
    @PUT
    @Path("/tasks/{slug}/tests/{ordinal}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> correctTest(@PathParam("slug") String slug, @PathParam("ordinal") String ordinal,
                                           TestCorrection correction, @Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        if (correction == null || correction.points() == null) {
            throw new InvalidRequestException("send {\"input\", \"expectedOutput\", \"points\"}");
        }
        Caller caller = Caller.of(context);
        TaskTest test = tasks.correctTest(slug, (int) Params.number("test ordinal", ordinal),
                correction.input(), correction.expectedOutput(), correction.points());
        audit.record(caller.accountId(), caller.username(), "test-corrected", slug + " test " + test.getOrdinal(),
                "points " + test.getPoints(), context.getRemoteAddr());
        return Map.of("task", slug, "ordinal", test.getOrdinal(), "points", test.getPoints());
    }

    /** Judges every submission of the task again, in the REJUDGE class; scores change as results come in. */
    @POST
    @Path("/tasks/{slug}/rejudge")
    public Response rejudge(@PathParam("slug") String slug, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        int requeued = submissions.rejudge(slug);
        audit.record(caller.accountId(), caller.username(), "task-rejudged", slug, requeued + " submissions",
                context.getRemoteAddr());
        return Response.accepted(Map.of("task", slug, "requeued", requeued)).build();
    }

    @GET
    @Path("/matchmaker")
    public MatchmakerSnapshot matchmaker(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return matchmaker.snapshot();
    }

    /** The last hour of the lanes and runners, sampled every 10 s (the console's charts). */
    @GET
    @Path("/history")
    public List<org.codearena.web.application.ConsoleHistory.Sample> history(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return history.lastHour();
    }

    /** What ADMINs did, newest first; {@code before} pages on. */
    @GET
    @Path("/audit")
    public List<org.codearena.web.application.AuditLog.Entry> audit(@QueryParam("before") String before,
                                                                    @QueryParam("limit") String limit,
                                                                    @Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        int size = limit == null || limit.isBlank() ? 50 : (int) Params.number("limit", limit);
        if (size < 1 || size > 500) {
            throw new InvalidRequestException("limit must be between 1 and 500, not " + size);
        }
        long beforeId = before == null || before.isBlank() ? Long.MAX_VALUE : Params.number("before", before);
        return audit.recent(beforeId, size);
    }

    /** A runner finishes its current job and takes no more ({@code drain}), or is back in service ({@code resume}). */
    @POST
    @Path("/runners/{runnerId}/{action:drain|resume}")
    public Map<String, Object> drain(@PathParam("runnerId") String runnerId, @PathParam("action") String action,
                                     @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        boolean known = matchmaker.snapshot().runners().stream().anyMatch(r -> r.runnerId().equals(runnerId));
        if (!known) {
            throw new org.codearena.web.application.UnknownResourceException("no runner '" + runnerId
                    + "' is registered; the console lists the runners there are");
        }
        boolean draining = "drain".equals(action);
        matchmaker.drain(runnerId, draining, caller.username());
        audit.record(caller.accountId(), caller.username(), draining ? "runner-drained" : "runner-resumed", runnerId,
                null, context.getRemoteAddr());
        return Map.of("runner", runnerId, "draining", draining);
    }

    /** A lane's runs are accepted and wait, none is dispatched ({@code pause}); or it goes on ({@code resume}). */
    @POST
    @Path("/lanes/{runnerType}/{priorityClass}/{action:pause|resume}")
    public Map<String, Object> pause(@PathParam("runnerType") String runnerType,
                                     @PathParam("priorityClass") String priorityClass,
                                     @PathParam("action") String action, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        languages.require(runnerType);
        org.codearena.domain.model.run.PriorityClass lane = priorityClass(priorityClass);
        boolean paused = "pause".equals(action);
        matchmaker.pause(runnerType, lane, paused, caller.username());
        audit.record(caller.accountId(), caller.username(), paused ? "lane-paused" : "lane-resumed",
                runnerType + " " + lane, null, context.getRemoteAddr());
        return Map.of("runnerType", runnerType, "priorityClass", lane.name(), "paused", paused);
    }

    /** Maintenance mode: every page shows the message until it is ended. */
    @PUT
    @Path("/maintenance")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> startMaintenance(MaintenanceRequest request, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        maintenance.start(request == null ? null : request.message(), caller.username());
        audit.record(caller.accountId(), caller.username(), "maintenance-started", "every page",
                request.message(), context.getRemoteAddr());
        return Map.of("maintenance", true);
    }

    @jakarta.ws.rs.DELETE
    @Path("/maintenance")
    public Map<String, Object> endMaintenance(@Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        maintenance.end();
        audit.record(caller.accountId(), caller.username(), "maintenance-ended", "every page", null,
                context.getRemoteAddr());
        return Map.of("maintenance", false);
    }

    /** Waiting and running runs, oldest first; {@code type}, {@code class}, {@code user}, {@code olderThan} (s) narrow. */
    @GET
    @Path("/jobs")
    public List<org.codearena.web.application.RunRepository.Job> jobs(@QueryParam("type") String type,
            @QueryParam("class") String priorityClass, @QueryParam("user") String user,
            @QueryParam("olderThan") String olderThan, @QueryParam("limit") String limit,
            @Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        int size = limit == null || limit.isBlank() ? 100 : (int) Params.number("limit", limit);
        if (size < 1 || size > 1000) {
            throw new InvalidRequestException("limit must be between 1 and 1000, not " + size);
        }
        String language = type == null || type.isBlank() ? null : languages.require(type.strip()).getId();
        org.codearena.domain.model.run.PriorityClass lane = priorityClass == null || priorityClass.isBlank() ? null
                : priorityClass(priorityClass);
        String who = user == null || user.isBlank() ? null
                : org.codearena.domain.model.account.UsernamePolicy.key(user);
        Long seconds = olderThan == null || olderThan.isBlank() ? null : Params.number("olderThan (seconds)", olderThan);
        return runs.jobs(language, lane, who, seconds, size);
    }

    /** Stops a run: it ends with the verdict STOPPED (a running one when its runner has ended it); 409 when finished. */
    @POST
    @Path("/jobs/{runId}/stop")
    public Map<String, Object> stop(@PathParam("runId") String runId, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        long id = Params.number("run id", runId);
        if (!matchmaker.stop(id, caller.username())) {
            throw new org.codearena.web.application.ConflictException("run " + id + " is neither waiting nor running "
                    + "(it is finished, or unknown): there is nothing to stop");
        }
        audit.record(caller.accountId(), caller.username(), "run-stopped", "run " + id, null, context.getRemoteAddr());
        return Map.of("run", id, "verdict", "STOPPED");
    }

    /** The autoscaler: on or off, bounds, targets, runners counted, its latest evaluation and its decisions. */
    @GET
    @Path("/scaling")
    public org.codearena.matchmaker.application.Autoscaling.Status scaling(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return autoscaling.status();
    }

    public record ScalingRequest(Boolean enabled, Integer min, Integer max) {
    }

    /** Turns autoscaling on or off and sets its bounds (for every server). */
    @PUT
    @Path("/scaling")
    @Consumes(MediaType.APPLICATION_JSON)
    public org.codearena.matchmaker.application.Autoscaling.Status configureScaling(ScalingRequest request,
                                                                                    @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        if (request == null || request.enabled() == null || request.min() == null || request.max() == null) {
            throw new InvalidRequestException("send {\"enabled\": true or false, \"min\": runners, \"max\": runners}");
        }
        org.codearena.matchmaker.application.Autoscaling.Settings settings =
                new org.codearena.matchmaker.application.Autoscaling.Settings(request.enabled(), request.min(), request.max());
        try {
            autoscaling.configure(settings, caller.username());
        } catch (org.codearena.matchmaker.application.ScalingRefusedException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        audit.record(caller.accountId(), caller.username(), request.enabled() ? "autoscaling-on" : "autoscaling-off",
                "runners", "min " + request.min() + ", max " + request.max(), context.getRemoteAddr());
        return autoscaling.status();
    }

    /**
     * Stops a runner the platform started (drained first: it finishes its job), or restarts its process (its job,
     * if any, goes back to the front of its line). 409 for a runner started elsewhere.
     */
    @POST
    @Path("/runners/{runnerId}/{action:stop|restart}")
    public Map<String, Object> stopRunner(@PathParam("runnerId") String runnerId, @PathParam("action") String action,
                                          @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        if ("stop".equals(action)) {
            try {
                autoscaling.stopRunner(runnerId, caller.username());
            } catch (org.codearena.matchmaker.application.ScalingRefusedException e) {
                throw new org.codearena.web.application.ConflictException(e.getMessage());
            }
        } else if (!autoscaling.restartRunner(runnerId, caller.username())) {
            throw new org.codearena.web.application.ConflictException(runnerId + " was not started by the platform's "
                    + "runner provider, or does not run: restart it where it runs");
        }
        audit.record(caller.accountId(), caller.username(), "runner-" + ("stop".equals(action) ? "stopped" : "restarted"),
                runnerId, null, context.getRemoteAddr());
        return Map.of("runner", runnerId, "action", action);
    }

    public record MoveRequest(String priorityClass) {
    }

    /** Moves a waiting run to another priority class (409 when it is not waiting). */
    @POST
    @Path("/jobs/{runId}/move")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> move(@PathParam("runId") String runId, MoveRequest request,
                                    @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        long id = Params.number("run id", runId);
        if (request == null || request.priorityClass() == null || request.priorityClass().isBlank()) {
            throw new InvalidRequestException("send {\"priorityClass\": one of "
                    + java.util.Arrays.toString(org.codearena.domain.model.run.PriorityClass.values()) + "}");
        }
        org.codearena.domain.model.run.PriorityClass to = priorityClass(request.priorityClass());
        if (!matchmaker.move(id, to, caller.username())) {
            throw new org.codearena.web.application.ConflictException("run " + id + " is not waiting (it is running, "
                    + "finished, or unknown): only a waiting run can be moved");
        }
        audit.record(caller.accountId(), caller.username(), "run-moved", "run " + id, "to " + to,
                context.getRemoteAddr());
        return Map.of("run", id, "priorityClass", to.name());
    }

    private static org.codearena.domain.model.run.PriorityClass priorityClass(String name) {
        try {
            return org.codearena.domain.model.run.PriorityClass.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("no priority class '" + name + "'; the classes are "
                    + java.util.Arrays.toString(org.codearena.domain.model.run.PriorityClass.values()));
        }
    }

    /** Runs of the last week that ended with SYSTEM_ERROR (out of attempts, or their runner failed), newest first. */
    @GET
    @Path("/dead-letters")
    public List<org.codearena.web.application.RunRepository.DeadLetter> deadLetters(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return runs.deadLetters(200);
    }

    /** Retries a dead letter: the run (or, for a submission, a new run judging it) waits for a runner again. */
    @POST
    @Path("/dead-letters/{runId}/retry")
    public Response retryDeadLetter(@PathParam("runId") String runId, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        long id = Params.number("run id", runId);
        org.codearena.domain.model.run.Run again = runs.retryDeadLetter(id, caller.username());
        intake.enqueue(again);
        audit.record(caller.accountId(), caller.username(), "dead-letter-retried", "run " + id,
                again.getId() == id ? null : "as run " + again.getId(), context.getRemoteAddr());
        return Response.accepted(Map.of("run", id, "retriedAs", again.getId())).build();
    }

    /** Purges one dead letter, or all of them: they leave the list; the runs stay as they ended. */
    @jakarta.ws.rs.DELETE
    @Path("/dead-letters{runId: (/[^/]+)?}")
    public Map<String, Object> purgeDeadLetters(@PathParam("runId") String runId, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        Long id = runId == null || runId.isEmpty() ? null : Params.number("run id", runId.substring(1));
        int purged = runs.purgeDeadLetters(id, caller.username());
        audit.record(caller.accountId(), caller.username(), "dead-letters-purged", id == null ? "every dead letter"
                : "run " + id, purged + " purged", context.getRemoteAddr());
        return Map.of("purged", purged);
    }

    /** Where operators find the tools beside the console: the broker's own web console, when it runs. */
    @GET
    @Path("/links")
    public Map<String, Object> links(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("brokerConsole", org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("codearena.broker.console.url", String.class).filter(url -> !url.isBlank()).orElse(null));
        return links;
    }

    /** Alerts firing now and the last resolved ones (rules on the matchmaker's numbers, checked every 5 s). */
    @GET
    @Path("/alerts")
    public Map<String, List<org.codearena.web.application.Alerts.Alert>> alerts(@Context HttpServletRequest context) {
        Caller.of(context).require(Caller.ADMIN);
        return alerts.current();
    }
}
