package org.codearena.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdTest {

    private static final Summary SUMMARY = new Summary(100, 97, 2, 1, Map.of("OK", 97L),
            new Summary.Latency(97, 10, 120, 100, 180, 250, 1900, 2100),
            new Summary.Latency(97, 1, 20, 15, 40, 50, 90, 95), 10, 9.7, List.of(), List.of());

    @Test
    void readsMetricOperatorNumberAndUnit() {
        Threshold p99 = Threshold.parse("p99<2000ms");
        assertThat(p99.metric()).isEqualTo("p99");
        assertThat(p99.operator()).isEqualTo("<");
        assertThat(p99.limit()).isEqualTo(2000);
        assertThat(Threshold.parse("p99 < 2s").limit()).isEqualTo(2000);
        assertThat(Threshold.parse("ERRORS==0").metric()).isEqualTo("errors");
        assertThat(Threshold.parse("error_rate<=5%").limit()).isEqualTo(5);
    }

    @Test
    void judgesTheSummary() {
        assertThat(Threshold.parse("p99<2000ms").holdsFor(SUMMARY)).isTrue();
        assertThat(Threshold.parse("p99<1.5s").holdsFor(SUMMARY)).isFalse();
        assertThat(Threshold.parse("errors==0").holdsFor(SUMMARY)).isFalse();
        assertThat(Threshold.parse("timeouts<=1").holdsFor(SUMMARY)).isTrue();
        assertThat(Threshold.parse("error_rate<5%").holdsFor(SUMMARY)).isTrue();
    }

    @Test
    void badThresholdsSayHowToWriteThem() {
        assertThatThrownBy(() -> Threshold.parse("p99 below 2s")).hasMessageContaining("METRIC OP NUMBER");
        assertThatThrownBy(() -> Threshold.parse("latency<2s")).hasMessageContaining("unknown metric 'latency'");
    }
}
