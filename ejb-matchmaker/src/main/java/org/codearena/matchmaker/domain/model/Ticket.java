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
        long size = (long) run.getSource().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + run.getStdin().length();
        return new Ticket(run.getId(), run.getLanguageId(), run.getPriorityClass(), run.getAcceptedAt(), size);
    }
}
