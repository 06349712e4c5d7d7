package org.codearena.domain.model.submission;

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
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.protocol.Verdict;

/**
 * A person's solution to a task. It is judged by a run that carries all of the task's tests; a re-judge
 * gives it a new run (and keeps the last score until the new one is known).
 */
@Entity
@Table(name = "submission")
@NamedQuery(name = "Submission.findByRun", query = "select s from Submission s where s.runId = :runId")
@NamedQuery(name = "Submission.findHistory",
        query = "select s from Submission s where s.accountId = :accountId and s.id < :before and s.importId is null "
                + "order by s.id desc")
@NamedQuery(name = "Submission.findHistoryByTask", query = "select s from Submission s "
        + "where s.accountId = :accountId and s.taskId = :taskId and s.id < :before and s.importId is null "
        + "order by s.id desc")
@NamedQuery(name = "Submission.bestByAssessment", query = "select s.invitationId, s.taskId, max(s.score), count(s) "
        + "from Submission s, org.codearena.domain.model.assessment.Invitation i where i.id = s.invitationId "
        + "and i.assessmentId = :assessmentId group by s.invitationId, s.taskId")
@NamedQuery(name = "Submission.findByInvitation",
        query = "select s from Submission s where s.invitationId = :invitationId order by s.id desc")
@NamedQuery(name = "Submission.findByTask",
        query = "select s from Submission s where s.taskId = :taskId and s.id > :after and s.importId is null "
                + "order by s.id")
@NamedQuery(name = "Submission.findByImport",
        query = "select s from Submission s where s.importId = :importId order by s.id")
public class Submission {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(name = "task_id", nullable = false)
    private long taskId;

    @Column(name = "language_id", nullable = false, length = 32)
    private String languageId;

    @Column(name = "source", nullable = false, columnDefinition = "text")
    private String source;

    @Enumerated(EnumType.STRING)
    @Column(name = "priority_class", nullable = false, length = 16)
    private PriorityClass priorityClass;

    @Column(name = "run_id", nullable = false)
    private long runId;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private SubmissionStatus status;

    @Enumerated(EnumType.STRING)
    @Column(name = "verdict", length = 16)
    private Verdict verdict;

    @Column(name = "score")
    private Integer score;

    @Column(name = "max_score", nullable = false)
    private int maxScore;

    @Column(name = "tests_passed")
    private Integer testsPassed;

    @Column(name = "tests_total", nullable = false)
    private int testsTotal;

    @Column(name = "max_time_millis")
    private Long maxTimeMillis;

    @Column(name = "max_memory_kb")
    private Long maxMemoryKb;

    /** the assessment invitation it was made in; null for practice */
    @Column(name = "invitation_id")
    private Long invitationId;

    @Column(name = "submitted_at", nullable = false)
    private Instant submittedAt;

    @Column(name = "judged_at")
    private Instant judgedAt;

    protected Submission() {
    }

    public Submission(long accountId, long taskId, String languageId, String source, PriorityClass priorityClass,
                      long runId, int maxScore, int testsTotal, Instant submittedAt) {
        this.accountId = accountId;
        this.taskId = taskId;
        this.languageId = languageId;
        this.source = source;
        this.priorityClass = priorityClass;
        this.runId = runId;
        this.maxScore = maxScore;
        this.testsTotal = testsTotal;
        this.submittedAt = submittedAt;
        this.status = SubmissionStatus.QUEUED;
    }

    /** Records the result of the run that judges it now. */
    public void judged(Scoring scoring, int testsTotal, int maxScore, Instant at) {
        this.verdict = scoring.verdict();
        this.score = scoring.score();
        this.testsPassed = scoring.testsPassed();
        this.testsTotal = testsTotal;
        this.maxScore = maxScore;
        this.maxTimeMillis = scoring.maxTimeMillis();
        this.maxMemoryKb = scoring.maxMemoryKb();
        this.judgedAt = at;
        this.status = SubmissionStatus.JUDGED;
    }

    /** Judged again by a new run (the task's tests changed); the last score stands until then. */
    public void rejudgeBy(long newRunId) {
        this.runId = newRunId;
        this.status = SubmissionStatus.QUEUED;
    }

    public Long getId() {
        return id;
    }

    public long getAccountId() {
        return accountId;
    }

    public long getTaskId() {
        return taskId;
    }

    public String getLanguageId() {
        return languageId;
    }

    public String getSource() {
        return source;
    }

    public PriorityClass getPriorityClass() {
        return priorityClass;
    }

    public long getRunId() {
        return runId;
    }

    public SubmissionStatus getStatus() {
        return status;
    }

    public Verdict getVerdict() {
        return verdict;
    }

    public Integer getScore() {
        return score;
    }

    public int getMaxScore() {
        return maxScore;
    }

    public Integer getTestsPassed() {
        return testsPassed;
    }

    public int getTestsTotal() {
        return testsTotal;
    }

    public Long getMaxTimeMillis() {
        return maxTimeMillis;
    }

    public Long getMaxMemoryKb() {
        return maxMemoryKb;
    }

    /** the contest it was made in; null outside contests */
    @Column(name = "contest_id")
    private Long contestId;

    /** the import whose package it verifies (one of the package's example submissions); null for a person's */
    @Column(name = "import_id")
    private Long importId;

    @Column(name = "example_id")
    private Long exampleId;

    /** Verifies an import: judges the package's example (set before it is stored). */
    public void verifies(long importId, long exampleId) {
        this.importId = importId;
        this.exampleId = exampleId;
    }

    public Long getImportId() {
        return importId;
    }

    public Long getExampleId() {
        return exampleId;
    }

    /** Made in a contest (set before it is stored). */
    public void madeInContest(long contestId) {
        this.contestId = contestId;
    }

    public Long getContestId() {
        return contestId;
    }

    /** Made inside an assessment (set before it is stored). */
    public void madeIn(long invitationId) {
        this.invitationId = invitationId;
    }

    public Long getInvitationId() {
        return invitationId;
    }

    public Instant getSubmittedAt() {
        return submittedAt;
    }

    public Instant getJudgedAt() {
        return judgedAt;
    }
}
