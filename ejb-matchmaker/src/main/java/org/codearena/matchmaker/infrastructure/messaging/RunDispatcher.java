package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.ejb.Local;
import org.codearena.matchmaker.domain.model.Match;

/** Sends a matched run, payload included, to its runner. */
@Local
public interface RunDispatcher {

    /**
     * Sends the job under the given lease epoch (runner agents refuse epochs older than the newest they saw), to
     * the given start of the runner agent (an agent started since refuses it). Returns false when nothing was
     * sent: the run no longer needs running.
     */
    boolean dispatch(Match match, long epoch, String runnerIncarnation);

    /**
     * Sends the job of a plain run that its storing transaction already marked as dispatched to the match's
     * runner (nothing is read or written first). Throws when it cannot be sent, after undoing the claim.
     */
    void sendClaimed(Match match, long epoch, String runnerIncarnation, org.codearena.domain.model.run.Run run);
}
