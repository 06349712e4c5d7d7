package org.codearena.loadtest.schedule;

import java.util.concurrent.TimeUnit;

/**
 * When each request is meant to start, in nanoseconds after the test begins.
 * A burst: {@code requests} in batches of {@code batch}, one batch every {@code intervalMillis} (the seed's
 * requestCount and deltaInterval). An open model: {@code rate} requests per second for {@code seconds},
 * evenly spaced, whatever the system under test does. Steps: the open model at one rate for a while, then at
 * another ({@code 2x60,8x60,2x60}: 2/s for 60 s, 8/s for 60 s, 2/s for 60 s), for the autoscaler to follow.
 */
public final class LoadSchedule {

    private final int requests;
    private final int batch;
    private final long intervalNanos;
    /** the steps' start times, when the schedule has steps */
    private final long[] starts;

    private LoadSchedule(long[] starts) {
        if (starts.length < 1) {
            throw new IllegalArgumentException("the steps hold no request");
        }
        this.requests = starts.length;
        this.batch = 1;
        this.intervalNanos = 0;
        this.starts = starts;
    }

    private LoadSchedule(int requests, int batch, long intervalNanos) {
        if (requests < 1) {
            throw new IllegalArgumentException("there must be at least one request");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("a batch holds at least one request");
        }
        this.requests = requests;
        this.batch = batch;
        this.intervalNanos = intervalNanos;
        this.starts = null;
    }

    /** One rate after another: "RATExSECONDS,RATExSECONDS,…" (rates per second, may be fractions). */
    public static LoadSchedule steps(String spec) {
        java.util.List<Long> starts = new java.util.ArrayList<>();
        long stepStart = 0;
        for (String step : spec.split(",")) {
            String[] parts = step.strip().split("x");
            double rate;
            double seconds;
            try {
                rate = Double.parseDouble(parts[0]);
                seconds = Double.parseDouble(parts[1]);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("a step is RATExSECONDS, for example 4x60 (4 requests a second for "
                        + "60 s), not '" + step.strip() + "'");
            }
            if (parts.length != 2 || rate < 0 || seconds <= 0) {
                throw new IllegalArgumentException("a step is RATExSECONDS with a rate >= 0 and seconds > 0, not '"
                        + step.strip() + "'");
            }
            long length = Math.round(seconds * 1e9);
            if (rate > 0) {
                long gap = Math.round(1e9 / rate);
                for (long at = 0; at < length; at += gap) {
                    starts.add(stepStart + at);
                }
            }
            stepStart += length;
        }
        return new LoadSchedule(starts.stream().mapToLong(Long::longValue).toArray());
    }

    public static LoadSchedule burst(int requests, Integer batch, long intervalMillis) {
        return new LoadSchedule(requests, batch == null ? requests : batch, TimeUnit.MILLISECONDS.toNanos(intervalMillis));
    }

    public static LoadSchedule open(double ratePerSecond, double seconds) {
        if (ratePerSecond <= 0 || seconds <= 0) {
            throw new IllegalArgumentException("--rate and --duration must be positive");
        }
        int requests = (int) Math.max(1, Math.round(ratePerSecond * seconds));
        return new LoadSchedule(requests, 1, Math.round(1e9 / ratePerSecond));
    }

    public int requests() {
        return requests;
    }

    public long intendedStartNanos(int index) {
        if (starts != null) {
            return starts[index];
        }
        return (index / batch) * intervalNanos;
    }
}
