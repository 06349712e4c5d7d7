package org.codearena.loadtest.report;

import java.util.Locale;
import org.codearena.loadtest.stats.Summary;

/** The table printed at the end of a test. */
public final class TextReport {

    private TextReport() {
    }

    public static String render(String scenario, Summary s) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n== %s ==%n", scenario));
        out.append(String.format(Locale.ROOT, "requests %d   ok %d   errors %d   timeouts %d   duration %.2f s   "
                + "throughput %.2f /s%n", s.count(), s.ok(), s.errors(), s.timeouts(), s.durationSeconds(), s.throughput()));
        if (!s.verdicts().isEmpty()) {
            out.append("by verdict:");
            s.verdicts().forEach((verdict, count) -> out.append(' ').append(verdict).append('=').append(count));
            out.append(System.lineSeparator());
        }
        out.append(String.format(Locale.ROOT, "%-22s %8s %9s %9s %9s %9s %9s %9s %9s%n",
                "latency (ms)", "count", "min", "mean", "p50", "p90", "p95", "p99", "max"));
        row(out, "round trip", s.roundTripMillis());
        if (s.queueWaitMillis().count() > 0) {
            row(out, "queue wait (server)", s.queueWaitMillis());
        }
        return out.toString();
    }

    private static void row(StringBuilder out, String name, Summary.Latency l) {
        out.append(String.format(Locale.ROOT, "%-22s %8d %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                name, l.count(), l.min(), l.mean(), l.p50(), l.p90(), l.p95(), l.p99(), l.max()));
    }
}
