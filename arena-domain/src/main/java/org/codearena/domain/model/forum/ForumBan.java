package org.codearena.domain.model.forum;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A person a moderator has stopped from posting: until a time, or (no time) until the ban is lifted. */
@Entity
@Table(name = "forum_ban")
public class ForumBan {

    @Id
    @Column(name = "account_id")
    private Long accountId;

    @Column(name = "until")
    private Instant until;

    @Column(name = "reason", nullable = false, length = 500)
    private String reason;

    @Column(name = "banned_by", nullable = false)
    private long bannedBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ForumBan() {
    }

    public ForumBan(long accountId, Instant until, String reason, long bannedBy, Instant createdAt) {
        this.accountId = accountId;
        this.until = until;
        this.reason = reason;
        this.bannedBy = bannedBy;
        this.createdAt = createdAt;
    }

    public Instant getUntil() {
        return until;
    }

    public String getReason() {
        return reason;
    }

    public boolean inForceAt(Instant now) {
        return until == null || until.isAfter(now);
    }
}
