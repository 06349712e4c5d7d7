package org.codearena.loadtest.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadScheduleTest {

    @Test
    void burstFiresEverythingAtOnceByDefault() {
        LoadSchedule schedule = LoadSchedule.burst(1000, null, 500);
        assertThat(schedule.requests()).isEqualTo(1000);
        assertThat(schedule.intendedStartNanos(0)).isZero();
        assertThat(schedule.intendedStartNanos(999)).isZero();
    }

    @Test
    void batchesComeEveryInterval() {
        LoadSchedule schedule = LoadSchedule.burst(25, 10, 200);
        assertThat(schedule.intendedStartNanos(9)).isZero();
        assertThat(schedule.intendedStartNanos(10)).isEqualTo(200_000_000L);
        assertThat(schedule.intendedStartNanos(24)).isEqualTo(400_000_000L);
    }

    @Test
    void openModelSpacesRequestsEvenly() {
        LoadSchedule schedule = LoadSchedule.open(20, 3);
        assertThat(schedule.requests()).isEqualTo(60);
        assertThat(schedule.intendedStartNanos(1)).isEqualTo(50_000_000L);
        assertThat(schedule.intendedStartNanos(59)).isEqualTo(59 * 50_000_000L);
    }

    @Test
    void stepsFollowOneRateAfterAnother() {
        LoadSchedule schedule = LoadSchedule.steps("2x3,0x2,10x1");
        // 6 at 2/s, a pause of 2 s, then 10 within the last second
        assertThat(schedule.requests()).isEqualTo(16);
        assertThat(schedule.intendedStartNanos(1)).isEqualTo(500_000_000L);
        assertThat(schedule.intendedStartNanos(5)).isEqualTo(2_500_000_000L);
        assertThat(schedule.intendedStartNanos(6)).isEqualTo(5_000_000_000L);
        assertThat(schedule.intendedStartNanos(15)).isEqualTo(5_900_000_000L);
        assertThatThrownBy(() -> LoadSchedule.steps("2x3,fast")).hasMessageContaining("RATExSECONDS");
        assertThatThrownBy(() -> LoadSchedule.steps("0x10")).hasMessageContaining("no request");
    }

    @Test
    void nonsenseIsRefusedWithAReason() {
        assertThatThrownBy(() -> LoadSchedule.burst(0, null, 1)).hasMessageContaining("at least one request");
        assertThatThrownBy(() -> LoadSchedule.open(0, 5)).hasMessageContaining("positive");
    }
}
