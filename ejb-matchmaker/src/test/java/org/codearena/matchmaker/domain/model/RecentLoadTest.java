package org.codearena.matchmaker.domain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentLoadTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void ratesFollowAStepWithinTheRateWindow() {
        RecentLoad load = new RecentLoad();
        // a minute at 1 run/s, then 15 s at 8 runs/s
        for (int s = 0; s < 60; s++) {
            load.arrived("python", T0.plusSeconds(s));
        }
        for (int ms = 0; ms < 15_000; ms += 125) {
            load.arrived("python", T0.plusSeconds(60).plusMillis(ms));
        }
        RecentLoad.Load now = load.loads(T0.plusSeconds(75)).get(0);
        assertEquals(8.0, now.arrivalsPerSecond(), 0.6);
    }

    @Test
    void serviceIsMeanOverTheMinuteAndP95OverTheLastHalfMinute() {
        RecentLoad load = new RecentLoad();
        for (int i = 0; i < 20; i++) {
            load.finished("c", Duration.ofMillis(100), Duration.ofMillis(5000), T0.plusSeconds(i));
        }
        for (int i = 0; i < 20; i++) {
            load.finished("c", Duration.ofMillis(300), Duration.ofMillis(400), T0.plusSeconds(40 + i));
        }
        RecentLoad.Load now = load.loads(T0.plusSeconds(60)).get(0);
        assertEquals(200.0, now.meanServiceMillis(), 0.01);
        assertEquals(40, now.finished());
        // the early slow round trips have left the percentile window
        assertTrue(now.roundTripP95Millis() <= 401, now.toString());
        assertNull(now.waitP95Millis());
    }

    @Test
    void aTypeQuietForAMinuteLeaves() {
        RecentLoad load = new RecentLoad();
        load.arrived("java", T0);
        assertEquals(1, load.loads(T0.plusSeconds(30)).size());
        assertEquals(List.of(), load.loads(T0.plusSeconds(70)));
    }
}
