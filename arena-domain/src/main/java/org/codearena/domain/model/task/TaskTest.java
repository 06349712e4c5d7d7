package org.codearena.domain.model.task;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** One test of a task: input, expected output, points; samples are shown to the person, the rest hidden. */
@Entity
@Table(name = "task_test")
@NamedQuery(name = "TaskTest.findSamples",
        query = "select t from TaskTest t where t.taskId = :taskId and t.sample = true order by t.ordinal")
@NamedQuery(name = "TaskTest.outline", query = "select t.ordinal, t.sample, t.points, t.groupPath from TaskTest t "
        + "where t.taskId = :taskId order by t.ordinal")
@NamedQuery(name = "TaskTest.totals",
        query = "select count(t), coalesce(sum(t.points), 0) from TaskTest t where t.taskId = :taskId")
@NamedQuery(name = "TaskTest.findByTask", query = "select t from TaskTest t where t.taskId = :taskId order by t.ordinal")
public class TaskTest {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "task_id", nullable = false)
    private long taskId;

    @Column(name = "ordinal", nullable = false)
    private int ordinal;

    @Column(name = "sample", nullable = false)
    private boolean sample;

    @Column(name = "input", nullable = false)
    private String input;

    @Column(name = "expected_output", nullable = false)
    private String expectedOutput;

    @Column(name = "points", nullable = false)
    private int points;

    /** the folder it came from ('sample', 'secret', 'secret/group1'); null for a task's plain list of tests */
    @Column(name = "group_path", length = 200)
    private String groupPath;

    /** its file name without extension, as the package had it */
    @Column(name = "name", length = 200)
    private String name;

    protected TaskTest() {
    }

    public TaskTest(long taskId, int ordinal, boolean sample, String input, String expectedOutput, int points,
                    String groupPath, String name) {
        this.taskId = taskId;
        this.ordinal = ordinal;
        this.sample = sample;
        this.input = input;
        this.expectedOutput = expectedOutput;
        this.points = points;
        this.groupPath = groupPath;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getGroupPath() {
        return groupPath;
    }

    public String getName() {
        return name;
    }

    /** A test fixed by an operator (a wrong expected output, say); the task's submissions are re-judged next. */
    public void correct(String input, String expectedOutput, int points) {
        this.input = input;
        this.expectedOutput = expectedOutput;
        this.points = points;
    }

    public long getTaskId() {
        return taskId;
    }

    public int getOrdinal() {
        return ordinal;
    }

    public boolean isSample() {
        return sample;
    }

    public String getInput() {
        return input;
    }

    public String getExpectedOutput() {
        return expectedOutput;
    }

    public int getPoints() {
        return points;
    }
}
