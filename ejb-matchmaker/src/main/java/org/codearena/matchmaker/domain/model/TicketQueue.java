package org.codearena.matchmaker.domain.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Waiting tickets, first in first out per runner type. Not thread-safe: the matchmaker guards it. */
public final class TicketQueue {

    private final Map<String, Deque<Ticket>> waitingByType = new HashMap<>();

    public void add(Ticket ticket) {
        waitingByType.computeIfAbsent(ticket.runnerType(), type -> new ArrayDeque<>()).addLast(ticket);
    }

    /** A ticket whose runner failed goes back to the head of its line, keeping its original age. */
    public void requeueAtFront(Ticket ticket) {
        waitingByType.computeIfAbsent(ticket.runnerType(), type -> new ArrayDeque<>()).addFirst(ticket);
    }

    /** The oldest waiting ticket among the types a runner serves. */
    public Optional<Ticket> pollFor(Runner runner) {
        Deque<Ticket> oldestLine = null;
        for (String type : runner.runnerTypes()) {
            Deque<Ticket> line = waitingByType.get(type);
            if (line != null && !line.isEmpty()
                    && (oldestLine == null || line.peekFirst().acceptedAt().isBefore(oldestLine.peekFirst().acceptedAt()))) {
                oldestLine = line;
            }
        }
        return oldestLine == null ? Optional.empty() : Optional.of(oldestLine.pollFirst());
    }

    public int depth(String runnerType) {
        Deque<Ticket> line = waitingByType.get(runnerType);
        return line == null ? 0 : line.size();
    }

    public Map<String, Integer> depths() {
        Map<String, Integer> depths = new HashMap<>();
        waitingByType.forEach((type, line) -> depths.put(type, line.size()));
        return depths;
    }

    public boolean contains(long runId) {
        return waitingByType.values().stream().flatMap(Deque::stream).anyMatch(ticket -> ticket.runId() == runId);
    }
}
