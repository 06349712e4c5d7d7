package org.codearena.matchmaker.domain.scaling;

/**
 * The M/M/c queue: c runners, runs arriving at random at rate lambda, each served in a random time of mean s. What
 * the autoscaler predicts waits from. Offered load a = lambda x s (the runners busy on average, Little's law); with
 * c > a runners, the chance that a run waits at all is Erlang's C formula, and the wait of those that do is
 * exponential with rate c/s - lambda, so that P(wait > t) = C(c, a) e^-(c/s - lambda) t.
 */
public final class QueueModel {

    private QueueModel() {
    }

    /** Erlang C: the chance that an arriving run finds every one of the c runners busy; 1 when c <= a. */
    public static double chanceToWait(int runners, double offeredLoad) {
        if (offeredLoad <= 0) {
            return 0;
        }
        if (runners <= offeredLoad) {
            return 1;
        }
        // Erlang B by its recursion (no factorials), then C from B
        double blocking = 1;
        for (int k = 1; k <= runners; k++) {
            blocking = offeredLoad * blocking / (k + offeredLoad * blocking);
        }
        return runners * blocking / (runners - offeredLoad * (1 - blocking));
    }

    /**
     * The wait (seconds) that the given share of runs stays under, for example 0.95; infinite when the runners
     * cannot keep up (c <= a).
     *
     * @param arrivalsPerSecond lambda
     * @param serviceSeconds    mean service time s
     */
    public static double waitQuantileSeconds(int runners, double arrivalsPerSecond, double serviceSeconds,
                                             double quantile) {
        double offered = arrivalsPerSecond * serviceSeconds;
        if (offered <= 0) {
            return 0;
        }
        if (runners <= offered) {
            return Double.POSITIVE_INFINITY;
        }
        double waits = chanceToWait(runners, offered);
        double tail = 1 - quantile;
        if (waits <= tail) {
            return 0;
        }
        return Math.log(waits / tail) / (runners / serviceSeconds - arrivalsPerSecond);
    }
}
