package org.codearena.domain.model.forum;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A forum category: a general one (made by an operator or a changeset), or the one of a public task or of a contest
 * (made by the database when the task or the contest is: changeset 026). Its counters move with its threads' posts.
 */
@Entity
@Table(name = "forum_category")
@NamedQuery(name = "ForumCategory.findBySlug", query = "select c from ForumCategory c where c.slug = :slug")
@NamedQuery(name = "ForumCategory.findAll",
        query = "select c from ForumCategory c order by c.sortOrder, c.lastPostAt desc nulls last, c.title")
public class ForumCategory {

    public enum Kind { GENERAL, TASK, CONTEST }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "slug", nullable = false, length = 80)
    private String slug;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Column(name = "description", nullable = false, length = 500)
    private String description;

    @Column(name = "kind", nullable = false, length = 16)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Kind kind;

    @Column(name = "ref_id")
    private Long refId;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    @Column(name = "thread_count", nullable = false)
    private int threadCount;

    @Column(name = "post_count", nullable = false)
    private int postCount;

    @Column(name = "last_post_at")
    private Instant lastPostAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ForumCategory() {
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

    public String getDescription() {
        return description;
    }

    public Kind getKind() {
        return kind;
    }

    public Long getRefId() {
        return refId;
    }

    public int getSortOrder() {
        return sortOrder;
    }

    public int getThreadCount() {
        return threadCount;
    }

    public int getPostCount() {
        return postCount;
    }

    public Instant getLastPostAt() {
        return lastPostAt;
    }
}
