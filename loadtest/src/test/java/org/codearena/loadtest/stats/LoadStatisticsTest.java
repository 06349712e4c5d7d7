package org.codearena.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoadStatisticsTest {

    private static Outcome outcome(int sequence, Outcome.Kind kind, String verdict, long roundTripMillis,
                                   long queueWaitMillis) {
        long done = TimeUnit.MILLISECONDS.toNanos(roundTripMillis);
        return new Outcome(sequence, "u", "t", 0, 0, done, kind, verdict, sequence, queueWaitMillis, null, null);
    }

    @Test
    void everyRequestIsCountedExactlyOnce() {
        LoadStatistics statistics = new LoadStatistics();
        statistics.record(outcome(1, Outcome.Kind.OK, "OK", 100, 10));
        statistics.record(outcome(2, Outcome.Kind.OK, "OK", 200, 20));
        statistics.record(outcome(3, Outcome.Kind.VERDICT, "TIME_LIMIT", 300, 30));
        statistics.record(outcome(4, Outcome.Kind.ERROR, "HTTP_500", 5, -1));
        statistics.record(outcome(5, Outcome.Kind.TIMEOUT, null, 120_000, -1));

        Summary summary = statistics.summary();

        assertThat(summary.count()).isEqualTo(5);
        assertThat(summary.ok()).isEqualTo(2);
        assertThat(summary.errors()).isEqualTo(1);
        assertThat(summary.timeouts()).isEqualTo(1);
        assertThat(summary.verdicts()).containsEntry("OK", 2L).containsEntry("TIME_LIMIT", 1L)
                .containsEntry("HTTP_500", 1L);
        // errors and timeouts have no round trip to speak of
        assertThat(summary.roundTripMillis().count()).isEqualTo(3);
    }

    @Test
    void percentilesComeFromTheHistogram() {
        LoadStatistics statistics = new LoadStatistics();
        for (int millis = 1; millis <= 1000; millis++) {
            statistics.record(outcome(millis, Outcome.Kind.OK, "OK", millis, millis / 10));
        }

        Summary.Latency roundTrip = statistics.summary().roundTripMillis();

        assertThat(roundTrip.min()).isEqualTo(1.0);
        assertThat(roundTrip.p50()).isBetween(499.0, 501.0);
        assertThat(roundTrip.p99()).isBetween(989.0, 991.0);
        assertThat(roundTrip.max()).isBetween(999.0, 1001.0);
        assertThat(roundTrip.mean()).isBetween(500.0, 501.0);
        assertThat(statistics.summary().queueWaitMillis().p50()).isBetween(49.0, 51.0);
    }

    @Test
    void throughputIsCompletedRequestsOverTheWholeTest() {
        LoadStatistics statistics = new LoadStatistics();
        for (int i = 0; i < 10; i++) {
            statistics.record(new Outcome(i, "u", "t", 0, 0, TimeUnit.MILLISECONDS.toNanos(500 + i * 50L),
                    Outcome.Kind.OK, "OK", i, 0, null, null));
        }

        Summary summary = statistics.summary();

        assertThat(summary.durationSeconds()).isEqualTo(0.95, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(summary.throughput()).isEqualTo(10 / 0.95, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(summary.timeline()).extracting(Summary.Second::completed).containsExactly(10L);
        assertThat(summary.percentileCurve()).isNotEmpty();
    }
}
