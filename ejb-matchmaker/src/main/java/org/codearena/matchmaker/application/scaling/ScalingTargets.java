package org.codearena.matchmaker.application.scaling;

import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A runner type's p95 round-trip target: {@code codearena.scaler.target.<type>.millis}, else the default
 * ({@code codearena.scaler.target.millis}, 2000). What the autoscaler sizes runners by and the RoundTripOverTarget
 * alert fires on.
 */
public final class ScalingTargets {

    public static final long DEFAULT_MILLIS = 2000;

    private ScalingTargets() {
    }

    public static long defaultMillis() {
        return ConfigProvider.getConfig().getOptionalValue("codearena.scaler.target.millis", Long.class)
                .orElse(DEFAULT_MILLIS);
    }

    public static Duration of(String runnerType) {
        return Duration.ofMillis(ConfigProvider.getConfig().getOptionalValue("codearena.scaler.target." + runnerType
                + ".millis", Long.class).orElseGet(ScalingTargets::defaultMillis));
    }
}
