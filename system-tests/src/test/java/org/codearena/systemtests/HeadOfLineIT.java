package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A slow runner type saturated with long jobs does not delay another type: both agents serve every
 * language, yet a flood of slow JavaScript leaves one of them to Python.
 */
class HeadOfLineIT {

    private static final String SLOW_JAVASCRIPT = "setTimeout(() => console.log('done'), 3000);\n";
    private static final ArenaClient CLIENT = ArenaClient.signedUp();

    /** The slowest of 8 sequential Python round trips: with 8 samples, p99 is the maximum. */
    private static long pythonP99Millis() {
        List<Long> roundTrips = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long started = System.nanoTime();
            assertThat(CLIENT.run("python", "print(input())", "fast").get("verdict").asText()).isEqualTo("OK");
            roundTrips.add((System.nanoTime() - started) / 1_000_000);
        }
        return Collections.max(roundTrips);
    }

    @Test
    void fastTypesRoundTripDoesNotMoveWhenASlowTypeIsSaturated() {
        pythonP99Millis(); // warm up
        long idle = pythonP99Millis();

        // the matchmaker learns that javascript is slow from a finished run, then a flood arrives
        CLIENT.run("javascript", SLOW_JAVASCRIPT, "");
        List<Long> flood = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            flood.add(CLIENT.post("api/v1/runs", Map.of("language", "javascript", "source", SLOW_JAVASCRIPT))
                    .body().get("id").asLong());
        }
        long saturated = pythonP99Millis();

        System.out.printf("head-of-line: python p99 idle %d ms, with javascript saturated %d ms%n", idle, saturated);
        assertThat(saturated).as("python p99 idle %d ms, with javascript saturated %d ms", idle, saturated)
                .isLessThanOrEqualTo(Math.max(Math.round(idle * 1.2), idle + 300));
        for (long runId : flood) {
            assertThat(CLIENT.awaitFinished(runId).get("verdict").asText()).isEqualTo("OK");
        }
    }
}
