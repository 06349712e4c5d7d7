package org.codearena.domain.model.contest;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A contest: a window, tasks, optional regions, and which submission per task counts (the best, or the last).
 * Its ADMINs may edit it ({@link #edit}): before it starts, everything; once it runs, what does not change what
 * was already scored. The scoreboard may freeze for the contest's last minutes (as ICPC contests do): from then
 * on the public board shows only submissions made before the freeze, until the results are published.
 * Read from the second-level cache (ehcache.xml keeps it 30 s, so that an edit reaches every server soon).
 */
@Entity
@Table(name = "contest")
@Cacheable
@NamedQuery(name = "Contest.findBySlug", query = "select c from Contest c where c.slug = :slug",
        hints = @QueryHint(name = "org.hibernate.cacheable", value = "true"))
@NamedQuery(name = "Contest.findRecent", query = "select c from Contest c order by c.startsAt desc")
public class Contest {

    /** Which submission per task counts: the best-scoring (the earliest of equals), or the last judged. */
    public enum Rule { BEST, LAST }

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "slug", nullable = false, length = 64)
    private String slug;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Column(name = "starts_at", nullable = false)
    private Instant startsAt;

    @Column(name = "ends_at", nullable = false)
    private Instant endsAt;

    @Column(name = "task_ids", nullable = false, length = 1000)
    private String taskIds;

    @Enumerated(EnumType.STRING)
    @Column(name = "scoring_rule", nullable = false, length = 8)
    private Rule rule;

    @Column(name = "regions", nullable = false, length = 1000)
    private String regions = "";

    @Column(name = "created_by", nullable = false)
    private long createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** the scoreboard freezes this many minutes before the end (0: never) */
    @Column(name = "freeze_minutes", nullable = false)
    private int freezeMinutes;

    /** when an ADMIN published the final standings (the board is frozen no more); null before */
    @Column(name = "results_published_at")
    private Instant resultsPublishedAt;

    /** the longest freeze: a board frozen longer than a day tells no one anything */
    public static final int MAX_FREEZE_MINUTES = 24 * 60;

    protected Contest() {
    }

    public Contest(String slug, String title, Instant startsAt, Instant endsAt, List<Long> taskIds, Rule rule,
                   List<String> regions, long createdBy, Instant createdAt) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("slug must be 2 to 63 of a-z, 0-9 and '-', starting with a letter or digit");
        }
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title is required, at most 200 characters");
        }
        if (startsAt == null || endsAt == null || !endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("the window needs startsAt before endsAt");
        }
        if (taskIds.isEmpty() || taskIds.size() > 20 || taskIds.stream().distinct().count() != taskIds.size()) {
            throw new IllegalArgumentException("a contest has 1 to 20 different tasks");
        }
        for (String region : regions) {
            if (region.isBlank() || region.length() > 64 || region.contains(",")) {
                throw new IllegalArgumentException("a region is a name of 1 to 64 characters without commas, not '" + region + "'");
            }
        }
        this.slug = slug;
        this.title = title.strip();
        this.startsAt = startsAt.truncatedTo(ChronoUnit.MICROS);
        this.endsAt = endsAt.truncatedTo(ChronoUnit.MICROS);
        this.taskIds = taskIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.rule = rule == null ? Rule.BEST : rule;
        this.regions = regions.stream().map(String::strip).distinct().collect(Collectors.joining(","));
        this.createdBy = createdBy;
        this.createdAt = createdAt;
    }

    /**
     * Changes the contest. Before it starts, anything may change. Once it runs, the title, the end (not into the
     * past), the freeze and new regions may: its start, tasks, rule and existing regions are what submissions were
     * scored and placed under. Throws IllegalArgumentException with a message a person understands.
     */
    public void edit(String newTitle, Instant newStartsAt, Instant newEndsAt, List<Long> newTaskIds, Rule newRule,
                     List<String> newRegions, int newFreezeMinutes, Instant now) {
        Contest checked = new Contest(slug, newTitle, newStartsAt, newEndsAt, newTaskIds, newRule, newRegions,
                createdBy, createdAt);
        checked.setFreeze(newFreezeMinutes);
        if (!now.isBefore(startsAt)) {
            if (!checked.startsAt.equals(startsAt)) {
                throw new IllegalArgumentException("the contest has started: its start cannot change");
            }
            if (!checked.taskIds.equals(taskIds) || checked.rule != rule) {
                throw new IllegalArgumentException("the contest has started: its tasks and rule cannot change "
                        + "(submissions were scored under them)");
            }
            if (!checked.getRegions().containsAll(getRegions())) {
                throw new IllegalArgumentException("the contest has started: regions can be added, not removed "
                        + "(participants have chosen them)");
            }
            if (!checked.endsAt.equals(endsAt) && checked.endsAt.isBefore(now)) {
                throw new IllegalArgumentException("the end cannot move into the past");
            }
        }
        title = checked.title;
        startsAt = checked.startsAt;
        endsAt = checked.endsAt;
        taskIds = checked.taskIds;
        rule = checked.rule;
        regions = checked.regions;
        freezeMinutes = checked.freezeMinutes;
    }

    public void setFreeze(int minutes) {
        if (minutes < 0 || minutes > MAX_FREEZE_MINUTES) {
            throw new IllegalArgumentException("the scoreboard freezes 0 (never) to " + MAX_FREEZE_MINUTES
                    + " minutes before the end, not " + minutes);
        }
        freezeMinutes = minutes;
    }

    /** When the public scoreboard stops showing new submissions, if it freezes at all. */
    public java.util.Optional<Instant> freezesAt() {
        if (freezeMinutes == 0) {
            return java.util.Optional.empty();
        }
        Instant at = endsAt.minus(java.time.Duration.ofMinutes(freezeMinutes));
        return java.util.Optional.of(at.isBefore(startsAt) ? startsAt : at);
    }

    /** Whether the public scoreboard shows only what was submitted before the freeze. */
    public boolean isFrozenAt(Instant now) {
        return resultsPublishedAt == null && freezesAt().map(at -> !now.isBefore(at)).orElse(false);
    }

    /** The final standings are shown to everyone (after the end). */
    public void publishResults(Instant now) {
        if (now.isBefore(endsAt)) {
            throw new IllegalArgumentException("the results can be published once the contest has ended");
        }
        if (resultsPublishedAt == null) {
            resultsPublishedAt = now;
        }
    }

    public int getFreezeMinutes() {
        return freezeMinutes;
    }

    public Instant getResultsPublishedAt() {
        return resultsPublishedAt;
    }

    public List<Long> getTaskIds() {
        return Arrays.stream(taskIds.split(",")).map(Long::valueOf).toList();
    }

    public List<String> getRegions() {
        return regions.isBlank() ? List.of() : List.of(regions.split(","));
    }

    public Long getId() {
        return id;
    }

    public String getSlug() {
        return slug;
    }

    public String getTitle() {
        return title;
    }

    public Instant getStartsAt() {
        return startsAt;
    }

    public Instant getEndsAt() {
        return endsAt;
    }

    public Rule getRule() {
        return rule;
    }
}
