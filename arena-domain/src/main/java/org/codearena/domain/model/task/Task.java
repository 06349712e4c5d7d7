package org.codearena.domain.model.task;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
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
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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

    /** the default validator's flags (TOKENS), as the problem package format writes them */
    @Column(name = "validator_flags", nullable = false, length = 400)
    private String validatorFlags = "";

    /** the validator program of a VALIDATOR or INTERACTIVE task: its language and source */
    @Column(name = "validator_language", length = 32)
    private String validatorLanguage;

    @Column(name = "validator_source")
    private String validatorSource;

    /** the validator's other files (headers) as JSON, name to content; null for none */
    @Column(name = "validator_files")
    private String validatorFiles;

    /** a RECRUITER's private task; null: the platform's */
    @Column(name = "owner_id")
    private Long ownerId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private Status status = Status.PUBLISHED;

    @Column(name = "version", nullable = false)
    private int version = 1;

    @Column(name = "origin", length = 32)
    private String origin;

    @Column(name = "package_yaml")
    private String packageYaml;

    @Column(name = "statement_format", nullable = false, length = 16)
    private String statementFormat = "markdown";

    @Column(name = "published_note", length = 2000)
    private String publishedNote;

    /** A draft is seen by its owner (or ADMINs) only, until it is published. */
    public enum Status { DRAFT, PUBLISHED }

    protected Task() {
    }

    /**
     * A new task, a draft until {@link #publish} (a package's is verified first); {@code ownerId} null for the
     * platform's (public once published), a RECRUITER's id for a private task.
     */
    public Task(String slug, String title, Difficulty difficulty, String statementMarkdown, int timeLimitMillis,
                long memoryLimitKb, Comparison comparison, Long ownerId, int sortOrder, Instant createdAt) {
        this.slug = slug;
        this.title = title;
        this.difficulty = difficulty;
        this.statementMarkdown = statementMarkdown;
        this.timeLimitMillis = timeLimitMillis;
        this.memoryLimitKb = memoryLimitKb;
        this.comparison = comparison;
        this.ownerId = ownerId;
        this.sortOrder = sortOrder;
        this.createdAt = createdAt;
        this.status = Status.DRAFT;
        this.publicTask = false;
    }

    /** How output is checked: a comparison, the default validator's flags, or a validator program. */
    public void checkOutputWith(Comparison comparison, String validatorFlags, String validatorLanguage,
                                String validatorSource) {
        this.comparison = comparison;
        this.validatorFlags = validatorFlags == null ? "" : validatorFlags;
        this.validatorLanguage = validatorLanguage;
        this.validatorSource = validatorSource;
    }

    /** Where the task came from, and its problem.yaml as imported (for export). */
    public void importedFrom(String origin, String packageYaml, String statementFormat) {
        this.origin = origin;
        this.packageYaml = packageYaml;
        this.statementFormat = statementFormat == null ? "markdown" : statementFormat;
    }

    public void limit(int timeLimitMillis, long memoryLimitKb) {
        this.timeLimitMillis = timeLimitMillis;
        this.memoryLimitKb = memoryLimitKb;
    }

    /** Published: a platform task joins the public list; a private one stays its owner's. */
    public void publish(String note) {
        this.status = Status.PUBLISHED;
        this.publicTask = ownerId == null;
        this.publishedNote = note;
    }

    /** Its tests or checking changed: a new version (results judged before keep theirs). */
    public void nextVersion() {
        this.version++;
    }

    /** A new version's title and statement (its tests, limits and checking are set beside). */
    public void rewrite(String title, String statementMarkdown) {
        this.title = title;
        this.statementMarkdown = statementMarkdown;
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

    public String getValidatorFlags() {
        return validatorFlags == null ? "" : validatorFlags;
    }

    public String getValidatorLanguage() {
        return validatorLanguage;
    }

    public String getValidatorSource() {
        return validatorSource;
    }

    public String getValidatorFiles() {
        return validatorFiles;
    }

    /** The validator's other files, as JSON (name to content). */
    public void validatorFiles(String json) {
        this.validatorFiles = json;
    }

    public Long getOwnerId() {
        return ownerId;
    }

    public Status getStatus() {
        return status;
    }

    public int getVersion() {
        return version;
    }

    public String getOrigin() {
        return origin;
    }

    public String getPackageYaml() {
        return packageYaml;
    }

    public String getStatementFormat() {
        return statementFormat;
    }

    public String getPublishedNote() {
        return publishedNote;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public int getSortOrder() {
        return sortOrder;
    }
}
