package org.codearena.domain.model.forum;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A post: its Markdown as written (rendered safely when shown), its number in the thread, the post it replies to.
 * An edit keeps the text it replaces (forum_post_revision); a delete by its author is soft (the text stays for
 * moderators, the page says it was deleted); a moderator may hide it.
 */
@Entity
@Table(name = "forum_post")
public class ForumPost {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "thread_id", nullable = false)
    private long threadId;

    @Column(name = "number", nullable = false)
    private int number;

    @Column(name = "author_id", nullable = false)
    private long authorId;

    @Column(name = "reply_to_number")
    private Integer replyToNumber;

    @Column(name = "body_markdown", nullable = false)
    private String bodyMarkdown;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "edited_at")
    private Instant editedAt;

    @Column(name = "edit_count", nullable = false)
    private int editCount;

    @Column(name = "deleted_at")
    private Instant deletedAt;

    @Column(name = "hidden", nullable = false)
    private boolean hidden;

    @Column(name = "hidden_by")
    private Long hiddenBy;

    protected ForumPost() {
    }

    public ForumPost(long threadId, int number, long authorId, Integer replyToNumber, String bodyMarkdown,
                     Instant createdAt) {
        this.threadId = threadId;
        this.number = number;
        this.authorId = authorId;
        this.replyToNumber = replyToNumber;
        this.bodyMarkdown = bodyMarkdown;
        this.createdAt = createdAt;
    }

    public Long getId() {
        return id;
    }

    public long getThreadId() {
        return threadId;
    }

    public int getNumber() {
        return number;
    }

    public long getAuthorId() {
        return authorId;
    }

    public Integer getReplyToNumber() {
        return replyToNumber;
    }

    public String getBodyMarkdown() {
        return bodyMarkdown;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getEditedAt() {
        return editedAt;
    }

    public int getEditCount() {
        return editCount;
    }

    public Instant getDeletedAt() {
        return deletedAt;
    }

    public boolean isDeleted() {
        return deletedAt != null;
    }

    public boolean isHidden() {
        return hidden;
    }

    /** Replaces the text (the caller keeps the old one as a revision first). */
    public void edit(String bodyMarkdown, Instant at) {
        this.bodyMarkdown = bodyMarkdown;
        this.editedAt = at;
        this.editCount++;
    }

    public void delete(Instant at) {
        this.deletedAt = at;
    }

    public void setHidden(boolean hidden, Long moderatorId) {
        this.hidden = hidden;
        this.hiddenBy = hidden ? moderatorId : null;
    }
}
