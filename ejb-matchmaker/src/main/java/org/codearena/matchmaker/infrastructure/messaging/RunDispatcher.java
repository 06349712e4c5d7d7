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
}
