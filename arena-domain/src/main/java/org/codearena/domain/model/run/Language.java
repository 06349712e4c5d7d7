package org.codearena.domain.model.run;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.Table;

/** A language people can run code in; also the runner type that the matchmaker routes on. */
@Entity
@Table(name = "language")
@Cacheable
@NamedQuery(name = "Language.findAll", query = "select l from Language l order by l.sortOrder",
        hints = @QueryHint(name = "org.hibernate.cacheable", value = "true"))
public class Language {

    @Id
    @Column(name = "id", length = 32)
    private String id;

    @Column(name = "name", nullable = false, length = 64)
    private String name;

    @Column(name = "version", nullable = false, length = 64)
    private String version;

    @Column(name = "editor_mode", nullable = false, length = 32)
    private String editorMode;

    @Column(name = "sort_order", nullable = false)
    private int sortOrder;

    @Column(name = "time_limit_millis", nullable = false)
    private long timeLimitMillis;

    @Column(name = "memory_limit_kb", nullable = false)
    private long memoryLimitKb;

    protected Language() {
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getEditorMode() {
        return editorMode;
    }

    public long getTimeLimitMillis() {
        return timeLimitMillis;
    }

    public long getMemoryLimitKb() {
        return memoryLimitKb;
    }
}
