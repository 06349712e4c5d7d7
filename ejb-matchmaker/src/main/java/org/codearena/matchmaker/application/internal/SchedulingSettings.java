package org.codearena.matchmaker.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.domain.model.MatchBoard;
import org.codearena.matchmaker.domain.model.SchedulingPolicy;
import org.eclipse.microprofile.config.Config;

/**
 * The scheduling policy from configuration: codearena.class.&lt;class&gt;.target.wait.millis and
 * codearena.class.&lt;class&gt;.max.queued, for each priority class (defaults in {@link SchedulingPolicy}).
 */
@ApplicationScoped
public class SchedulingSettings {

    @Inject
    Config config;

    public SchedulingPolicy policy() {
        SchedulingPolicy defaults = SchedulingPolicy.defaults();
        Map<PriorityClass, Duration> targets = new EnumMap<>(PriorityClass.class);
        Map<PriorityClass, Integer> bounds = new EnumMap<>(PriorityClass.class);
        for (PriorityClass priorityClass : PriorityClass.values()) {
            String prefix = "codearena.class." + priorityClass.name().toLowerCase(Locale.ROOT) + ".";
            targets.put(priorityClass, Duration.ofMillis(config.getOptionalValue(prefix + "target.wait.millis", Long.class)
                    .orElse(defaults.targetWait().get(priorityClass).toMillis())));
            bounds.put(priorityClass, config.getOptionalValue(prefix + "max.queued", Integer.class)
                    .orElse(defaults.maxQueued(priorityClass)));
        }
        double typeShare = config.getOptionalValue("codearena.runner.type.max.share", Double.class)
                .orElse(defaults.typeShare());
        long slowTypeMillis = config.getOptionalValue("codearena.runner.slow.type.millis", Long.class)
                .orElse(defaults.slowTypeMillis());
        return new SchedulingPolicy(targets, bounds, typeShare, slowTypeMillis);
    }

    /**
     * codearena.matchmaker.mode: common-queue (the default), or per-runner-queues, the design CodeArena
     * replaced, kept only to compare the two side by side.
     */
    public MatchBoard.Mode mode() {
        String mode = config.getOptionalValue("codearena.matchmaker.mode", String.class).orElse("common-queue");
        return switch (mode.strip().toLowerCase(Locale.ROOT)) {
            case "common-queue" -> MatchBoard.Mode.COMMON_QUEUE;
            case "per-runner-queues" -> MatchBoard.Mode.PER_RUNNER_QUEUES;
            default -> throw new IllegalArgumentException("codearena.matchmaker.mode must be common-queue or "
                    + "per-runner-queues, not '" + mode + "'");
        };
    }

    public long retryAfterSeconds() {
        return config.getOptionalValue("codearena.backpressure.retry.after.seconds", Long.class).orElse(5L);
    }
}
