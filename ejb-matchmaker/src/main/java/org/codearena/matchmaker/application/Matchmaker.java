package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.matchmaker.infrastructure.cluster.ClusterMessage;
import org.codearena.protocol.RunnerAnnouncement;

/** The B side: holds waiting tickets and gives each free runner exactly one job. */
@Local
public interface Matchmaker {

    /** Backpressure, asked before a run is stored: throws {@link QueueFullException} when the class is full. */
    void admit(PriorityClass priorityClass);

    /** Hands over a ticket for a run that is already stored. */
    void submit(Ticket ticket);

    void runnerAnnounced(RunnerAnnouncement announcement);

    /** The runner reported a result for the run (stored or a duplicate): it is free again. */
    void runFinished(String runnerId, long runId, boolean failed);

    /** A run accepted by another server while this one may hold the matchmaker: queued here if it does. */
    void ticketFromPeer(Ticket ticket);

    /** Another server stored a runner's result: the runner is free (acted on by the holder only). */
    void runnerFreedByPeer(String runnerId, long runId, boolean failed);

    /** The holder's latest queue depths, for backpressure on the other servers. */
    void holderStatus(ClusterMessage.HolderStatus status);

    MatchmakerSnapshot snapshot();
}
