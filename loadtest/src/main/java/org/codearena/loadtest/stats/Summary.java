package org.codearena.loadtest.stats;

import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures of one load test.
 *
 * @param count      requests made (every one is counted exactly once: ok + other verdicts + errors + timeouts)
 * @param throughput completed requests per second over the whole test
 * @param timeline   completions and latency per second of the test
 * @param percentileCurve round-trip latency by percentile, for the report's curve
 */
public record Summary(long count, long ok, long errors, long timeouts, Map<String, Long> verdicts,
                      Latency roundTripMillis, Latency queueWaitMillis, double durationSeconds,
                      double throughput, List<Second> timeline, List<Point> percentileCurve) {

    public record Latency(long count, double min, double mean, double p50, double p90, double p95, double p99,
                          double max) {

        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(micros.getTotalCount(), LoadStatistics.millis(micros.getMinValue()),
                    micros.getMean() / 1000.0,
                    LoadStatistics.millis(micros.getValueAtPercentile(50)),
                    LoadStatistics.millis(micros.getValueAtPercentile(90)),
                    LoadStatistics.millis(micros.getValueAtPercentile(95)),
                    LoadStatistics.millis(micros.getValueAtPercentile(99)),
                    LoadStatistics.millis(micros.getMaxValue()));
        }
    }

    public record Second(long second, long completed, double p50Millis, double p99Millis) {
    }

    public record Point(double percentile, double millis) {
    }
}
