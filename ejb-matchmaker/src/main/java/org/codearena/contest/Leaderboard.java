package org.codearena.contest;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contest's leaderboard at one moment: every participant with a judged submission, ranked by total score,
 * ties broken by time (the latest of their counted submissions, earlier first); equal on both, equal rank.
 * Immutable: computed once per change and handed to every viewer as it is.
 *
 * @param version when it was computed (milliseconds since the epoch): newer boards have larger versions
 */
public record Leaderboard(long contestId, String slug, long version, List<Long> taskIds, List<Row> rows)
        implements Serializable {

    /** One participant's line; {@code scores} and {@code attempts} follow {@code taskIds}. */
    public record Row(int rank, long accountId, String username, String region, int total, long timeSeconds,
                      List<Integer> scores, List<Integer> attempts) implements Serializable {
    }

    /** Rows as computed (best first), with ranks given from their order. */
    public static Leaderboard ranked(long contestId, String slug, List<Long> taskIds, List<Row> ordered) {
        return new Leaderboard(contestId, slug, Instant.now().toEpochMilli(), taskIds, rank(ordered));
    }

    /** The participants of one region, ranked among themselves; every region when null. */
    public List<Row> region(String region) {
        if (region == null || region.isBlank()) {
            return rows;
        }
        return rank(rows.stream().filter(row -> region.equals(row.region())).toList());
    }

    /** Regions and how many ranked participants each has. */
    public Map<String, Long> regionSizes() {
        Map<String, Long> sizes = new LinkedHashMap<>();
        rows.forEach(row -> sizes.merge(row.region() == null ? "" : row.region(), 1L, Long::sum));
        return sizes;
    }

    private static List<Row> rank(List<Row> ordered) {
        List<Row> ranked = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            Row row = ordered.get(i);
            Row previous = i == 0 ? null : ranked.get(i - 1);
            int rank = previous != null && previous.total() == row.total() && previous.timeSeconds() == row.timeSeconds()
                    ? previous.rank() : i + 1;
            ranked.add(new Row(rank, row.accountId(), row.username(), row.region(), row.total(), row.timeSeconds(),
                    row.scores(), row.attempts()));
        }
        return List.copyOf(ranked);
    }
}
