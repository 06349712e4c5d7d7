package org.codearena.matchmaker.domain.model;

import java.time.Instant;
import org.codearena.domain.model.run.PriorityClass;

/**
 * What the matchmaker knows of a waiting run: well under 1 KB, never the payload.
 *
 * @param sizeBytes source plus stdin, for operators and later for scheduling decisions
 */
public record Ticket(long runId, String runnerType, PriorityClass priorityClass, Instant acceptedAt, long sizeBytes) {

    /** The ticket of a stored run (its id known). */
    public static Ticket of(org.codearena.domain.model.run.Run run) {
        return of(run.getId(), run.getLanguageId(), run.getPriorityClass(), run.getAcceptedAt(), run.getSource(),
                run.getStdin());
    }

    /** The ticket of a run about to be stored under an id it already has. */
    public static Ticket of(long runId, String runnerType, PriorityClass priorityClass, Instant acceptedAt,
                            String source, String stdin) {
        long size = (long) source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + stdin.length();
        return new Ticket(runId, runnerType, priorityClass, acceptedAt, size);
    }
}
