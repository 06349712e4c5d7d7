package org.codearena.matchmaker.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;

/**
 * Earliest deadline first: a ticket's deadline is its accepted-at time plus its class's target wait.
 * Higher classes have shorter targets, so they go first; but a lower-class ticket's deadline eventually
 * comes before those of higher-class tickets that arrive later, so no ticket waits much longer than its
 * class's target however busy the higher classes are (aging). Equal classes keep arrival order (FIFO).
 *
 * @param maxQueued per class, how many tickets may wait before new ones are refused (backpressure)
 * @param typeShare the largest share of the shared agents serving a slow runner type that the type may
 *                  hold at once (head-of-line protection); 1 turns the protection off
 * @param slowTypeMillis a runner type whose recent runs take longer than this is slow
 */
public record SchedulingPolicy(Map<PriorityClass, Duration> targetWait, Map<PriorityClass, Integer> maxQueued,
                               double typeShare, long slowTypeMillis) {

    public SchedulingPolicy {
        if (typeShare <= 0 || typeShare > 1) {
            throw new IllegalArgumentException("the share of agents a runner type may hold must be in (0, 1], not "
                    + typeShare);
        }
        targetWait = new EnumMap<>(targetWait);
        maxQueued = new EnumMap<>(maxQueued);
        for (PriorityClass priorityClass : PriorityClass.values()) {
            if (!targetWait.containsKey(priorityClass) || !maxQueued.containsKey(priorityClass)) {
                throw new IllegalArgumentException("no target wait or queue bound for class " + priorityClass);
            }
        }
    }

    /** The defaults: interactive 2 s, assessment 10 s, contest 30 s, practice 60 s, re-judge 10 min. */
    public static SchedulingPolicy defaults() {
        Map<PriorityClass, Duration> targets = new EnumMap<>(PriorityClass.class);
        targets.put(PriorityClass.INTERACTIVE, Duration.ofSeconds(2));
        targets.put(PriorityClass.ASSESSMENT, Duration.ofSeconds(10));
        targets.put(PriorityClass.CONTEST, Duration.ofSeconds(30));
        targets.put(PriorityClass.PRACTICE, Duration.ofSeconds(60));
        targets.put(PriorityClass.REJUDGE, Duration.ofMinutes(10));
        Map<PriorityClass, Integer> bounds = new EnumMap<>(PriorityClass.class);
        for (PriorityClass priorityClass : PriorityClass.values()) {
            bounds.put(priorityClass, 50_000);
        }
        return new SchedulingPolicy(targets, bounds, 0.5, 1000);
    }

    public Instant deadline(Ticket ticket) {
        return ticket.acceptedAt().plus(targetWait.get(ticket.priorityClass()));
    }

    /**
     * The same deadline in nanoseconds since the epoch (exact until the year 2262), built without an object: the
     * matchmaker compares one per line head on every decision.
     */
    public long deadlineNanos(Ticket ticket) {
        Instant accepted = ticket.acceptedAt();
        return accepted.getEpochSecond() * 1_000_000_000L + accepted.getNano()
                + targetWait.get(ticket.priorityClass()).toNanos();
    }

    public int maxQueued(PriorityClass priorityClass) {
        return maxQueued.get(priorityClass);
    }
}
