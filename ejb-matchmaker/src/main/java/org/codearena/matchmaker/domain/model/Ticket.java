package org.codearena.matchmaker.domain.model;

import java.time.Instant;
import org.codearena.domain.model.run.PriorityClass;

/**
 * What the matchmaker knows of a waiting run: well under 1 KB, never the payload.
 *
 * @param sizeBytes source plus stdin, for operators and later for scheduling decisions
 */
public record Ticket(long runId, String runnerType, PriorityClass priorityClass, Instant acceptedAt, long sizeBytes) {
}
