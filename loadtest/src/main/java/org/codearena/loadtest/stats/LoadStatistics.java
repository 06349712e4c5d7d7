package org.codearena.loadtest.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Collects outcomes into HdrHistograms (round trip, queue wait), counts by kind and verdict, and a
 * per-second time line. Thread-safe: every method is synchronized, recording is cheap.
 */
public final class LoadStatistics {

    private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(2);

    private final Histogram roundTripMicros = new Histogram(HIGHEST_MICROS, 3);
    private final Histogram queueWaitMicros = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, Long> verdicts = new TreeMap<>();
    private final TreeMap<Long, Histogram> perSecond = new TreeMap<>();
    private long count;
    private long ok;
    private long errors;
    private long timeouts;
    private long firstSent = Long.MAX_VALUE;
    private long lastDone;

    public synchronized void record(Outcome outcome) {
        count++;
        switch (outcome.kind()) {
            case OK -> ok++;
            case ERROR -> errors++;
            case TIMEOUT -> timeouts++;
            case VERDICT -> { }
        }
        if (outcome.verdict() != null) {
            verdicts.merge(outcome.verdict(), 1L, Long::sum);
        }
        firstSent = Math.min(firstSent, outcome.intendedAt());
        lastDone = Math.max(lastDone, outcome.doneAt());
        if (outcome.kind() == Outcome.Kind.OK || outcome.kind() == Outcome.Kind.VERDICT) {
            long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(outcome.roundTripNanos()));
            roundTripMicros.recordValue(Math.min(micros, HIGHEST_MICROS));
            if (outcome.queueWaitMillis() >= 0) {
                queueWaitMicros.recordValue(Math.min(Math.max(1, outcome.queueWaitMillis() * 1000), HIGHEST_MICROS));
            }
            perSecond.computeIfAbsent(TimeUnit.NANOSECONDS.toSeconds(outcome.doneAt()),
                    second -> new Histogram(HIGHEST_MICROS, 2)).recordValue(Math.min(micros, HIGHEST_MICROS));
        }
    }

    public synchronized long count() {
        return count;
    }

    public synchronized long errors() {
        return errors;
    }

    public synchronized long timeouts() {
        return timeouts;
    }

    /** An immutable summary, for tables, JSON, the HTML report and thresholds. */
    public synchronized Summary summary() {
        double seconds = count == 0 ? 0 : Math.max(1e-9, (lastDone - firstSent) / 1e9);
        List<Summary.Second> timeline = new ArrayList<>();
        perSecond.forEach((second, histogram) -> timeline.add(new Summary.Second(second,
                histogram.getTotalCount(), millis(histogram.getValueAtPercentile(50)),
                millis(histogram.getValueAtPercentile(99)))));
        List<Summary.Point> curve = new ArrayList<>();
        if (roundTripMicros.getTotalCount() > 0) {
            roundTripMicros.percentiles(5).forEach(value -> curve.add(
                    new Summary.Point(value.getPercentileLevelIteratedTo(), millis(value.getValueIteratedTo()))));
        }
        return new Summary(count, ok, errors, timeouts, Map.copyOf(verdicts),
                Summary.Latency.of(roundTripMicros), Summary.Latency.of(queueWaitMicros),
                seconds, seconds == 0 ? 0 : (count - errors - timeouts) / seconds, timeline, curve);
    }

    static double millis(long micros) {
        return micros / 1000.0;
    }
}
