package org.codearena.judge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.domain.model.task.TaskTest;
import org.codearena.domain.model.task.TaskTestGroup;
import org.codearena.matchmaker.application.JudgedRuns;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.OutputCheck;
import org.codearena.protocol.TestCase;

/** The judge's side of a run that judges a submission, in the matchmaker's transaction. */
@ApplicationScoped
public class JudgedJobs implements JudgedRuns {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    private static final jakarta.json.bind.Jsonb JSON = jakarta.json.bind.JsonbBuilder.create();

    @SuppressWarnings("unchecked")
    private static Map<String, String> validatorFiles(Task task) {
        return task.getValidatorFiles() == null ? Map.of()
                : JSON.fromJson(task.getValidatorFiles(), java.util.LinkedHashMap.class);
    }

    @Override
    public boolean stillJudges(Run run) {
        Submission submission = entityManager.find(Submission.class, run.getSubmissionId());
        return submission != null && submission.getRunId() == run.getId();
    }

    @Override
    public void judging(long runId) {
        // conditional, so that it can never undo a score or a re-judge
        entityManager.createNativeQuery("update submission set status = 'JUDGING' where run_id = ?1 and status = 'QUEUED'")
                .setParameter(1, runId).executeUpdate();
    }

    /**
     * The most a test can earn, against which a validator's score.txt is read: its share in a SUM group (its
     * points), the whole group's points in a MIN or PASS_FAIL group (the format's "maximum score of a case").
     */
    static int maxScore(TaskTest test, TaskTestGroup group) {
        if (group == null || group.getAggregation() == org.codearena.domain.model.task.Aggregation.SUM) {
            return test.getPoints();
        }
        return group.getPoints();
    }

    /** Every test of the task, read now (a re-judge uses the fixed ones), limited by the task. */
    @Override
    public JobMessage job(Run run, long epoch) {
        Submission submission = entityManager.find(Submission.class, run.getSubmissionId());
        Task task = entityManager.find(Task.class, submission.getTaskId());
        // a group with flags of its own checks its tests with them
        Map<String, TaskTestGroup> groups = new HashMap<>();
        entityManager.createNamedQuery("TaskTestGroup.findByTask", TaskTestGroup.class)
                .setParameter("taskId", task.getId()).getResultList().forEach(group -> groups.put(group.getPath(), group));
        List<TestCase> tests = entityManager.createNamedQuery("TaskTest.findByTask", TaskTest.class)
                .setParameter("taskId", task.getId()).getResultList().stream()
                .map(test -> {
                    TaskTestGroup group = test.getGroupPath() == null ? null : groups.get(test.getGroupPath());
                    String flags = group == null || group.getValidatorFlags() == null ? "" : group.getValidatorFlags();
                    return new TestCase(test.getOrdinal(), test.isSample(), test.getInput(), test.getExpectedOutput(),
                            flags, maxScore(test, group));
                })
                .toList();
        if (submission.getExampleId() != null && isInputValidator(submission.getExampleId())) {
            // a package's input validator, run on every test's input: it must accept each (exit 42)
            return new JobMessage(run.getId(), run.getLanguageId(), run.getSource(), "", task.getTimeLimitMillis(),
                    task.getMemoryLimitKb(), epoch, tests, OutputCheck.of(org.codearena.protocol.Comparison.INPUT_VALID));
        }
        return new JobMessage(run.getId(), run.getLanguageId(), run.getSource(), "", task.getTimeLimitMillis(),
                task.getMemoryLimitKb(), epoch, tests, new OutputCheck(task.getComparison(), task.getValidatorFlags(),
                task.getValidatorLanguage(), task.getValidatorSource(), validatorFiles(task)));
    }

    private boolean isInputValidator(long exampleId) {
        return !entityManager.createNativeQuery("select 1 from task_example where id = ?1 and expected = "
                + "'input_validator'").setParameter(1, exampleId).getResultList().isEmpty();
    }
}
