package org.codearena.matchmaker.application;

import java.time.Instant;
import java.util.List;

/** What operators see of the matchmaker: each waiting line (runner type and class) and each runner. */
public record MatchmakerSnapshot(List<LineView> queues, List<RunnerView> runners) {

    public record LineView(String runnerType, String priorityClass, int depth, long oldestWaitMillis) {
    }

    public record RunnerView(String runnerId, List<String> runnerTypes, String host, String state,
                             Long currentRunId, Instant lastHeartbeat, long jobsDone, long jobsFailed) {
    }
}
