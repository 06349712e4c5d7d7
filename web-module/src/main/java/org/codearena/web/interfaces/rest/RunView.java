package org.codearena.web.interfaces.rest;

import java.time.Instant;
import org.codearena.domain.model.run.Run;

/**
 * A run as the API shows it to its owner. The three instants (server clock) let clients tell queue wait
 * (acceptedAt to startedAt, the last dispatch) from execution.
 */
public record RunView(long id, String language, String status, String verdict, String stdout, String stderr,
                      Integer exitCode, Long timeMillis, Long memoryKb,
                      Instant acceptedAt, Instant startedAt, Instant finishedAt) {

    public static RunView of(Run run) {
        return new RunView(run.getId(), run.getLanguageId(), run.getStatus().name(),
                run.getVerdict() == null ? null : run.getVerdict().name(),
                run.getStdout(), run.getStderr(), run.getExitCode(), run.getTimeMillis(), run.getMemoryKb(),
                run.getAcceptedAt(), run.getStartedAt(), run.getFinishedAt());
    }
}
