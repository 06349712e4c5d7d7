package org.codearena.matchmaker.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Per runner type, the last {@link #WINDOW} in {@link #BUCKET} buckets: runs that arrived, runs dispatched with
 * their wait, runs finished with their service time (dispatch to result) and round trip (accepted to result).
 * What the autoscaler sizes the runners from (arrival rate, service time) and what it and the alerts judge them by
 * (the recent p95 round trip; {@link LineStatistics} keeps the percentiles since the server started, which move
 * too slowly to act on). Not thread-safe: the matchmaker guards it.
 */
public final class RecentLoad {

    public static final Duration BUCKET = Duration.ofSeconds(5);
    public static final Duration WINDOW = Duration.ofSeconds(60);
    /** rates are over the last 10 s, so that a step in load shows within seconds */
    public static final Duration RATE_WINDOW = Duration.ofSeconds(10);
    /** percentiles are over the last 30 s: enough runs to mean something, recent enough to act on */
    public static final Duration PERCENTILE_WINDOW = Duration.ofSeconds(30);
    private static final long HIGHEST_MILLIS = TimeUnit.HOURS.toMillis(1);

    /**
     * One type's recent load: arrival and finish rates per second over the last {@link #RATE_WINDOW} (or the part of
     * it that has been recorded, at least one bucket), p95s over the last {@link #PERCENTILE_WINDOW} (null where
     * nothing finished or was dispatched), the mean service time and the runs finished over the whole window.
     */
    public record Load(String runnerType, double arrivalsPerSecond, double finishedPerSecond,
                       Double meanServiceMillis, Long roundTripP95Millis, Long waitP95Millis, long finished,
                       double windowSeconds) {
    }

    private static final class Bucket {
        final long startMillis;
        long arrivals;
        long finished;
        long serviceMillis;
        final Histogram roundTrip = new Histogram(HIGHEST_MILLIS, 2);
        final Histogram waited = new Histogram(HIGHEST_MILLIS, 2);

        Bucket(long startMillis) {
            this.startMillis = startMillis;
        }
    }

    private final Map<String, Deque<Bucket>> byType = new HashMap<>();

    public void arrived(String runnerType, Instant at) {
        bucket(runnerType, at).arrivals++;
    }

    public void dispatched(String runnerType, Duration waited, Instant at) {
        bucket(runnerType, at).waited.recordValue(clamp(waited.toMillis()));
    }

    public void finished(String runnerType, Duration service, Duration roundTrip, Instant at) {
        Bucket bucket = bucket(runnerType, at);
        bucket.finished++;
        bucket.serviceMillis += Math.max(0, service.toMillis());
        bucket.roundTrip.recordValue(clamp(roundTrip.toMillis()));
    }

    /** Every type seen in the window, by name. */
    public List<Load> loads(Instant now) {
        List<Load> loads = new ArrayList<>();
        long nowMillis = now.toEpochMilli();
        new TreeMap<>(byType).forEach((type, buckets) -> {
            expire(buckets, nowMillis);
            if (buckets.isEmpty()) {
                return;
            }
            long arrivals = 0;
            long finishedRecently = 0;
            long finished = 0;
            long service = 0;
            Histogram roundTrip = new Histogram(HIGHEST_MILLIS, 2);
            Histogram waited = new Histogram(HIGHEST_MILLIS, 2);
            long rateFrom = nowMillis - RATE_WINDOW.toMillis();
            long percentileFrom = nowMillis - PERCENTILE_WINDOW.toMillis();
            long rateStart = nowMillis;
            for (Bucket bucket : buckets) {
                finished += bucket.finished;
                service += bucket.serviceMillis;
                if (bucket.startMillis + BUCKET.toMillis() > rateFrom) {
                    rateStart = Math.min(rateStart, bucket.startMillis);
                    arrivals += bucket.arrivals;
                    finishedRecently += bucket.finished;
                }
                if (bucket.startMillis + BUCKET.toMillis() > percentileFrom) {
                    roundTrip.add(bucket.roundTrip);
                    waited.add(bucket.waited);
                }
            }
            // over the buckets counted (the current one only partly elapsed), never less than one bucket
            double seconds = Math.max(BUCKET.toMillis(), nowMillis - rateStart) / 1000.0;
            loads.add(new Load(type, arrivals / seconds, finishedRecently / seconds,
                    finished == 0 ? null : (double) service / finished,
                    roundTrip.getTotalCount() == 0 ? null : roundTrip.getValueAtPercentile(95),
                    waited.getTotalCount() == 0 ? null : waited.getValueAtPercentile(95), finished, seconds));
        });
        return loads;
    }

    private Bucket bucket(String runnerType, Instant at) {
        Deque<Bucket> buckets = byType.computeIfAbsent(runnerType, type -> new ArrayDeque<>());
        long millis = at.toEpochMilli();
        long start = millis - Math.floorMod(millis, BUCKET.toMillis());
        expire(buckets, millis);
        Bucket last = buckets.peekLast();
        if (last == null || last.startMillis < start) {
            last = new Bucket(start);
            buckets.addLast(last);
        }
        return last;
    }

    private static void expire(Deque<Bucket> buckets, long nowMillis) {
        while (!buckets.isEmpty() && buckets.peekFirst().startMillis + BUCKET.toMillis() <= nowMillis - WINDOW.toMillis()) {
            buckets.removeFirst();
        }
    }

    private static long clamp(long millis) {
        return Math.min(HIGHEST_MILLIS, Math.max(0, millis));
    }
}
