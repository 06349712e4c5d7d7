package org.codearena.domain.model.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;

/** One execution of a person's code: written before it is accepted, so that it is never lost. */
@Entity
@Table(name = "run")
@NamedQuery(name = "Run.findUnfinished",
        query = "select r.id, r.languageId, r.priorityClass, r.acceptedAt from Run r "
                + "where r.status <> org.codearena.domain.model.run.RunStatus.FINISHED order by r.acceptedAt")
public class Run {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    /** optimistic lock: a result and a dispatch claim that race, or two deliveries of a result, cannot both win */
    @jakarta.persistence.Version
    @Column(name = "version", nullable = false)
    private long version;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "language_id", nullable = false, length = 32)
    private String languageId;

    @Column(name = "source", nullable = false, columnDefinition = "text")
    private String source;

    @Column(name = "stdin", nullable = false, columnDefinition = "text")
    private String stdin;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private RunStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "priority_class", nullable = false, length = 16)
    private PriorityClass priorityClass;

    @Enumerated(EnumType.STRING)
    @Column(name = "verdict", length = 16)
    private Verdict verdict;

    @Column(name = "stdout", columnDefinition = "text")
    private String stdout;

    @Column(name = "stderr", columnDefinition = "text")
    private String stderr;

    @Column(name = "exit_code")
    private Integer exitCode;

    @Column(name = "time_millis")
    private Long timeMillis;

    @Column(name = "memory_kb")
    private Long memoryKb;

    @Column(name = "runner_id", length = 100)
    private String runnerId;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    /** the submission this run judges; null for a plain run */
    @Column(name = "submission_id")
    private Long submissionId;

    @Column(name = "accepted_at", nullable = false)
    private Instant acceptedAt;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    protected Run() {
    }

    public Run(long accountId, String languageId, PriorityClass priorityClass, String source, String stdin,
               Instant acceptedAt) {
        this.accountId = accountId;
        this.priorityClass = priorityClass;
        this.languageId = languageId;
        this.source = source;
        this.stdin = stdin;
        this.acceptedAt = acceptedAt;
        this.status = RunStatus.QUEUED;
    }

    /**
     * A run as a row of table {@code run} holds it ({@code select *}, {@code returning *}), for the hot paths that
     * write a run with one statement on a connection of their own instead of through the persistence context
     * (accepting a run that starts at once, storing a runner's result). Not managed: a later change of it goes
     * through the entity manager, which reads it again.
     */
    public static Run ofRow(java.sql.ResultSet row) throws java.sql.SQLException {
        Run run = new Run(row.getLong("account_id"), row.getString("language_id"),
                PriorityClass.valueOf(row.getString("priority_class")), row.getString("source"),
                row.getString("stdin"), instant(row, "accepted_at"));
        run.id = row.getLong("id");
        run.version = row.getLong("version");
        run.status = RunStatus.valueOf(row.getString("status"));
        String verdict = row.getString("verdict");
        run.verdict = verdict == null ? null : Verdict.valueOf(verdict);
        run.stdout = row.getString("stdout");
        run.stderr = row.getString("stderr");
        run.exitCode = row.getObject("exit_code", Integer.class);
        run.timeMillis = row.getObject("time_millis", Long.class);
        run.memoryKb = row.getObject("memory_kb", Long.class);
        run.runnerId = row.getString("runner_id");
        run.attempts = row.getInt("attempts");
        run.submissionId = row.getObject("submission_id", Long.class);
        run.startedAt = instant(row, "started_at");
        run.finishedAt = instant(row, "finished_at");
        return run;
    }

    private static Instant instant(java.sql.ResultSet row, String column) throws java.sql.SQLException {
        java.time.OffsetDateTime value = row.getObject(column, java.time.OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** The matchmaker gave this run to a runner. */
    public void dispatchedTo(String runnerId, Instant at) {
        this.runnerId = runnerId;
        this.startedAt = at;
        this.attempts++;
        this.status = RunStatus.RUNNING;
    }

    /**
     * A run that was given to a runner {@code maxAttempts} times without a result (each runner died on it)
     * ends as SYSTEM_ERROR with a message that says what happened. Returns whether it was abandoned.
     */
    public boolean abandonIfOutOfAttempts(int maxAttempts, Instant at) {
        if (status == RunStatus.FINISHED || attempts < maxAttempts) {
            return false;
        }
        return finish(new RunResult(id == null ? 0 : id, runnerId, Verdict.SYSTEM_ERROR, "",
                "The run was given to a runner " + attempts + " times and no runner finished it "
                        + "(each one stopped answering). Please run it again; if it keeps failing, "
                        + "tell the operators.", -1, 0, 0), at);
    }

    /**
     * An operator retries a plain run that ended with SYSTEM_ERROR: it waits for a runner again, with a fresh count
     * of attempts and nothing of its failed result. Returns false (and changes nothing) for any other run.
     */
    public boolean retryAfterSystemError() {
        if (status != RunStatus.FINISHED || verdict != Verdict.SYSTEM_ERROR || submissionId != null) {
            return false;
        }
        status = RunStatus.QUEUED;
        verdict = null;
        stdout = null;
        stderr = null;
        exitCode = null;
        timeMillis = null;
        memoryKb = null;
        runnerId = null;
        attempts = 0;
        startedAt = null;
        finishedAt = null;
        return true;
    }

    /** An operator moves a waiting run to another priority class. Returns false when it is not waiting. */
    public boolean reclassify(PriorityClass to) {
        if (status != RunStatus.QUEUED) {
            return false;
        }
        priorityClass = to;
        return true;
    }

    /** Stores a runner's result. Returns false when the run had already finished (a late duplicate). */
    public boolean finish(RunResult result, Instant at) {
        // RunStore.FINISH does the same in one statement for a runner's result: keep the two alike
        if (status == RunStatus.FINISHED) {
            return false;
        }
        this.status = RunStatus.FINISHED;
        this.verdict = result.verdict();
        this.stdout = storable(result.stdout());
        this.stderr = storable(result.stderr());
        this.exitCode = result.exitCode();
        this.timeMillis = result.timeMillis();
        this.memoryKb = result.memoryKb();
        this.runnerId = result.runnerId();
        this.finishedAt = at;
        return true;
    }

    /** PostgreSQL text cannot hold NUL; programs may print it. Shown as U+FFFD, the replacement character. */
    public static String storable(String output) {
        return output == null ? null : output.replace('\u0000', '\uFFFD');
    }

    /** This run judges the submission (set once the submission, which names the run, is stored). */
    public void judges(long submissionId) {
        this.submissionId = submissionId;
    }

    public Long getSubmissionId() {
        return submissionId;
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public String getLanguageId() {
        return languageId;
    }

    public String getSource() {
        return source;
    }

    public String getStdin() {
        return stdin;
    }

    public PriorityClass getPriorityClass() {
        return priorityClass;
    }

    public RunStatus getStatus() {
        return status;
    }

    public Verdict getVerdict() {
        return verdict;
    }

    public String getStdout() {
        return stdout;
    }

    public String getStderr() {
        return stderr;
    }

    public Integer getExitCode() {
        return exitCode;
    }

    public Long getTimeMillis() {
        return timeMillis;
    }

    public Long getMemoryKb() {
        return memoryKb;
    }

    public String getRunnerId() {
        return runnerId;
    }

    public int getAttempts() {
        return attempts;
    }

    public Instant getAcceptedAt() {
        return acceptedAt;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
