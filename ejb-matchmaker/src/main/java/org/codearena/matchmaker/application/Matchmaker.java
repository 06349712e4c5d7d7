package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.protocol.RunnerAnnouncement;

/** The B side: holds waiting tickets and gives each free runner exactly one job. */
@Local
public interface Matchmaker {

    /** Hands over a ticket for a run that is already stored. */
    void submit(Ticket ticket);

    void runnerAnnounced(RunnerAnnouncement announcement);

    /** The runner reported a result for the run (stored or a duplicate): it is free again. */
    void runFinished(String runnerId, long runId);

    MatchmakerSnapshot snapshot();
}
