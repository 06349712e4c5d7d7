package org.codearena.matchmaker.domain.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * CodeArena's design: one queue for every runner; a free runner takes the ticket with the earliest deadline
 * among the types it serves, so no runner idles while work it could do waits behind another runner.
 */
final class CommonQueueStrategy implements DispatchStrategy {

    private final TicketQueue waiting;

    CommonQueueStrategy(TicketQueue waiting) {
        this.waiting = waiting;
    }

    @Override
    public long queued(PriorityClass priorityClass) {
        return waiting.queued(priorityClass);
    }

    @Override
    public void place(Ticket ticket) {
        waiting.add(ticket);
    }

    @Override
    public boolean matchesBeforeStored() {
        return true;
    }

    @Override
    public void returnToFront(Runner runner, Ticket ticket) {
        waiting.requeueAtFront(ticket);
    }

    @Override
    public void requeue(List<Ticket> tickets) {
        tickets.forEach(waiting::requeueAtFront);
    }

    @Override
    public void runnerJoined(Runner runner) {
        // it takes from the common queue like every other runner
    }

    @Override
    public Optional<Ticket> nextFor(Runner runner, Set<String> atShare) {
        return waiting.pollFor(runner, atShare);
    }
}
