package org.codearena.matchmaker.application;

import jakarta.ejb.Local;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The autoscaler as operators see it: whether it acts, its bounds and targets, how many runners it counts, its
 * latest evaluation and its decisions; and the runner actions that need a provider (stop, restart).
 */
@Local
public interface Autoscaling {

    /** What an ADMIN sets at run time (the same on every server); the rest of the policy is configuration. */
    record Settings(boolean enabled, int min, int max) {
    }

    /** One decision (ADD, REMOVE; HOLD for the latest evaluation only), and what the provider did about it. */
    record DecisionView(Instant at, String action, int from, int to, int needed, String reason, String outcome) {
    }

    /**
     * @param holder    whether this server holds the matchmaker (only the holder evaluates; others show the stored
     *                  decisions)
     * @param managed   runner ids the provider started that run now
     * @param stopping  runner ids being drained to be stopped
     * @param latest    the holder's latest evaluation, null elsewhere or before the first one
     */
    record Status(boolean enabled, String provider, boolean providerActs, int min, int max, long defaultTargetMillis,
                  Map<String, Long> targetMillis, boolean holder, int current, Set<String> managed,
                  Set<String> stopping, DecisionView latest, List<DecisionView> decisions) {
    }

    Status status();

    /** Stored for every server; throws {@link ScalingRefusedException} for bounds that make no sense. */
    Settings configure(Settings settings, String by);

    /**
     * Stops a runner the provider started: it is drained (finishes its job, takes no more) and then stopped.
     * Throws {@link ScalingRefusedException} (a conflict) when the provider did not start it (it is stopped where it
     * runs).
     */
    void stopRunner(String runnerId, String by);

    /** Restarts a runner the provider started; false when the provider did not start it. */
    boolean restartRunner(String runnerId, String by);
}
