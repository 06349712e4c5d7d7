package org.codearena.web.interfaces.rest;

import jakarta.annotation.Resource;
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
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.codearena.domain.model.task.TaskTest;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.SubmissionService;
import org.codearena.web.application.TaskCatalog;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;

/**
 * Operator views and actions, all for the ADMIN role only: the views (replica, matchmaker) show runner hosts,
 * queue depths and run ids, which are not everyone's business.
 */
@Path("/v1/admin")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** Read on the replica itself: how far its replay is behind what it has received, and since when. */
    private static final String REPLICA_LAG = "select pg_is_in_recovery(), "
            + "case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0 "
            + "else extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 end, "
            + "pg_last_xact_replay_timestamp()";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replica;

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

    public record MaintenanceRequest(String message) {
    }

    @EJB
    private SubmissionService submissions;

    @EJB
    private org.codearena.web.application.AuditLog audit;

    @EJB
    private org.codearena.web.application.ConsoleHistory history;

    @GET
    @Path("/replica")
    public Map<String, Object> replica(@Context HttpServletRequest context) throws SQLException {
        Caller.of(context).require(Caller.ADMIN);
        try (Connection connection = replica.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(REPLICA_LAG)) {
            row.next();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reachable", true);
            view.put("inRecovery", row.getBoolean(1));
            view.put("lagMillis", Math.round(row.getDouble(2)));
            view.put("lastReplayedAt", String.valueOf(row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant()));
            return view;
        } catch (SQLException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            // nothing on the request path reads the replica: the platform goes on without it
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reachable", false);
            view.put("error", "the read replica cannot be reached; runs, submissions and contests go on without "
                    + "it. Start the replica again, or see its log");
            return view;
        }
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
        org.codearena.domain.model.run.PriorityClass lane;
        try {
            lane = org.codearena.domain.model.run.PriorityClass.valueOf(priorityClass.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("no priority class '" + priorityClass + "'; the classes are "
                    + java.util.Arrays.toString(org.codearena.domain.model.run.PriorityClass.values()));
        }
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
        org.codearena.domain.model.run.PriorityClass lane = null;
        if (priorityClass != null && !priorityClass.isBlank()) {
            try {
                lane = org.codearena.domain.model.run.PriorityClass.valueOf(priorityClass.strip().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("no priority class '" + priorityClass + "'; the classes are "
                        + java.util.Arrays.toString(org.codearena.domain.model.run.PriorityClass.values()));
            }
        }
        String who = user == null || user.isBlank() ? null
                : org.codearena.domain.model.account.UsernamePolicy.key(user);
        Long seconds = olderThan == null || olderThan.isBlank() ? null : Params.number("olderThan (seconds)", olderThan);
        return runs.jobs(language, lane, who, seconds, size);
    }

    /** Stops a waiting run: it ends with the verdict STOPPED (a running one cannot be stopped yet: 409). */
    @POST
    @Path("/jobs/{runId}/stop")
    public Map<String, Object> stop(@PathParam("runId") String runId, @Context HttpServletRequest context) {
        Caller caller = Caller.of(context).require(Caller.ADMIN);
        long id = Params.number("run id", runId);
        if (!matchmaker.stop(id, caller.username())) {
            throw new org.codearena.web.application.ConflictException("run " + id + " is not waiting (it is running, "
                    + "finished, or unknown): only a waiting run can be stopped");
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
