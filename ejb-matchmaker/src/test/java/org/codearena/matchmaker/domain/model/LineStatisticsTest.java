package org.codearena.matchmaker.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.codearena.domain.model.run.PriorityClass;
import org.junit.jupiter.api.Test;

class LineStatisticsTest {

    @Test
    void waitAndRoundTripArePerTypeAndClass() {
        LineStatistics statistics = new LineStatistics();
        Ticket python = new Ticket(1, "python", PriorityClass.INTERACTIVE, Instant.EPOCH, 1);
        for (int millis = 1; millis <= 100; millis++) {
            statistics.dispatched(python, Duration.ofMillis(millis));
            statistics.finished(python, Duration.ofMillis(millis * 10L));
        }

        assertThat(statistics.waitOf("python", PriorityClass.INTERACTIVE).count()).isEqualTo(100);
        assertThat(statistics.waitOf("python", PriorityClass.INTERACTIVE).p50()).isBetween(49L, 51L);
        assertThat(statistics.roundTripOf("python", PriorityClass.INTERACTIVE).max()).isBetween(995L, 1005L);
        assertThat(statistics.waitOf("python", PriorityClass.PRACTICE)).isNull();
        assertThat(statistics.lines()).containsOnlyKeys("python");
    }
}
