package org.codearena.matchmaker.application;

import java.time.Instant;
import java.util.List;
import org.codearena.matchmaker.domain.model.LineStatistics;
import org.codearena.matchmaker.domain.model.RecentLoad;

/**
 * What operators see of the matchmaker: this server, its lease epoch (0 when another server holds the
 * matchmaker), each waiting line (runner type and class; paused by an operator or not) and each runner (IDLE,
 * BUSY, DRAINING with a job, DRAINED without), and each runner type's last minute (arrivals, service time, recent
 * percentiles: what the autoscaler and the alerts act on).
 */
public record MatchmakerSnapshot(String serverId, long leaseEpoch, List<LineView> queues, List<RunnerView> runners,
                                 List<RecentLoad.Load> recentLoads) {

    /**
     * One line: waiting now, and since the server started the wait (accepted to dispatched) and round
     * trip (accepted to result) percentiles in milliseconds; null where nothing was recorded yet.
     */
    public record LineView(String runnerType, String priorityClass, int depth, long oldestWaitMillis,
                           LineStatistics.Percentiles waitMillis, LineStatistics.Percentiles roundTripMillis,
                           boolean paused) {
    }

    /** @param ownQueue tickets waiting in this runner's own queue (per-runner-queue mode only) */
    public record RunnerView(String runnerId, List<String> runnerTypes, String host, String state,
                             Long currentRunId, Instant lastHeartbeat, long jobsDone, long jobsFailed, int ownQueue) {
    }
}
