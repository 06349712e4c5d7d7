package org.codearena.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingTimelineTest {

    private static final long S = 1_000_000_000L;

    @Test
    void windowsCarryArrivalsP95AndRunners() {
        ScalingTimeline timeline = new ScalingTimeline();
        for (int i = 0; i < 20; i++) {
            // 2 per second over the first 10 s, each done 100 ms (19 of them) or 3 s (the last) later
            long intended = i * S / 2;
            long took = i == 19 ? 3 * S : S / 10;
            timeline.record(new Outcome(i, "u", "t", intended, intended, intended + took, Outcome.Kind.OK, "OK", i,
                    0, null, null));
        }
        timeline.runners(2 * S, 1);
        timeline.runners(4 * S, 2);
        timeline.runners(12 * S, 3);

        List<ScalingTimeline.Window> windows = timeline.windows();
        assertThat(windows).hasSize(2);
        assertThat(windows.get(0).arrivalsPerSecond()).isEqualTo(2.0);
        assertThat(windows.get(0).runners()).isEqualTo(1.5);
        assertThat(windows.get(0).p95RoundTripMillis()).isBetween(99.0, 101.0);
        assertThat(windows.get(1).second()).isEqualTo(10);
        assertThat(windows.get(1).finished()).isEqualTo(1);
        assertThat(timeline.csv()).startsWith("second,arrivals_per_s,p95_round_trip_ms,finished,runners\n0,2.0,");
    }
}
