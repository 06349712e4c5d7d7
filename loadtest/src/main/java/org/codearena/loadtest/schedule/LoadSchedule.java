package org.codearena.loadtest.schedule;

import java.util.concurrent.TimeUnit;

/**
 * When each request is meant to start, in nanoseconds after the test begins.
 * A burst: {@code requests} in batches of {@code batch}, one batch every {@code intervalMillis} (the seed's
 * requestCount and deltaInterval). An open model: {@code rate} requests per second for {@code seconds},
 * evenly spaced, whatever the system under test does.
 */
public final class LoadSchedule {

    private final int requests;
    private final int batch;
    private final long intervalNanos;

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
        return (index / batch) * intervalNanos;
    }
}
