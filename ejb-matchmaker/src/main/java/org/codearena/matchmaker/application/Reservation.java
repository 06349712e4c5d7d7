package org.codearena.matchmaker.application;

import org.codearena.matchmaker.domain.model.Match;

/**
 * A runner reserved for a run whose storing transaction is still open (see {@link Matchmaker#reserveAtOnce}):
 * the match, the lease epoch it was made under and the start of the runner agent it is for.
 */
public record Reservation(Match match, long epoch, String runnerIncarnation) {

    public String runnerId() {
        return match.runnerId();
    }
}
