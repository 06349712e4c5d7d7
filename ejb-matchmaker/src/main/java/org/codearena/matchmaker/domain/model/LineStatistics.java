package org.codearena.matchmaker.domain.model;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.codearena.domain.model.run.PriorityClass;

/**
 * Per runner type and priority class: how long tickets waited for a runner (accepted to dispatched) and
 * their round trip (accepted to result), as HdrHistograms since the server started.
 * Not thread-safe: the matchmaker guards it.
 */
public final class LineStatistics {

    private static final long HIGHEST_MILLIS = TimeUnit.HOURS.toMillis(24);

    /** per runner type, one histogram per class (by ordinal; null until recorded) */
    private final Map<String, Histogram[]> waitMillis = new HashMap<>();
    private final Map<String, Histogram[]> roundTripMillis = new HashMap<>();

    public void dispatched(Ticket ticket, Duration waited) {
        record(waitMillis, ticket, waited);
    }

    public void finished(Ticket ticket, Duration roundTrip) {
        record(roundTripMillis, ticket, roundTrip);
    }

    private static void record(Map<String, Histogram[]> histograms, Ticket ticket, Duration value) {
        Histogram[] byClass = histograms.computeIfAbsent(ticket.runnerType(),
                type -> new Histogram[PriorityClass.values().length]);
        int index = ticket.priorityClass().ordinal();
        if (byClass[index] == null) {
            byClass[index] = new Histogram(HIGHEST_MILLIS, 2);
        }
        byClass[index].recordValue(Math.min(HIGHEST_MILLIS, Math.max(0, value.toMillis())));
    }

    private static Histogram of(Map<String, Histogram[]> histograms, String runnerType, PriorityClass priorityClass) {
        Histogram[] byClass = histograms.get(runnerType);
        return byClass == null ? null : byClass[priorityClass.ordinal()];
    }

    /** Percentiles in milliseconds, or null where nothing was recorded. */
    public record Percentiles(long count, long p50, long p90, long p99, long max) {

        static Percentiles of(Histogram histogram) {
            return histogram == null ? null : new Percentiles(histogram.getTotalCount(),
                    histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                    histogram.getValueAtPercentile(99), histogram.getMaxValue());
        }
    }

    public Percentiles waitOf(String runnerType, PriorityClass priorityClass) {
        return Percentiles.of(of(waitMillis, runnerType, priorityClass));
    }

    public Percentiles roundTripOf(String runnerType, PriorityClass priorityClass) {
        return Percentiles.of(of(roundTripMillis, runnerType, priorityClass));
    }

    /** Every type and class seen so far. */
    public Map<String, java.util.Set<PriorityClass>> lines() {
        Map<String, java.util.Set<PriorityClass>> lines = new HashMap<>();
        waitMillis.forEach((type, byClass) -> {
            for (PriorityClass priorityClass : PriorityClass.values()) {
                if (byClass[priorityClass.ordinal()] != null) {
                    lines.computeIfAbsent(type, t -> java.util.EnumSet.noneOf(PriorityClass.class)).add(priorityClass);
                }
            }
        });
        return lines;
    }
}
