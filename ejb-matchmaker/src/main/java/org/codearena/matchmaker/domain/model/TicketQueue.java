package org.codearena.matchmaker.domain.model;

import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * Waiting tickets: one FIFO line per runner type and priority class. A free runner takes, among the lines
 * of the types it serves, the head with the earliest deadline (see {@link SchedulingPolicy}). A poll looks
 * at (types served x classes) heads only, whatever the number of waiting tickets.
 * Not thread-safe: the matchmaker guards it.
 */
public final class TicketQueue {

    private static final PriorityClass[] CLASSES = PriorityClass.values();

    private final SchedulingPolicy policy;
    /** per runner type, one line per priority class (indexed by the class's ordinal; null until first used) */
    private final Map<String, Deque<Ticket>[]> lines = new HashMap<>();
    private final int[] queuedByClass = new int[CLASSES.length];
    /** the run ids waiting here: a primitive set, as every submitted ticket is checked against it */
    private final LongOpenHashSet queuedRunIds = new LongOpenHashSet();
    /** lines an operator paused ("type|CLASS"): their tickets wait, none is handed out */
    private Set<String> paused = Set.of();

    public TicketQueue(SchedulingPolicy policy) {
        this.policy = policy;
    }

    @SuppressWarnings("unchecked")
    private Deque<Ticket> line(Ticket ticket) {
        Deque<Ticket>[] byClass = lines.computeIfAbsent(ticket.runnerType(), type -> new Deque[CLASSES.length]);
        int index = ticket.priorityClass().ordinal();
        Deque<Ticket> line = byClass[index];
        if (line == null) {
            line = new ArrayDeque<>();
            byClass[index] = line;
        }
        return line;
    }

    /** Adds a ticket at the back of its line; a ticket already waiting is not added twice. */
    public void add(Ticket ticket) {
        if (queuedRunIds.add(ticket.runId())) {
            line(ticket).addLast(ticket);
            queuedByClass[ticket.priorityClass().ordinal()]++;
        }
    }

    /** A ticket whose runner failed goes back to the head of its line, keeping its original age. */
    public void requeueAtFront(Ticket ticket) {
        if (queuedRunIds.add(ticket.runId())) {
            line(ticket).addFirst(ticket);
            queuedByClass[ticket.priorityClass().ordinal()]++;
        }
    }

    /** The waiting ticket with the earliest deadline among the types the runner serves. */
    public Optional<Ticket> pollFor(Runner runner) {
        return pollFor(runner, Set.of());
    }

    /** As {@link #pollFor(Runner)}, leaving aside the given types. */
    public Optional<Ticket> pollFor(Runner runner, Set<String> excludedTypes) {
        Deque<Ticket> best = null;
        long bestDeadline = Long.MAX_VALUE;
        for (String type : runner.runnerTypes()) {
            if (!excludedTypes.isEmpty() && excludedTypes.contains(type)) {
                continue;
            }
            Deque<Ticket>[] byClass = lines.get(type);
            if (byClass == null) {
                continue;
            }
            for (int index = 0; index < byClass.length; index++) {
                Deque<Ticket> line = byClass[index];
                Ticket head = line == null ? null : line.peekFirst();
                if (head == null || !paused.isEmpty() && paused.contains(lineKey(type, CLASSES[index]))) {
                    continue;
                }
                // exact to the nanosecond, as comparing the deadlines' instants would be, without building them
                long deadline = policy.deadlineNanos(head);
                if (best == null || deadline < bestDeadline) {
                    best = line;
                    bestDeadline = deadline;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Ticket ticket = best.pollFirst();
        queuedRunIds.remove(ticket.runId());
        queuedByClass[ticket.priorityClass().ordinal()]--;
        return Optional.of(ticket);
    }

    public static String lineKey(String runnerType, PriorityClass priorityClass) {
        return runnerType + "|" + priorityClass.name();
    }

    public void pause(Set<String> lineKeys) {
        paused = Set.copyOf(lineKeys);
    }

    public boolean isPaused(String runnerType, PriorityClass priorityClass) {
        return !paused.isEmpty() && paused.contains(lineKey(runnerType, priorityClass));
    }

    public Set<String> paused() {
        return paused;
    }

    /** Takes a waiting ticket out (an operator stopped its run); false when it is not waiting here. */
    public boolean remove(long runId) {
        if (!queuedRunIds.contains(runId)) {
            return false;
        }
        for (Deque<Ticket>[] byClass : lines.values()) {
            for (int index = 0; index < byClass.length; index++) {
                if (byClass[index] != null && byClass[index].removeIf(ticket -> ticket.runId() == runId)) {
                    queuedRunIds.remove(runId);
                    queuedByClass[index]--;
                    return true;
                }
            }
        }
        return false;
    }

    public boolean contains(long runId) {
        return queuedRunIds.contains(runId);
    }

    public int queued(PriorityClass priorityClass) {
        return queuedByClass[priorityClass.ordinal()];
    }

    public int depth(String runnerType) {
        Deque<Ticket>[] byClass = lines.get(runnerType);
        int depth = 0;
        if (byClass != null) {
            for (Deque<Ticket> line : byClass) {
                depth += line == null ? 0 : line.size();
            }
        }
        return depth;
    }

    /** Per runner type and class: how many wait, and since when the oldest. */
    public Map<String, Map<PriorityClass, LineView>> lines() {
        Map<String, Map<PriorityClass, LineView>> view = new HashMap<>();
        lines.forEach((type, byClass) -> {
            for (int index = 0; index < byClass.length; index++) {
                Deque<Ticket> line = byClass[index];
                if (line != null && !line.isEmpty()) {
                    // the head is the oldest: lines are FIFO, and a requeued ticket keeps its (older) age
                    Instant oldest = line.peekFirst().acceptedAt();
                    view.computeIfAbsent(type, t -> new EnumMap<>(PriorityClass.class))
                            .put(CLASSES[index], new LineView(line.size(), oldest));
                }
            }
        });
        return view;
    }

    /** One line's state for operators. */
    public record LineView(int depth, Instant oldestAcceptedAt) {
    }
}
