package org.codearena.judge;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.codearena.domain.model.submission.Scoring;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.submission.SubmissionStatus;
import org.codearena.domain.model.task.TaskTestGroup;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.TestOutcome;
import org.codearena.protocol.TestProgress;

/**
 * The judge's writes, each in its own committed transaction. Every step may be repeated (a redelivered
 * message) and may arrive late (a re-judge made a newer run): outcomes are upserts, and whatever is not for
 * the run that judges the submission now is ignored.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JudgeStore {

    private static final String UPSERT_OUTCOME = "insert into run_test_result (run_id, ordinal, verdict, time_millis, "
            + "memory_kb, score_fraction) values (?1, ?2, ?3, ?4, ?5, ?6) on conflict (run_id, ordinal) do update set "
            + "verdict = excluded.verdict, time_millis = excluded.time_millis, memory_kb = excluded.memory_kb, "
            + "score_fraction = excluded.score_fraction";

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /**
     * One test finished: stored; a QUEUED submission is now JUDGING (a conditional update, so that a late
     * progress message can never undo a score). Returns the owner's account id; empty when the run does not
     * judge a submission now.
     */
    public Optional<Long> recordProgress(TestProgress progress) {
        List<?> owner = entityManager.createNativeQuery("select account_id from submission where run_id = ?1")
                .setParameter(1, progress.runId()).getResultList();
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        upsert(progress.runId(), progress.outcome());
        entityManager.createNativeQuery("update submission set status = 'JUDGING' where run_id = ?1 and status = 'QUEUED'")
                .setParameter(1, progress.runId()).executeUpdate();
        return Optional.of(((Number) owner.get(0)).longValue());
    }

    /** A submission scored by a run's result; {@code firstTime} is false for a repeat (a redelivered result). */
    public record Scored(Submission submission, boolean firstTime) {
    }

    /**
     * The run finished: every test's outcome stored and the submission scored. A repeat changes nothing and
     * says so (the steps after scoring may not have happened the first time). Empty when the run does not
     * judge the submission now (a re-judge replaced it).
     */
    public Optional<Scored> score(RunResult result) {
        // locked: a re-judge of the same submission waits, or has already moved it to a newer run
        Optional<Submission> current = entityManager.createNamedQuery("Submission.findByRun", Submission.class)
                .setParameter("runId", result.runId()).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList().stream().findFirst();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get().getStatus() == SubmissionStatus.JUDGED) {
            return Optional.of(new Scored(current.get(), false));
        }
        Submission submission = current.get();
        for (TestOutcome outcome : result.tests()) {
            upsert(result.runId(), outcome);
        }
        // ordinals and points only: the tests' inputs and outputs (megabytes for some tasks) are not read
        Map<Integer, Integer> points = entityManager.createNamedQuery("TaskTest.outline", Object[].class)
                .setParameter("taskId", submission.getTaskId()).getResultList().stream()
                .collect(Collectors.toMap(row -> (Integer) row[0], row -> (Integer) row[2]));
        List<TaskTestGroup> groups = entityManager.createNamedQuery("TaskTestGroup.findByTask", TaskTestGroup.class)
                .setParameter("taskId", submission.getTaskId()).getResultList();
        Scoring scoring;
        int maxScore;
        if (groups.isEmpty()) {
            scoring = Scoring.of(result.verdict(), result.tests(), points);
            maxScore = points.values().stream().mapToInt(Integer::intValue).sum();
        } else {
            Map<Integer, String> groupOf = new java.util.HashMap<>();
            entityManager.createQuery("select t.ordinal, t.groupPath from TaskTest t where t.taskId = :taskId",
                    Object[].class).setParameter("taskId", submission.getTaskId()).getResultList()
                    .forEach(row -> groupOf.put((Integer) row[0], (String) row[1]));
            List<Scoring.GroupRule> rules = groups.stream().map(group -> new Scoring.GroupRule(group.getPath(),
                    group.getPoints(), group.getAggregation())).toList();
            scoring = Scoring.ofGroups(result.verdict(), result.tests(), groupOf, rules);
            maxScore = rules.stream().mapToInt(Scoring.GroupRule::points).sum();
        }
        submission.judged(scoring, points.size(), maxScore, Instant.now());
        return Optional.of(new Scored(submission, true));
    }

    private void upsert(long runId, TestOutcome outcome) {
        entityManager.createNativeQuery(UPSERT_OUTCOME).setParameter(1, runId).setParameter(2, outcome.ordinal())
                .setParameter(3, outcome.verdict().name()).setParameter(4, outcome.timeMillis())
                .setParameter(5, outcome.memoryKb())
                // typed: a null must still bind as a double precision
                .setParameter(6, new org.hibernate.query.TypedParameterValue<>(
                        org.hibernate.type.StandardBasicTypes.DOUBLE, outcome.fraction() < 0 ? null : outcome.fraction()))
                .executeUpdate();
    }
}
