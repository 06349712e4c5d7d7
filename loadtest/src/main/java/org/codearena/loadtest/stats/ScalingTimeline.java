package org.codearena.loadtest.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * For a run in steps: per window of {@link #WINDOW_SECONDS} s, the arrival rate (requests meant to start in it), the
 * p95 round trip of the runs that finished in it, and the runners serving (sampled from the admin API, when the
 * tool may read it). What the autoscaling chart draws: load, capacity and the result against each other.
 * Thread-safe.
 */
public final class ScalingTimeline {

    public static final int WINDOW_SECONDS = 10;
    private static final long HIGHEST_MILLIS = TimeUnit.HOURS.toMillis(1);

    /** One window: from {@code second}, arrivals per second, p95 round trip (null: nothing finished), runners. */
    public record Window(long second, double arrivalsPerSecond, Double p95RoundTripMillis, long finished,
                         Double runners) {
    }

    private final TreeMap<Long, long[]> arrivals = new TreeMap<>();
    private final TreeMap<Long, Histogram> finished = new TreeMap<>();
    private final TreeMap<Long, List<Integer>> runners = new TreeMap<>();

    public synchronized void record(Outcome outcome) {
        arrivals.computeIfAbsent(window(outcome.intendedAt()), w -> new long[1])[0]++;
        if (outcome.kind() == Outcome.Kind.OK || outcome.kind() == Outcome.Kind.VERDICT) {
            finished.computeIfAbsent(window(outcome.doneAt()), w -> new Histogram(HIGHEST_MILLIS, 2))
                    .recordValue(Math.min(HIGHEST_MILLIS, Math.max(0, TimeUnit.NANOSECONDS.toMillis(outcome.roundTripNanos()))));
        }
    }

    public synchronized void runners(long atNanos, int serving) {
        runners.computeIfAbsent(window(atNanos), w -> new ArrayList<>()).add(serving);
    }

    public synchronized List<Window> windows() {
        long last = Math.max(arrivals.isEmpty() ? 0 : arrivals.lastKey(),
                Math.max(finished.isEmpty() ? 0 : finished.lastKey(), runners.isEmpty() ? 0 : runners.lastKey()));
        List<Window> windows = new ArrayList<>();
        for (long w = 0; w <= last; w++) {
            Histogram histogram = finished.get(w);
            List<Integer> serving = runners.get(w);
            windows.add(new Window(w * WINDOW_SECONDS, arrivals.getOrDefault(w, new long[1])[0] / (double) WINDOW_SECONDS,
                    histogram == null ? null : (double) histogram.getValueAtPercentile(95),
                    histogram == null ? 0 : histogram.getTotalCount(),
                    serving == null ? null : serving.stream().mapToInt(Integer::intValue).average().orElse(0)));
        }
        return windows;
    }

    /** CSV: second, arrivals per second, p95 round trip (ms), runs finished, runners serving. */
    public String csv() {
        StringBuilder text = new StringBuilder("second,arrivals_per_s,p95_round_trip_ms,finished,runners\n");
        for (Window window : windows()) {
            text.append(window.second()).append(',').append(String.format(java.util.Locale.ROOT, "%.1f", window.arrivalsPerSecond()))
                    .append(',').append(window.p95RoundTripMillis() == null ? "" : String.format(java.util.Locale.ROOT, "%.0f", window.p95RoundTripMillis()))
                    .append(',').append(window.finished())
                    .append(',').append(window.runners() == null ? "" : String.format(java.util.Locale.ROOT, "%.1f", window.runners()))
                    .append('\n');
        }
        return text.toString();
    }

    private static long window(long nanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toSeconds(nanos) / WINDOW_SECONDS);
    }
}
