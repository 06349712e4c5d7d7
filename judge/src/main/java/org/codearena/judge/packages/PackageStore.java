package org.codearena.judge.packages;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.domain.model.task.Task;
import org.codearena.domain.model.task.TaskTest;
import org.codearena.domain.model.task.TaskTestGroup;
import org.codearena.judge.packages.ProblemPackage.Example;
import org.codearena.judge.packages.ProblemPackage.Group;

/**
 * The writes of an import, each step one committed transaction: the task (a draft) with its tests, groups,
 * example submissions and the import, all or nothing; a phase's verification submissions; and the step from
 * one phase to the next when the last submission of a phase is judged.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class PackageStore {

    /** Phase 1 judges the accepted examples with this limit when the package gives none. */
    static final int GENEROUS_TIME_LIMIT_MILLIS = 5000;
    static final long DEFAULT_MEMORY_KB = 262_144;
    static final long MAX_MEMORY_KB = 1_048_576;

    private static final jakarta.json.bind.Jsonb JSON = jakarta.json.bind.JsonbBuilder.create();

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public record Stored(long importId, long taskId, String slug) {
    }

    /** Stores the package as a draft task owned by {@code ownerId} (null: the platform's), and its import. */
    public Stored create(ProblemPackage pkg, byte[] archive, long accountId, Long ownerId, List<String> warnings) {
        return store(pkg, archive, accountId, ownerId, warnings, null);
    }

    /**
     * The package as the next version of an existing task: its statement, limits, checking, tests, groups and
     * examples replaced in one transaction, its version counted up, a new import verifying it. Submissions judged
     * on the earlier version keep their results (a re-judge is offered, not forced); the task stays published or
     * a draft as it was.
     */
    public Stored replace(long taskId, ProblemPackage pkg, byte[] archive, long accountId, List<String> warnings) {
        Task task = entityManager.find(Task.class, taskId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        boolean verifying = !entityManager.createNativeQuery("select 1 from task_import where task_id = ?1 and "
                + "status = 'VERIFYING'").setParameter(1, taskId).getResultList().isEmpty();
        if (verifying) {
            throw new PublishRefusedException("task '" + task.getSlug() + "' is still being verified; wait for its "
                    + "report before saving a new version");
        }
        for (String table : List.of("task_test", "task_test_group", "task_example")) {
            entityManager.createNativeQuery("delete from " + table + " where task_id = ?1").setParameter(1, taskId)
                    .executeUpdate();
        }
        entityManager.flush();
        entityManager.clear();
        return store(pkg, archive, accountId, null, warnings, taskId);
    }

    private Stored store(ProblemPackage pkg, byte[] archive, long accountId, Long ownerId, List<String> warnings,
                         Long existingTaskId) {
        Instant now = Instant.now();
        long memoryKb = pkg.memoryLimitKb() > 0 ? Math.min(pkg.memoryLimitKb(), MAX_MEMORY_KB) : DEFAULT_MEMORY_KB;
        if (pkg.memoryLimitKb() > MAX_MEMORY_KB) {
            warnings.add("the package allows " + pkg.memoryLimitKb() / 1024 + " MiB; CodeArena gives a task at most "
                    + MAX_MEMORY_KB / 1024 + " MiB");
        }
        int timeLimit = pkg.timeLimitMillis() > 0 ? pkg.timeLimitMillis() : GENEROUS_TIME_LIMIT_MILLIS;
        Task task;
        String slug;
        if (existingTaskId == null) {
            slug = freeSlug(pkg.name());
            int sortOrder = ((Number) entityManager.createNativeQuery("select coalesce(max(sort_order), 0) + 1 from task")
                    .getSingleResult()).intValue();
            task = new Task(slug, pkg.name(), Task.Difficulty.MEDIUM, statementMarkdown(pkg.statement()), timeLimit,
                    memoryKb, pkg.comparison(), ownerId, sortOrder, now);
        } else {
            task = entityManager.find(Task.class, existingTaskId);
            slug = task.getSlug();
            task.rewrite(pkg.name(), statementMarkdown(pkg.statement()));
            task.limit(timeLimit, memoryKb);
            task.nextVersion();
        }
        ProblemPackage.Program validator = pkg.validator();
        task.checkOutputWith(pkg.comparison(), pkg.validatorFlags(), validator == null ? null : validator.language(),
                validator == null ? null : validator.mainSource());
        task.validatorFiles(null);
        if (validator != null && validator.files().size() > 1) {
            Map<String, String> others = new java.util.TreeMap<>(validator.files());
            others.remove(validator.mainFile());
            task.validatorFiles(JSON.toJson(others));
        }
        task.importedFrom(pkg.format(), pkg.problemYaml(), pkg.statement().format());
        if (existingTaskId == null) {
            entityManager.persist(task);
        }
        entityManager.flush();
        long taskId = task.getId();

        int ordinal = 0;
        for (Group group : pkg.groups()) {
            entityManager.persist(new TaskTestGroup(taskId, group.path(), ordinal++, group.points(), group.aggregation(),
                    group.validatorFlags(), group.testdataYaml()));
        }
        Map<String, int[]> shares = new java.util.HashMap<>();
        for (Group group : pkg.groups()) {
            long members = pkg.tests().stream().filter(test -> test.group().equals(group.path())).count();
            shares.put(group.path(), split(group.points(), (int) members, group.aggregation()));
        }
        Map<String, Integer> seen = new java.util.HashMap<>();
        int testOrdinal = 1;
        for (ProblemPackage.Test test : pkg.tests()) {
            int index = seen.merge(test.group(), 1, Integer::sum) - 1;
            int[] groupShares = shares.get(test.group());
            int points = groupShares == null ? 0 : groupShares[index];
            entityManager.persist(new TaskTest(taskId, testOrdinal++, test.sample(), test.input(), test.answer(),
                    points, test.group(), test.name()));
        }
        for (Example example : pkg.examples()) {
            entityManager.createNativeQuery("insert into task_example (task_id, path, expected, language_id, source, "
                            + "expectation) values (?1, ?2, ?3, ?4, ?5, ?6)")
                    .setParameter(1, taskId).setParameter(2, example.path()).setParameter(3, example.expected())
                    .setParameter(4, example.program().language()).setParameter(5, example.program().mainSource())
                    .setParameter(6, example.expectation() == null ? "" : JSON.toJson(example.expectation()))
                    .executeUpdate();
        }
        long importId = ((Number) entityManager.createNativeQuery("insert into task_import (task_id, account_id, "
                        + "created_at, status, phase, report, archive) values (?1, ?2, ?3, 'VERIFYING', 1, ?4, ?5) "
                        + "returning id")
                .setParameter(1, taskId).setParameter(2, accountId).setParameter(3, now)
                .setParameter(4, VerificationReport.initial(pkg, warnings)).setParameter(5, archive)
                .getSingleResult()).longValue();
        return new Stored(importId, taskId, slug);
    }

    /**
     * The group's points as test points, so that a task's tests add up to its full score: equal shares in a
     * SUM group (the remainder on the first tests), all on the first test otherwise (the group scores as a whole).
     */
    static int[] split(int points, int tests, Aggregation aggregation) {
        int[] shares = new int[Math.max(tests, 0)];
        if (tests == 0) {
            return shares;
        }
        if (aggregation == Aggregation.SUM) {
            for (int i = 0; i < tests; i++) {
                shares[i] = points / tests + (i < points % tests ? 1 : 0);
            }
        } else {
            shares[0] = points;
        }
        return shares;
    }

    /** A slug of the name ('Sums of ranges' → 'sums-of-ranges'), with a number added when it is taken. */
    private String freeSlug(String name) {
        String base = java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (base.length() < 2) {
            base = "task-" + base;
        }
        base = base.length() > 56 ? base.substring(0, 56).replaceAll("-+$", "") : base;
        String slug = base;
        for (int n = 2; !entityManager.createNativeQuery("select 1 from task where slug = ?1").setParameter(1, slug)
                .getResultList().isEmpty(); n++) {
            slug = base + "-" + n;
        }
        return slug;
    }

    private static String statementMarkdown(ProblemPackage.Statement statement) {
        if (statement.format().equals("markdown")) {
            return statement.text();
        }
        return "*This statement was written in LaTeX and is shown as written.*\n\n```latex\n"
                + statement.text().replace("```", "` ` `") + "\n```\n";
    }

    /** The verification submissions of a phase (1: the accepted examples, 2: the others), stored; their runs. */
    public List<Run> startPhase(long importId, int phase) {
        Object[] row = (Object[]) entityManager.createNativeQuery("select task_id, account_id from task_import "
                + "where id = ?1").setParameter(1, importId).getSingleResult();
        long taskId = ((Number) row[0]).longValue();
        long accountId = ((Number) row[1]).longValue();
        Object[] totals = entityManager.createNamedQuery("TaskTest.totals", Object[].class)
                .setParameter("taskId", taskId).getSingleResult();
        int tests = ((Number) totals[0]).intValue();
        int points = ((Number) totals[1]).intValue();
        List<?> examples = entityManager.createNativeQuery("select id, language_id, source from task_example "
                        + "where task_id = ?1 and (expected in ('accepted', 'input_validator')) = ?2 order by path")
                .setParameter(1, taskId).setParameter(2, phase == 1).getResultList();
        Instant now = Instant.now();
        List<Run> runs = new ArrayList<>();
        for (Object item : examples) {
            Object[] example = (Object[]) item;
            String language = (String) example[1];
            String source = (String) example[2];
            Run run = new Run(accountId, language, PriorityClass.REJUDGE, source, "", now);
            entityManager.persist(run);
            entityManager.flush();
            Submission submission = new Submission(accountId, taskId, language, source, PriorityClass.REJUDGE,
                    run.getId(), points, tests, now);
            submission.verifies(importId, ((Number) example[0]).longValue());
            entityManager.persist(submission);
            entityManager.flush();
            run.judges(submission.getId());
            runs.add(run);
        }
        return runs;
    }

    /**
     * A verification submission was judged: when it was the last of its phase, phase 1 gives the time limit
     * and starts phase 2, phase 2 ends the import with its report. Returns the runs of a phase just started.
     */
    public List<Run> advance(long importId) {
        List<?> locked = entityManager.createNativeQuery("select task_id, phase, status, report from task_import "
                + "where id = ?1 for update").setParameter(1, importId).getResultList();
        if (locked.isEmpty()) {
            return List.of();
        }
        Object[] row = (Object[]) locked.get(0);
        long taskId = ((Number) row[0]).longValue();
        int phase = ((Number) row[1]).intValue();
        if (!"VERIFYING".equals(row[2])) {
            return List.of();
        }
        List<Submission> all = entityManager.createNamedQuery("Submission.findByImport", Submission.class)
                .setParameter("importId", importId).getResultList();
        if (all.stream().anyMatch(submission -> submission.getStatus() != org.codearena.domain.model.submission
                .SubmissionStatus.JUDGED)) {
            return List.of();
        }
        Task task = entityManager.find(Task.class, taskId);
        VerificationReport report = VerificationReport.read((String) row[3]);
        if (phase == 1) {
            // the accepted examples' time makes the limit (input validators are judged beside them, not timed)
            java.util.Set<Long> accepted = new java.util.HashSet<>();
            entityManager.createNativeQuery("select id from task_example where task_id = ?1 and expected = 'accepted'")
                    .setParameter(1, taskId).getResultList().forEach(id -> accepted.add(((Number) id).longValue()));
            long slowest = all.stream().filter(submission -> accepted.contains(submission.getExampleId()))
                    .mapToLong(submission -> submission.getMaxTimeMillis() == null ? 0
                    : submission.getMaxTimeMillis()).max().orElse(0);
            TimeLimit limit = TimeLimit.derive(report.packageTimeLimitMillis, report.acToTimeLimit, slowest);
            task.limit(limit.millis(), task.getMemoryLimitKb());
            report.timeLimit(limit);
            entityManager.createNativeQuery("update task_import set phase = 2, time_limit_millis = ?2, report = ?3 "
                            + "where id = ?1").setParameter(1, importId).setParameter(2, limit.millis())
                    .setParameter(3, report.write()).executeUpdate();
            List<Run> second = startPhase(importId, 2);
            if (!second.isEmpty()) {
                return second;
            }
            all = entityManager.createNamedQuery("Submission.findByImport", Submission.class)
                    .setParameter("importId", importId).getResultList();
        }
        finish(importId, task, all, report);
        return List.of();
    }

    private void finish(long importId, Task task, List<Submission> judged, VerificationReport report) {
        Map<Long, Object[]> examples = new java.util.HashMap<>();
        for (Object item : entityManager.createNativeQuery("select id, path, expected, language_id, expectation from "
                + "task_example where task_id = ?1").setParameter(1, task.getId()).getResultList()) {
            Object[] example = (Object[]) item;
            examples.put(((Number) example[0]).longValue(), example);
        }
        // scored in parts (a partial score means something): a group that shares its points, or several groups
        List<TaskTestGroup> groups = entityManager.createNamedQuery("TaskTestGroup.findByTask", TaskTestGroup.class)
                .setParameter("taskId", task.getId()).getResultList();
        boolean scoring = groups.stream().anyMatch(group -> group.getAggregation() != Aggregation.PASS_FAIL)
                || groups.stream().filter(group -> group.getPoints() > 0).count() > 1;
        for (Submission submission : judged) {
            Object[] example = examples.get(submission.getExampleId());
            List<org.codearena.protocol.Verdict> verdicts = entityManager.createNativeQuery(
                            "select verdict from run_test_result where run_id = ?1 order by ordinal")
                    .setParameter(1, submission.getRunId()).getResultList().stream()
                    .map(verdict -> org.codearena.protocol.Verdict.valueOf((String) verdict)).toList();
            String expectation = (String) example[4];
            report.judged((String) example[1], (String) example[2], (String) example[3], submission, verdicts, scoring,
                    expectation == null || expectation.isEmpty() ? null
                            : JSON.fromJson(expectation, ProblemPackage.Expectation.class));
        }
        boolean verified = report.allAsExpected();
        report.finished(verified);
        entityManager.createNativeQuery("update task_import set status = ?2, finished_at = ?3, report = ?4 "
                        + "where id = ?1").setParameter(1, importId).setParameter(2, verified ? "VERIFIED" : "FAILED")
                .setParameter(3, Instant.now()).setParameter(4, report.write()).executeUpdate();
    }


    /** Why a task cannot be published (said to the person who tried). */
    public static class PublishRefusedException extends RuntimeException {
        public PublishRefusedException(String message) {
            super(message);
        }
    }

    /**
     * Publishes a draft: a platform task joins the public list, a RECRUITER's private task becomes usable in their
     * assessments. Only when its latest import verified, unless an ADMIN overrides with a note that says why.
     */
    public Task publish(long taskId, boolean admin, String note) {
        Task task = entityManager.find(Task.class, taskId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (task.getStatus() == Task.Status.PUBLISHED) {
            return task;
        }
        List<?> latest = entityManager.createNativeQuery("select status from task_import where task_id = ?1 "
                + "order by id desc").setParameter(1, taskId).setMaxResults(1).getResultList();
        String status = latest.isEmpty() ? null : (String) latest.get(0);
        boolean override = note != null && !note.isBlank();
        if (!"VERIFIED".equals(status)) {
            if (!admin) {
                throw new PublishRefusedException("task '" + task.getSlug() + "' cannot be published: its package "
                        + (status == null ? "was never verified" : "VERIFYING".equals(status) ? "is still being "
                        + "verified; wait for its report" : "did not verify (see its import report)")
                        + "; fix the package and import it again, or ask an ADMIN to publish it with a note");
            }
            if (!override) {
                throw new PublishRefusedException("task '" + task.getSlug() + "' did not verify ("
                        + (status == null ? "never verified" : status) + "): to publish it anyway, give a note that "
                        + "says why");
            }
        }
        task.publish(override ? note.strip() : null);
        return task;
    }
}
