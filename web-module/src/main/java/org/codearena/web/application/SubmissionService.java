package org.codearena.web.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.submission.RunTestResult;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;

/**
 * Submitting a solution to a task, reading one's submissions, and re-judging a task. A submission is
 * accepted like a run (written first, then a ticket): judging, scoring and telling the person happen later,
 * in the consumers of the runners' messages.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class.getName());
    private static final int REJUDGE_BATCH = 200;

    /** A submission with what a result page needs: its task, its tests' outline, their outcomes, the run. */
    /** @param groups what each test group earned so far (empty for a task scored test by test) */
    public record Detail(Submission submission, Task task, List<TaskCatalog.TestOutline> tests,
                         Map<Integer, RunTestResult> outcomes, Run run,
                         List<org.codearena.domain.model.submission.Scoring.GroupScore> groups) {
    }

    @EJB
    private SubmissionRepository submissions;

    @EJB
    private TaskCatalog tasks;

    @EJB
    private RunIntake intake;


    /** A submission made in a contest, in the CONTEST class. */
    public Submission submitToContest(long accountId, String taskSlug, String languageId, String source, long contestId) {
        return submit(accountId, false, taskSlug, languageId, source, PriorityClass.CONTEST, contestId);
    }

    /** Practice: a public task, the person's own (a draft or a private task: its author tries it), any for an ADMIN. */
    public Submission practise(long accountId, boolean admin, String taskSlug, String languageId, String source) {
        return submit(accountId, admin, taskSlug, languageId, source, PriorityClass.PRACTICE, null);
    }

    private Submission submit(long accountId, boolean admin, String taskSlug, String languageId, String source,
                              PriorityClass priorityClass, Long contestId) {
        if (taskSlug == null || taskSlug.isBlank()) {
            throw new InvalidRequestException("task is required: the short name of a task (its slug, as in its page's address)");
        }
        return submit(accountId, tasks.visibleTask(taskSlug.strip(), accountId, admin), languageId, source,
                priorityClass, null, contestId);
    }

    /**
     * A submission to a task the caller has already found allowed (an assessment's task, which may be its
     * recruiter's private one).
     */
    public Submission submit(long accountId, Task task, String languageId, String source, PriorityClass priorityClass,
                             Long invitationId) {
        return submit(accountId, task, languageId, source, priorityClass, invitationId, null);
    }

    private Submission submit(long accountId, Task task, String languageId, String source,
                              PriorityClass priorityClass, Long invitationId, Long contestId) {
        intake.requireCode(languageId, source);
        if (!task.allows(languageId)) {
            throw new InvalidRequestException("task '" + task.getSlug() + "' may be solved in "
                    + String.join(", ", task.getAllowedLanguages()) + ", not in " + languageId);
        }
        TaskCatalog.TestTotals totals = tasks.totals(task.getId());
        intake.admit(accountId, priorityClass);
        Run run = submissions.store(accountId, task, languageId, priorityClass, source, totals, invitationId, contestId);
        intake.enqueue(run);
        return submissions.ownedBy(run.getSubmissionId(), accountId);
    }

    public Detail detail(long submissionId, long accountId) {
        Submission submission = submissions.ownedBy(submissionId, accountId);
        Map<Integer, RunTestResult> outcomes = submissions.testResults(submission.getRunId()).stream()
                .collect(Collectors.toMap(RunTestResult::getOrdinal, Function.identity()));
        List<TaskCatalog.TestOutline> outline = tasks.outline(submission.getTaskId());
        return new Detail(submission, tasks.task(submission.getTaskId()), outline, outcomes,
                submissions.run(submission.getRunId()), groupScores(submission.getTaskId(), outline, outcomes));
    }

    /** Each group's points earned by the outcomes known so far (for the judgement panel). */
    private List<org.codearena.domain.model.submission.Scoring.GroupScore> groupScores(long taskId,
            List<TaskCatalog.TestOutline> outline, Map<Integer, RunTestResult> outcomes) {
        List<org.codearena.domain.model.task.TaskTestGroup> groups = tasks.groups(taskId);
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<Integer, String> groupOf = new java.util.HashMap<>();
        outline.stream().filter(test -> test.group() != null).forEach(test -> groupOf.put(test.ordinal(), test.group()));
        return org.codearena.domain.model.submission.Scoring.groupScores(
                outcomes.values().stream().map(RunTestResult::outcome).toList(), groupOf,
                groups.stream().map(group -> new org.codearena.domain.model.submission.Scoring.GroupRule(group.getPath(),
                        group.getPoints(), group.getAggregation())).toList());
    }

    /** The detail of the submission a run judges, for its owner; empty when the run judges none of theirs. */
    public Optional<Detail> detailForRun(long runId, long accountId) {
        Run run = submissions.run(runId);
        if (run == null || run.getSubmissionId() == null || run.getAccountId() != accountId) {
            return Optional.empty();
        }
        return Optional.of(detail(run.getSubmissionId(), accountId));
    }

    public List<Submission> history(long accountId, boolean admin, String taskSlug, Long beforeId, int limit) {
        Long taskId = taskSlug == null || taskSlug.isBlank() ? null
                : tasks.visibleTask(taskSlug.strip(), accountId, admin).getId();
        return submissions.history(accountId, taskId, beforeId == null ? Long.MAX_VALUE : beforeId, limit);
    }

    /**
     * Every submission of the task judged again (after a test was fixed), in the REJUDGE class: each gets a
     * new run, in batches of committed transactions; the ticket of each goes to the matchmaker past its
     * queue bound (re-judging is the platform's own work, and it waits behind everyone else's). Returns how
     * many were queued.
     */
    public int rejudge(String taskSlug) {
        return rejudge(tasks.publicTask(taskSlug));
    }

    /** As above, for a task the caller has found allowed (its author's own, a draft or private one). */
    public int rejudge(Task task) {
        int queued = 0;
        long after = 0;
        while (true) {
            List<Run> batch = submissions.rejudgeBatch(task.getId(), after, REJUDGE_BATCH);
            if (batch.isEmpty()) {
                break;
            }
            for (Run run : batch) {
                intake.enqueue(run);
                after = Math.max(after, run.getSubmissionId());
            }
            queued += batch.size();
        }
        int total = queued;
        LOG.info(() -> "event=task-rejudged task=" + task.getSlug() + " submissions=" + total);
        return queued;
    }
}
