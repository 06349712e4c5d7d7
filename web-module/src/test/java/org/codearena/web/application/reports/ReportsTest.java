package org.codearena.web.application.reports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReportsTest {

    @Test
    void percentagesFallIntoTenBarsWithAHundredInTheLast() {
        List<List<Object>> bars = Reports.percentBuckets(List.of(0.0, 9.99, 10.0, 55.5, 99.0, 100.0, -1.0, 130.0));
        assertThat(bars).hasSize(10);
        assertThat(bars.get(0)).containsExactly("0–9 %", 3L);
        assertThat(bars.get(1)).containsExactly("10–19 %", 1L);
        assertThat(bars.get(5)).containsExactly("50–59 %", 1L);
        assertThat(bars.get(9)).containsExactly("90–100 %", 3L);
    }

    @Test
    void mediansAndPercentsAreRoundedToOneDecimalAndEmptyIsNoMedian() {
        assertThat(Reports.median(List.of())).isNull();
        assertThat(Reports.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Reports.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
        assertThat(Reports.percent(1, 3)).isEqualTo(33.3);
        assertThat(Reports.percent(5, 0)).isZero();
    }
}
