package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.submission.RunTestResult;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;

/** Submissions as the web side writes and reads them. */
@Stateless
// reads need no transaction (one fewer begin and commit per call); the writes say so themselves
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class SubmissionRepository {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** The submission and the run that judges it, in one committed transaction (written before accepted). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Run store(long accountId, Task task, String languageId, PriorityClass priorityClass, String source,
                     TaskCatalog.TestTotals totals, Long invitationId, Long contestId) {
        Instant now = Instant.now();
        Run run = new Run(accountId, languageId, priorityClass, source, "", now);
        entityManager.persist(run);
        entityManager.flush();
        Submission submission = new Submission(accountId, task.getId(), languageId, source, priorityClass, run.getId(),
                totals.points(), totals.tests(), now);
        if (invitationId != null) {
            submission.madeIn(invitationId);
        }
        if (contestId != null) {
            submission.madeInContest(contestId);
        }
        entityManager.persist(submission);
        entityManager.flush();
        run.judges(submission.getId());
        return run;
    }

    /**
     * The next batch of a task's submissions (after the id), each given a new run in the REJUDGE class; the old
     * runs' results will be ignored. Locked, so that scoring cannot write between.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<Run> rejudgeBatch(long taskId, long afterId, int batchSize) {
        List<Submission> batch = entityManager.createNamedQuery("Submission.findByTask", Submission.class)
                .setParameter("taskId", taskId).setParameter("after", afterId).setMaxResults(batchSize)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList();
        Instant now = Instant.now();
        List<Run> runs = new ArrayList<>(batch.size());
        for (Submission submission : batch) {
            Run run = new Run(submission.getAccountId(), submission.getLanguageId(), PriorityClass.REJUDGE,
                    submission.getSource(), "", now);
            entityManager.persist(run);
            entityManager.flush();
            run.judges(submission.getId());
            submission.rejudgeBy(run.getId());
            runs.add(run);
        }
        return runs;
    }

    /** The submission, if it exists and belongs to the account. */
    public Submission ownedBy(long submissionId, long accountId) {
        Submission submission = entityManager.find(Submission.class, submissionId);
        if (submission == null || submission.getAccountId() != accountId) {
            throw new UnknownSubmissionException(submissionId);
        }
        return submission;
    }

    /** Newest first, before the id (paging); for one task when taskId is not null. */
    public List<Submission> history(long accountId, Long taskId, long beforeId, int limit) {
        var query = taskId == null
                ? entityManager.createNamedQuery("Submission.findHistory", Submission.class)
                : entityManager.createNamedQuery("Submission.findHistoryByTask", Submission.class)
                        .setParameter("taskId", taskId);
        return query.setParameter("accountId", accountId).setParameter("before", beforeId).setMaxResults(limit)
                .getResultList();
    }

    /** A person's progress per task outside assessments: rows of task id, best score, its maximum, submissions. */
    public List<Object[]> progress(long accountId) {
        List<?> rows = entityManager.createNativeQuery("select task_id, max(coalesce(score, 0)), max(max_score), "
                        + "count(*) from submission where account_id = ?1 and invitation_id is null group by task_id")
                .setParameter(1, accountId).getResultList();
        return rows.stream().map(Object[].class::cast).toList();
    }

    public List<RunTestResult> testResults(long runId) {
        return entityManager.createNamedQuery("RunTestResult.findByRun", RunTestResult.class)
                .setParameter("runId", runId).getResultList();
    }

    public Run run(long runId) {
        return entityManager.find(Run.class, runId);
    }
}
