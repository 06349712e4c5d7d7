package org.codearena.domain.model.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;

/**
 * A group of a task's tests ('sample', 'secret', 'secret/group1'): its points and how its tests make them, and
 * the output check's flags where the group has its own. A task without groups scores test by test.
 */
@Entity
@Table(name = "task_test_group")
@IdClass(TaskTestGroup.Key.class)
@NamedQuery(name = "TaskTestGroup.findByTask",
        query = "select g from TaskTestGroup g where g.taskId = :taskId order by g.ordinal")
public class TaskTestGroup {

    /** The identity: task and path. */
    public static class Key implements Serializable {
        private long taskId;
        private String path;

        public Key() {
        }

        public Key(long taskId, String path) {
            this.taskId = taskId;
            this.path = path;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.taskId == taskId && java.util.Objects.equals(key.path, path);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(taskId, path);
        }
    }

    @Id
    @Column(name = "task_id", nullable = false)
    private long taskId;

    @Id
    @Column(name = "path", nullable = false, length = 200)
    private String path;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "points", nullable = false)
    private int points;

    @Enumerated(EnumType.STRING)
    @Column(name = "aggregation", nullable = false, length = 16)
    private Aggregation aggregation;

    @Column(name = "validator_flags", length = 400)
    private String validatorFlags;

    @Column(name = "testdata_yaml")
    private String testdataYaml;

    protected TaskTestGroup() {
    }

    public TaskTestGroup(long taskId, String path, int ordinal, int points, Aggregation aggregation,
                         String validatorFlags, String testdataYaml) {
        this.taskId = taskId;
        this.path = path;
        this.ordinal = ordinal;
        this.points = points;
        this.aggregation = aggregation;
        this.validatorFlags = validatorFlags;
        this.testdataYaml = testdataYaml;
    }

    public long getTaskId() {
        return taskId;
    }

    public String getPath() {
        return path;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public int getPoints() {
        return points;
    }

    public Aggregation getAggregation() {
        return aggregation;
    }

    public String getValidatorFlags() {
        return validatorFlags;
    }

    public String getTestdataYaml() {
        return testdataYaml;
    }
}
