package org.codearena.contest;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A contest's leaderboard at one moment: every participant with a judged submission, ranked by total score,
 * ties broken by time (the latest of their counted submissions, earlier first); equal on both, equal rank.
 * Immutable, and everything a reader asks of it is worked out once: each region's ranking when it is built,
 * each view's JSON the first time someone asks for it ({@link #rendered}). Every viewer after that gets
 * the same text.
 */
public final class Leaderboard implements Serializable {

    /** views kept per board (regions x limits); more are rendered each time */
    static final int MAX_RENDERINGS = 64;

    /** One participant's line; {@code scores} and {@code attempts} follow the contest's tasks, in order. */
    public record Row(int rank, long accountId, String username, String region, int total, long timeSeconds,
                      List<Integer> scores, List<Integer> attempts) implements Serializable {
    }

    private final long contestId;
    private final String slug;
    private final long version;
    /** when the board froze: it shows only what was submitted before then (null: a live board) */
    private final Instant frozenAt;
    private final List<Row> rows;
    private final Map<String, List<Row>> byRegion;
    private final transient ConcurrentHashMap<String, String> renderings = new ConcurrentHashMap<>();

    private Leaderboard(long contestId, String slug, long version, Instant frozenAt, List<Row> rows) {
        this.contestId = contestId;
        this.slug = slug;
        this.version = version;
        this.frozenAt = frozenAt;
        this.rows = rank(rows);
        Map<String, List<Row>> regions = new LinkedHashMap<>();
        for (Row row : this.rows) {
            if (row.region() != null) {
                regions.computeIfAbsent(row.region(), r -> new ArrayList<>()).add(row);
            }
        }
        Map<String, List<Row>> ranked = new LinkedHashMap<>();
        regions.forEach((region, members) -> ranked.put(region, rank(members)));
        this.byRegion = Map.copyOf(ranked);
    }

    /** Rows as computed (best first), with ranks given from their order; the version is the moment. */
    public static Leaderboard ranked(long contestId, String slug, List<Row> ordered) {
        return new Leaderboard(contestId, slug, Instant.now().toEpochMilli(), null, ordered);
    }

    /** A frozen board: only submissions made before {@code frozenAt} are in its rows. */
    public static Leaderboard frozen(long contestId, String slug, Instant frozenAt, List<Row> ordered) {
        return new Leaderboard(contestId, slug, Instant.now().toEpochMilli(), frozenAt, ordered);
    }

    /** When the board froze, or null while it is live. */
    public Instant frozenAt() {
        return frozenAt;
    }

    /** The participants of one region, ranked among themselves; everyone when null or blank. */
    public List<Row> region(String region) {
        if (region == null || region.isBlank()) {
            return rows;
        }
        return byRegion.getOrDefault(region, List.of());
    }

    /** A view of this board rendered once (e.g. as JSON) and then handed out as it is. */
    public String rendered(String view, Supplier<String> render) {
        String done = renderings.get(view);
        if (done != null) {
            return done;
        }
        if (renderings.size() >= MAX_RENDERINGS) {
            // unusual views (odd limits) are rendered for their reader and not kept: the board stays small
            return render.get();
        }
        return renderings.computeIfAbsent(view, key -> render.get());
    }

    /** How many views are kept rendered. */
    int renderedViews() {
        return renderings.size();
    }

    public long contestId() {
        return contestId;
    }

    public String slug() {
        return slug;
    }

    /** When it was computed (milliseconds since the epoch): newer boards have larger versions. */
    public long version() {
        return version;
    }

    public List<Row> rows() {
        return rows;
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
