package org.codearena.matchmaker.domain.scaling;

import java.time.Duration;
import java.util.Map;

/**
 * How the autoscaler sizes the runners: never fewer than {@code min} nor more than {@code max}; a p95 round trip
 * target per runner type ({@code defaultTarget} for types without one of their own); after adding runners it
 * waits {@code upCooldown} before adding more (their agents need that long to start and take work); it removes a
 * runner only when fewer would have kept every type under {@code downMargin} x its target for the whole of
 * {@code downStable}, and then one at a time, {@code downCooldown} apart.
 */
public record ScalingPolicy(int min, int max, Duration defaultTarget, Map<String, Duration> targets,
                            Duration upCooldown, Duration downStable, Duration downCooldown, double downMargin) {

    public ScalingPolicy {
        if (min < 0 || max < Math.max(1, min)) {
            throw new IllegalArgumentException("the autoscaler needs 0 <= min <= max and max >= 1 (min " + min
                    + ", max " + max + ")");
        }
        if (downMargin <= 0 || downMargin > 1) {
            throw new IllegalArgumentException("the scale-down margin is a share of the target, in (0, 1]");
        }
        targets = Map.copyOf(targets);
    }

    public Duration targetOf(String runnerType) {
        return targets.getOrDefault(runnerType, defaultTarget);
    }

    public ScalingPolicy withBounds(int newMin, int newMax) {
        return new ScalingPolicy(newMin, newMax, defaultTarget, targets, upCooldown, downStable, downCooldown, downMargin);
    }
}
