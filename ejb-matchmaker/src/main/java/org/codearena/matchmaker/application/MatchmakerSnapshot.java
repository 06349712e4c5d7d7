package org.codearena.matchmaker.application;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What operators see of the matchmaker: queue depth per runner type and each runner's state. */
public record MatchmakerSnapshot(Map<String, Integer> queueDepths, List<RunnerView> runners) {

    public record RunnerView(String runnerId, List<String> runnerTypes, String host, String state,
                             Long currentRunId, Instant lastHeartbeat, long jobsDone) {
    }
}
