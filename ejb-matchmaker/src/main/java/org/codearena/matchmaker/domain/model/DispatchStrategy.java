package org.codearena.matchmaker.domain.model;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * Where a ticket waits until a runner takes it, and which ticket a free runner takes: the one thing the two
 * designs compared by the matchmaker differ in. The {@link MatchBoard} keeps everything else (runners,
 * leases on jobs, caps, statistics) and asks its strategy at each of these points.
 */
interface DispatchStrategy {

    /** Tickets of the class waiting, wherever this strategy keeps them. */
    long queued(PriorityClass priorityClass);

    /** A ticket the board has not seen: it joins its line. */
    void place(Ticket ticket);

    /** Whether a ticket may be matched before its run is stored (only where a free runner would take it next). */
    boolean matchesBeforeStored();

    /** A ticket that had been given to {@code runner} and came back (lost or failed dispatch): first in line again. */
    void returnToFront(Runner runner, Ticket ticket);

    /** Tickets taken from a runner that left or died: back at the front, in their order. */
    void requeue(List<Ticket> tickets);

    /** A runner the board did not know joined. */
    void runnerJoined(Runner runner);

    /** The ticket a free runner takes next, if any ({@code atShare}: types it may not take more of now). */
    Optional<Ticket> nextFor(Runner runner, Set<String> atShare);

    static DispatchStrategy of(MatchBoard.Mode mode, TicketQueue waiting, Collection<Runner> runners) {
        return switch (mode) {
            case COMMON_QUEUE -> new CommonQueueStrategy(waiting);
            case PER_RUNNER_QUEUES -> new PerRunnerQueueStrategy(waiting, runners);
        };
    }
}
