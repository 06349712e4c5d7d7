package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.protocol.RunnerAnnouncement;

/** The B side: holds waiting tickets and gives each free runner exactly one job. */
@Local
public interface Matchmaker {

    /** Backpressure, asked before a run is stored: throws {@link QueueFullException} when the class is full. */
    void admit(PriorityClass priorityClass);

    /** Hands over a ticket for a run that is already stored. */
    void submit(Ticket ticket);

    /**
     * For a run whose storing transaction is still open: when this server holds the matchmaker, nothing of
     * the run's type waits and a runner of that type is free, the runner is reserved for it at once. The caller
     * then marks the run as dispatched to that runner in the same transaction (one commit instead of two) and,
     * after the commit, calls {@link #sendReserved}; when the transaction fails, {@link #releaseReserved}.
     * Empty: nothing was reserved; {@link #submit} the ticket once the run is stored.
     */
    java.util.Optional<Reservation> reserveAtOnce(Ticket ticket);

    /**
     * Whether {@link #reserveAtOnce} would find a runner for a run of this type and class now; reserves nothing
     * (false where another server holds the queue). A run that would wait is checked against its person's limit
     * before it is written; one that starts at once is not.
     */
    boolean wouldReserveAtOnce(String runnerType, org.codearena.domain.model.run.PriorityClass priorityClass);

    /** The reserved run is stored and marked as dispatched: its job goes to the runner. */
    void sendReserved(Reservation reservation, org.codearena.domain.model.run.Run run);

    /** The run the runner was reserved for was not stored: the runner is free again. */
    void releaseReserved(Reservation reservation);

    void runnerAnnounced(RunnerAnnouncement announcement);

    /** The runner reported a result for the run (stored or a duplicate): it is free again. */
    void runFinished(String runnerId, long runId, boolean failed);

    /** A run accepted by another server while this one may hold the matchmaker: queued here if it does. */
    void ticketFromPeer(Ticket ticket);

    /** Another server stored a runner's result: the runner is free (acted on by the holder only). */
    void runnerFreedByPeer(String runnerId, long runId, boolean failed);

    /** The holder's latest queue depths, for backpressure on the other servers. */
    void holderStatus(HolderQueues queues);

    MatchmakerSnapshot snapshot();

    /**
     * An operator drains a runner (it finishes its current job and takes no more) or puts it back in service.
     * Stored, and applied by whichever server holds the matchmaker within a second.
     */
    void drain(String runnerId, boolean draining, String by);

    /** An operator pauses a lane (its runs are accepted and wait; none is dispatched) or resumes it. */
    void pause(String runnerType, PriorityClass priorityClass, boolean paused, String by);

    /**
     * An operator stops a run: a waiting one ends with the verdict STOPPED at once (a submission's is scored as
     * such) and leaves its line; a running one's runner is asked to end it, and reports STOPPED. False when the run
     * is finished or unknown.
     */
    boolean stop(long runId, String by);

    /**
     * An operator moves a waiting run to another priority class (its place in the new line follows when it was
     * accepted). False when the run is not waiting.
     */
    boolean move(long runId, PriorityClass to, String by);

    /** Another server moved a waiting run: the holder moves its ticket. */
    void ticketMovedByPeer(Ticket ticket);
}
