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

    void runnerAnnounced(RunnerAnnouncement announcement);

    /** The runner reported a result for the run (stored or a duplicate): it is free again. */
    void runFinished(String runnerId, long runId, boolean failed);

    MatchmakerSnapshot snapshot();
}
