package org.codearena.web.interfaces.rest;

import java.time.Instant;
import java.util.List;
import org.codearena.domain.model.submission.RunTestResult;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.SubmissionService;
import org.codearena.web.application.TaskCatalog;

/**
 * A submission as its owner sees it. {@code type} tells it from a run on the push socket. {@code tests} has
 * every test of the task in order, with a verdict once it is known; {@code message} is the compiler's output
 * or what went wrong on the first failing test (a hidden test's output is never shown).
 */
public record SubmissionView(String type, long id, String task, String taskTitle, String language, String status,
                             String verdict, Integer score, int maxScore, Integer testsPassed, int testsTotal,
                             Long maxTimeMillis, Long maxMemoryKb, Instant submittedAt, Instant judgedAt,
                             String message, List<TestView> tests, String source, List<GroupView> groups) {

    /**
     * @param group the test's group, or null for a task scored test by test
     * @param share the share of its points a validator gave it (0 to 1), or null
     */
    public record TestView(int ordinal, boolean sample, int points, String verdict, Long timeMillis, Long memoryKb,
                           String group, Double share) {
    }

    /** A test group's points and what the submission earned of them (so far, while judging). */
    public record GroupView(String name, int points, int earned) {
    }

    public static SubmissionView of(SubmissionService.Detail detail) {
        Submission submission = detail.submission();
        List<TestView> tests = detail.tests().stream().map(test -> test(test, detail.outcomes().get(test.ordinal())))
                .toList();
        String message = detail.run() == null || detail.run().getStderr() == null ? "" : detail.run().getStderr();
        return new SubmissionView("submission", submission.getId(), detail.task().getSlug(), detail.task().getTitle(),
                submission.getLanguageId(), submission.getStatus().name(), verdict(submission), submission.getScore(),
                submission.getMaxScore(), submission.getTestsPassed(), submission.getTestsTotal(),
                submission.getMaxTimeMillis(), submission.getMaxMemoryKb(), submission.getSubmittedAt(),
                submission.getJudgedAt(), message, tests, submission.getSource(),
                detail.groups().stream().map(group -> new GroupView(group.path(), group.points(), group.earned())).toList());
    }

    /** A line of the history: no tests, no code. */
    public static SubmissionView summary(Submission submission, Task task) {
        return new SubmissionView("submission", submission.getId(), task.getSlug(), task.getTitle(),
                submission.getLanguageId(), submission.getStatus().name(), verdict(submission), submission.getScore(),
                submission.getMaxScore(), submission.getTestsPassed(), submission.getTestsTotal(),
                submission.getMaxTimeMillis(), submission.getMaxMemoryKb(), submission.getSubmittedAt(),
                submission.getJudgedAt(), null, null, null, null);
    }

    /** A line of a recruiter's view of a candidate: no tests, with the code. */
    public static SubmissionView withSource(Submission submission, Task task) {
        SubmissionView summary = summary(submission, task);
        return new SubmissionView(summary.type(), summary.id(), summary.task(), summary.taskTitle(), summary.language(),
                summary.status(), summary.verdict(), summary.score(), summary.maxScore(), summary.testsPassed(),
                summary.testsTotal(), summary.maxTimeMillis(), summary.maxMemoryKb(), summary.submittedAt(),
                summary.judgedAt(), null, null, submission.getSource(), null);
    }

    private static String verdict(Submission submission) {
        return submission.getVerdict() == null ? null : submission.getVerdict().name();
    }

    private static TestView test(TaskCatalog.TestOutline test, RunTestResult outcome) {
        return new TestView(test.ordinal(), test.sample(), test.points(),
                outcome == null ? null : outcome.getVerdict().name(),
                outcome == null ? null : outcome.getTimeMillis(), outcome == null ? null : outcome.getMemoryKb(),
                test.group(), outcome == null ? null : outcome.getScoreFraction());
    }
}
