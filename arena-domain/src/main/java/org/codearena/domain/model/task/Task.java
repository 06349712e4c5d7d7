package org.codearena.domain.model.task;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.codearena.protocol.Comparison;

/** A task: a statement in Markdown, limits, how output is compared; its tests are {@link TaskTest}s. */
@Entity
@Table(name = "task")
@Cacheable
@NamedQuery(name = "Task.findPublic", query = "select t from Task t where t.publicTask = true order by t.sortOrder",
        hints = @QueryHint(name = "org.hibernate.cacheable", value = "true"))
@NamedQuery(name = "Task.findBySlug", query = "select t from Task t where t.slug = :slug",
        hints = @QueryHint(name = "org.hibernate.cacheable", value = "true"))
public class Task {

    public enum Difficulty { EASY, MEDIUM, HARD }


    @Id
    private Long id;

    @Column(name = "slug", nullable = false, length = 64)
    private String slug;

    @Column(name = "title", nullable = false, length = 200)
    private String title;

    @Enumerated(EnumType.STRING)
    @Column(name = "difficulty", nullable = false, length = 16)
    private Difficulty difficulty;

    @Column(name = "statement_markdown", nullable = false)
    private String statementMarkdown;

    @Column(name = "time_limit_millis", nullable = false)
    private int timeLimitMillis;

    @Column(name = "memory_limit_kb", nullable = false)
    private long memoryLimitKb;

    @Enumerated(EnumType.STRING)
    @Column(name = "comparison", nullable = false, length = 16)
    private Comparison comparison;

    /** comma-separated language ids; null allows every language */
    @Column(name = "allowed_languages", length = 400)
    private String allowedLanguages;

    @Column(name = "is_public", nullable = false)
    private boolean publicTask;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Task() {
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

    public Difficulty getDifficulty() {
        return difficulty;
    }

    public String getStatementMarkdown() {
        return statementMarkdown;
    }

    public int getTimeLimitMillis() {
        return timeLimitMillis;
    }

    public long getMemoryLimitKb() {
        return memoryLimitKb;
    }

    public Comparison getComparison() {
        return comparison;
    }

    /** Whether a solution may be written in the language (every language unless the task names some). */
    public boolean allows(String languageId) {
        return allowedLanguages == null || allowedLanguages.isBlank()
                || Arrays.stream(allowedLanguages.split(",")).map(String::strip).anyMatch(languageId::equals);
    }

    /** The languages the task names, or an empty list when every language is allowed. */
    public List<String> getAllowedLanguages() {
        return allowedLanguages == null || allowedLanguages.isBlank() ? List.of()
                : Arrays.stream(allowedLanguages.split(",")).map(String::strip).toList();
    }

    public boolean isPublicTask() {
        return publicTask;
    }

    public int getSortOrder() {
        return sortOrder;
    }
}
