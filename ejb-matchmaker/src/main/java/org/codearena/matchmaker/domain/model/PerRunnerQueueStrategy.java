package org.codearena.matchmaker.domain.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * The design CodeArena replaced, kept only to compare the two: each ticket is given at once to the next
 * runner of its type (round robin) and waits in that runner's own queue, first in first out, however long
 * that runner's current job takes. Tickets wait in the board's queue only while no runner serves their type.
 */
final class PerRunnerQueueStrategy implements DispatchStrategy {

    private final TicketQueue held;
    private final Collection<Runner> runners;
    private final Map<String, Integer> roundRobin = new HashMap<>();

    PerRunnerQueueStrategy(TicketQueue held, Collection<Runner> runners) {
        this.held = held;
        this.runners = runners;
    }

    @Override
    public long queued(PriorityClass priorityClass) {
        return held.queued(priorityClass) + runners.stream().flatMap(runner -> runner.ownQueue().stream())
                .filter(ticket -> ticket.priorityClass() == priorityClass).count();
    }

    @Override
    public void place(Ticket ticket) {
        giveToNextRunner(ticket, false);
    }

    @Override
    public boolean matchesBeforeStored() {
        return false;
    }

    @Override
    public void returnToFront(Runner runner, Ticket ticket) {
        if (runner != null) {
            runner.ownQueue().addFirst(ticket);
        } else {
            held.requeueAtFront(ticket);
        }
    }

    @Override
    public void requeue(List<Ticket> tickets) {
        for (int i = tickets.size() - 1; i >= 0; i--) {
            giveToNextRunner(tickets.get(i), true);
        }
    }

    @Override
    public void runnerJoined(Runner runner) {
        // tickets held for want of a runner of their type are handed out now
        List<Ticket> waitingForOne = new ArrayList<>();
        Optional<Ticket> next;
        while ((next = held.pollFor(runner)).isPresent()) {
            waitingForOne.add(next.get());
        }
        waitingForOne.forEach(ticket -> giveToNextRunner(ticket, false));
    }

    @Override
    public Optional<Ticket> nextFor(Runner runner, Set<String> atShare) {
        return Optional.ofNullable(runner.ownQueue().pollFirst());
    }

    private void giveToNextRunner(Ticket ticket, boolean atFront) {
        List<Runner> candidates = runners.stream().filter(runner -> runner.serves(ticket.runnerType())).toList();
        if (candidates.isEmpty()) {
            if (atFront) {
                held.requeueAtFront(ticket);
            } else {
                held.add(ticket);
            }
            return;
        }
        int turn = roundRobin.merge(ticket.runnerType(), 1, Integer::sum) % candidates.size();
        Runner runner = candidates.get(turn);
        if (atFront) {
            runner.ownQueue().addFirst(ticket);
        } else {
            runner.ownQueue().addLast(ticket);
        }
    }
}
