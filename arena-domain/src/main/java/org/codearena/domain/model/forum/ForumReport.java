package org.codearena.domain.model.forum;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Someone's report of a post, waiting in the moderation queue until a moderator hides the post or dismisses it. */
@Entity
@Table(name = "forum_report")
public class ForumReport {

    public enum Resolution { HIDDEN, DISMISSED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "post_id", nullable = false)
    private long postId;

    @Column(name = "reporter_id", nullable = false)
    private long reporterId;

    @Column(name = "reason", nullable = false, length = 500)
    private String reason;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    @Column(name = "resolved_by")
    private Long resolvedBy;

    @Column(name = "resolution", length = 16)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Resolution resolution;

    protected ForumReport() {
    }

    public ForumReport(long postId, long reporterId, String reason, Instant createdAt) {
        this.postId = postId;
        this.reporterId = reporterId;
        this.reason = reason;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public long getPostId() {
        return postId;
    }

    public long getReporterId() {
        return reporterId;
    }

    public String getReason() {
        return reason;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Resolution getResolution() {
        return resolution;
    }

    public void resolve(Resolution resolution, long moderatorId, Instant at) {
        this.resolution = resolution;
        this.resolvedBy = moderatorId;
        this.resolvedAt = at;
    }
}
