package org.codearena.matchmaker.application.scaling;

import java.util.Optional;
import java.util.Set;

/**
 * Carries out the autoscaler's decisions: starts and stops runner agents wherever they run. The built-in
 * providers are {@code local} (agent processes on this machine, through the launcher, as {@code ./arena up} starts
 * them), {@code kubernetes} (the pods of a StatefulSet) and {@code none} (the scaler only recommends). Another one (Kubernetes, a cloud's instance groups) is a
 * class implementing this interface, listed in {@code META-INF/services/org.codearena.matchmaker.application.scaling.RunnerProvider}
 * of a jar on the application's class path, and chosen by its {@link #name()} in {@code codearena.scaler.provider};
 * docs/autoscaling.md has an example. Called from one timer on the server that holds the matchmaker; a call may
 * block for a few seconds.
 */
public interface RunnerProvider {

    /** The name {@code codearena.scaler.provider} chooses it by. */
    String name();

    /** Whether this provider can start and stop agents at all (false: decisions are recommendations only). */
    default boolean acts() {
        return true;
    }

    /** Runner ids of the agents this provider started (or may stop) that run now, started or starting. */
    Set<String> running();

    /** Starts one more agent; its runner id, or empty when no more can be started here (with the reason logged). */
    Optional<String> start();

    /** Stops the agent (called once the matchmaker drained it: it has no job). */
    void stop(String runnerId);

    /** Restarts the agent's process (its job, if any, goes back to the front of its line); false if not ours. */
    boolean restart(String runnerId);

    /**
     * The agent to drain and stop when the scaler removes one, if this provider can remove only a certain one (a
     * StatefulSet removes its last pod); empty: the scaler chooses (an idle one, the highest slot first).
     */
    default Optional<String> victimAmong(Set<String> running) {
        return Optional.empty();
    }
}
