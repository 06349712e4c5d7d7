package org.codearena.domain.model.assessment;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A recruiter's timed test: tasks in order, a duration per candidate, and a window in which candidates may
 * start. Not changed once created, so it is read from the second-level cache.
 */
@Entity
@Table(name = "assessment")
@Cacheable
@NamedQuery(name = "Assessment.findByOwner",
        query = "select a from Assessment a where a.ownerAccountId = :ownerAccountId order by a.id desc")
public class Assessment {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "owner_account_id", nullable = false)
    private long ownerAccountId;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Column(name = "duration_minutes", nullable = false)
    private int durationMinutes;

    @Column(name = "opens_at", nullable = false)
    private Instant opensAt;

    @Column(name = "closes_at", nullable = false)
    private Instant closesAt;

    @Column(name = "task_ids", nullable = false, length = 1000)
    private String taskIds;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** OFF, WEBCAM, or WEBCAM_AND_SCREEN: what the candidate's browser sends while the time runs. */
    @Column(name = "proctoring", nullable = false, length = 20)
    private String proctoring = "OFF";

    @Column(name = "snapshot_seconds", nullable = false)
    private int snapshotSeconds = 30;

    /** Days snapshots and events are kept after the assessment closes. */
    @Column(name = "retention_days", nullable = false)
    private int retentionDays = 30;

    protected Assessment() {
    }

    public Assessment(long ownerAccountId, String title, int durationMinutes, Instant opensAt, Instant closesAt,
                      List<Long> taskIds, Instant createdAt) {
        if (title == null || title.isBlank() || title.length() > 200) {
            throw new IllegalArgumentException("title is required, at most 200 characters");
        }
        if (durationMinutes < 1 || durationMinutes > 24 * 60) {
            throw new IllegalArgumentException("durationMinutes must be between 1 and 1440, not " + durationMinutes);
        }
        if (opensAt == null || closesAt == null || !closesAt.isAfter(opensAt)) {
            throw new IllegalArgumentException("the window needs opensAt before closesAt");
        }
        if (taskIds.isEmpty() || taskIds.size() > 20) {
            throw new IllegalArgumentException("an assessment has 1 to 20 tasks, not " + taskIds.size());
        }
        if (taskIds.stream().distinct().count() != taskIds.size()) {
            throw new IllegalArgumentException("a task appears twice in the assessment");
        }
        this.ownerAccountId = ownerAccountId;
        this.title = title.strip();
        this.durationMinutes = durationMinutes;
        // PostgreSQL keeps microseconds: what is stored is what is shown
        this.opensAt = opensAt.truncatedTo(ChronoUnit.MICROS);
        this.closesAt = closesAt.truncatedTo(ChronoUnit.MICROS);
        this.taskIds = taskIds.stream().map(String::valueOf).collect(Collectors.joining(","));
        this.createdAt = createdAt;
    }
    public List<Long> getTaskIds() {
        return Arrays.stream(taskIds.split(",")).map(Long::valueOf).toList();
    }

    public Long getId() {
        return id;
    }

    public long getOwnerAccountId() {
        return ownerAccountId;
    }

    public String getTitle() {
        return title;
    }

    public int getDurationMinutes() {
        return durationMinutes;
    }

    public Instant getOpensAt() {
        return opensAt;
    }

    public Instant getClosesAt() {
        return closesAt;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** The proctoring modes: nothing, webcam snapshots, webcam and screen snapshots. */
    public static final java.util.Set<String> PROCTORING = java.util.Set.of("OFF", "WEBCAM", "WEBCAM_AND_SCREEN");

    /**
     * Proctoring as the recruiter sets it: a mode, a snapshot every {@code snapshotSeconds} (5 to 600), kept
     * {@code retentionDays} (1 to 365) after the assessment closes.
     */
    public void proctor(String mode, int snapshotSeconds, int retentionDays) {
        if (mode == null || !PROCTORING.contains(mode)) {
            throw new IllegalArgumentException("proctoring.mode is OFF, WEBCAM or WEBCAM_AND_SCREEN, not " + mode);
        }
        if (snapshotSeconds < 5 || snapshotSeconds > 600) {
            throw new IllegalArgumentException("proctoring.snapshotSeconds is from 5 to 600, not " + snapshotSeconds);
        }
        if (retentionDays < 1 || retentionDays > 365) {
            throw new IllegalArgumentException("proctoring.retentionDays is from 1 to 365, not " + retentionDays);
        }
        this.proctoring = mode;
        this.snapshotSeconds = snapshotSeconds;
        this.retentionDays = retentionDays;
    }

    public String getProctoring() {
        return proctoring;
    }

    public boolean isProctored() {
        return !"OFF".equals(proctoring);
    }

    public int getSnapshotSeconds() {
        return snapshotSeconds;
    }

    public int getRetentionDays() {
        return retentionDays;
    }
}
