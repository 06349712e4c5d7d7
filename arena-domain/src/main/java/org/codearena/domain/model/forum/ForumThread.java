package org.codearena.domain.model.forum;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A forum thread. Its posts are numbered 1, 2, … ({@code postCount} is the last number given); {@code version} goes
 * up with every change that its pages show (a post, an edit, a moderator's action) and names them in their ETag.
 */
@Entity
@Table(name = "forum_thread")
public class ForumThread {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "category_id", nullable = false)
    private long categoryId;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Column(name = "author_id", nullable = false)
    private long authorId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_post_at", nullable = false)
    private Instant lastPostAt;

    @Column(name = "last_poster_id")
    private Long lastPosterId;

    @Column(name = "post_count", nullable = false)
    private int postCount;

    @Column(name = "pinned", nullable = false)
    private boolean pinned;

    @Column(name = "locked", nullable = false)
    private boolean locked;

    @Column(name = "hidden", nullable = false)
    private boolean hidden;

    @Column(name = "version", nullable = false)
    private long version;

    protected ForumThread() {
    }

    public ForumThread(long categoryId, String title, long authorId, Instant createdAt) {
        this.categoryId = categoryId;
        this.title = title;
        this.authorId = authorId;
        this.createdAt = createdAt;
        this.lastPostAt = createdAt;
        this.lastPosterId = authorId;
    }

    public Long getId() {
        return id;
    }

    public long getCategoryId() {
        return categoryId;
    }

    public String getTitle() {
        return title;
    }

    public long getAuthorId() {
        return authorId;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getLastPostAt() {
        return lastPostAt;
    }

    public int getPostCount() {
        return postCount;
    }

    public boolean isPinned() {
        return pinned;
    }

    public boolean isLocked() {
        return locked;
    }

    public boolean isHidden() {
        return hidden;
    }

    public long getVersion() {
        return version;
    }

    public void setPinned(boolean pinned) {
        this.pinned = pinned;
        version++;
    }

    public void setLocked(boolean locked) {
        this.locked = locked;
        version++;
    }

    public void setHidden(boolean hidden) {
        this.hidden = hidden;
        version++;
    }

    public void moveTo(long categoryId) {
        this.categoryId = categoryId;
        version++;
    }

    public void retitle(String title) {
        this.title = title;
        version++;
    }

    /** Gives the next post its number and counts it as the thread's latest activity. */
    public int nextPost(long posterId, Instant at) {
        postCount++;
        lastPostAt = at;
        lastPosterId = posterId;
        version++;
        return postCount;
    }

    /** A change to one of its posts (an edit, a delete, a moderator hiding it): its pages are new. */
    public void touched() {
        version++;
    }
}
