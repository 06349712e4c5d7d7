package org.codearena.matchmaker.domain.model;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
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

    private final SchedulingPolicy policy;
    private final Map<String, EnumMap<PriorityClass, Deque<Ticket>>> lines = new HashMap<>();
    private final EnumMap<PriorityClass, Integer> queuedByClass = new EnumMap<>(PriorityClass.class);
    private final Set<Long> queuedRunIds = new HashSet<>();
    /** lines an operator paused ("type|CLASS"): their tickets wait, none is handed out */
    private Set<String> paused = Set.of();

    public TicketQueue(SchedulingPolicy policy) {
        this.policy = policy;
    }

    private Deque<Ticket> line(Ticket ticket) {
        return lines.computeIfAbsent(ticket.runnerType(), type -> new EnumMap<>(PriorityClass.class))
                .computeIfAbsent(ticket.priorityClass(), priorityClass -> new ArrayDeque<>());
    }

    /** Adds a ticket at the back of its line; a ticket already waiting is not added twice. */
    public void add(Ticket ticket) {
        if (queuedRunIds.add(ticket.runId())) {
            line(ticket).addLast(ticket);
            queuedByClass.merge(ticket.priorityClass(), 1, Integer::sum);
        }
    }

    /** A ticket whose runner failed goes back to the head of its line, keeping its original age. */
    public void requeueAtFront(Ticket ticket) {
        if (queuedRunIds.add(ticket.runId())) {
            line(ticket).addFirst(ticket);
            queuedByClass.merge(ticket.priorityClass(), 1, Integer::sum);
        }
    }

    /** The waiting ticket with the earliest deadline among the types the runner serves. */
    public Optional<Ticket> pollFor(Runner runner) {
        return pollFor(runner, Set.of());
    }

    /** As {@link #pollFor(Runner)}, leaving aside the given types. */
    public Optional<Ticket> pollFor(Runner runner, Set<String> excludedTypes) {
        Deque<Ticket> best = null;
        Instant bestDeadline = null;
        for (String type : runner.runnerTypes()) {
            if (excludedTypes.contains(type)) {
                continue;
            }
            EnumMap<PriorityClass, Deque<Ticket>> byClass = lines.get(type);
            if (byClass == null) {
                continue;
            }
            for (Map.Entry<PriorityClass, Deque<Ticket>> entry : byClass.entrySet()) {
                if (!paused.isEmpty() && paused.contains(lineKey(type, entry.getKey()))) {
                    continue;
                }
                Deque<Ticket> line = entry.getValue();
                Ticket head = line.peekFirst();
                if (head != null) {
                    Instant deadline = policy.deadline(head);
                    if (bestDeadline == null || deadline.isBefore(bestDeadline)) {
                        best = line;
                        bestDeadline = deadline;
                    }
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        Ticket ticket = best.pollFirst();
        queuedRunIds.remove(ticket.runId());
        queuedByClass.merge(ticket.priorityClass(), -1, Integer::sum);
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
        for (EnumMap<PriorityClass, Deque<Ticket>> byClass : lines.values()) {
            for (Map.Entry<PriorityClass, Deque<Ticket>> entry : byClass.entrySet()) {
                if (entry.getValue().removeIf(ticket -> ticket.runId() == runId)) {
                    queuedRunIds.remove(runId);
                    queuedByClass.merge(entry.getKey(), -1, Integer::sum);
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
        return queuedByClass.getOrDefault(priorityClass, 0);
    }

    public int depth(String runnerType) {
        EnumMap<PriorityClass, Deque<Ticket>> byClass = lines.get(runnerType);
        return byClass == null ? 0 : byClass.values().stream().mapToInt(Deque::size).sum();
    }

    /** Per runner type and class: how many wait, and since when the oldest. */
    public Map<String, Map<PriorityClass, LineView>> lines() {
        Map<String, Map<PriorityClass, LineView>> view = new HashMap<>();
        lines.forEach((type, byClass) -> byClass.forEach((priorityClass, line) -> {
            if (!line.isEmpty()) {
                // the head is the oldest: lines are FIFO, and a requeued ticket keeps its (older) age
                Instant oldest = line.peekFirst().acceptedAt();
                view.computeIfAbsent(type, t -> new EnumMap<>(PriorityClass.class))
                        .put(priorityClass, new LineView(line.size(), oldest));
            }
        }));
        return view;
    }

    /** One line's state for operators. */
    public record LineView(int depth, Instant oldestAcceptedAt) {
    }
}
