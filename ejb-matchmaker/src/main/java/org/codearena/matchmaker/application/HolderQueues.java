package org.codearena.matchmaker.application;

import java.time.Instant;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;

/**
 * The lease holder's queue depths and bounds per class, as it last published them: the other servers refuse
 * work by these when a class is full (backpressure without asking the holder).
 */
public record HolderQueues(long epoch, Map<PriorityClass, Long> queued, Map<PriorityClass, Long> bounds, Instant at) {

    /** Whether the class had room at the holder's last count. */
    public boolean admits(PriorityClass priorityClass) {
        return queued.getOrDefault(priorityClass, 0L) < bounds.getOrDefault(priorityClass, Long.MAX_VALUE);
    }
}
