package org.codearena.runner.execution;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where one job's time went on the agent (wall clock, per phase, summed over repeats such as tests), logged with
 * the job so that a round trip can be broken down (scripts/roundtrip-benchmark.py reads it). One job at a time.
 */
public final class PhaseTimes {

    private final Map<String, Long> nanos = new LinkedHashMap<>();

    /** Adds the time since {@code startedNanos} (a {@link System#nanoTime()}) to the phase; returns now. */
    public long since(String phase, long startedNanos) {
        long now = System.nanoTime();
        nanos.merge(phase, now - startedNanos, Long::sum);
        return now;
    }

    /** "setupMillis=0.4 compileMillis=212.3 …" */
    public String summary() {
        StringBuilder line = new StringBuilder();
        nanos.forEach((phase, spent) -> line.append(line.isEmpty() ? "" : " ").append(phase).append("Millis=")
                .append(String.format(Locale.ROOT, "%.1f", spent / 1e6)));
        return line.toString();
    }
}
