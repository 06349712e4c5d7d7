package org.codearena.web.application.reports;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One report as the pages draw it and the CSV downloads print it: a few headline figures, then tables, each with
 * how it is best drawn, and how fresh the replica it was read from is.
 */
public record Report(String kind, String title, Map<String, Object> summary, List<Table> tables, Freshness freshness) {

    /**
     * A table of figures. {@code chart} says how a page draws it (null: a table only): bars over categories (the
     * first column names them) or over time (the first column is an ISO instant), one series per further column
     * listed in {@code series}.
     */
    public record Table(String id, String title, List<String> columns, List<List<Object>> rows, Chart chart) {
    }

    /** {@code kind}: "bars" or "stacked" or "lines"; {@code x}: "category" or "time"; series: column indexes. */
    public record Chart(String kind, String x, List<Integer> series, String unit) {
    }

    /**
     * When the figures were true: the replica's replay point ({@code asOf}) and how far it was behind the primary
     * when read; {@code stale} when that is more than the configured bound, with a sentence saying so.
     */
    public record Freshness(Instant readAt, long lagMillis, boolean stale, String note) {
    }

    public Table table(String id) {
        return tables.stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
    }
}
