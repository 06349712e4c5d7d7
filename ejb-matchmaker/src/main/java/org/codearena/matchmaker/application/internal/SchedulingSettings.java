package org.codearena.matchmaker.application.internal;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;
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
        return new SchedulingPolicy(targets, bounds);
    }

    public long retryAfterSeconds() {
        return config.getOptionalValue("codearena.backpressure.retry.after.seconds", Long.class).orElse(5L);
    }
}
