package org.codearena.domain.model.submission;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.protocol.TestOutcome;
import org.codearena.protocol.Verdict;

/**
 * A judged run's outcome turned into a submission's result: a test earns its points when its verdict is OK;
 * the verdict is the first test's (in order) that was not OK, or OK when all were; a run that did not
 * compile, or that failed as a whole without test outcomes, scores 0 with the run's verdict.
 *
 * @param points the task's points by test ordinal
 */
public record Scoring(Verdict verdict, int score, int testsPassed, long maxTimeMillis, long maxMemoryKb) {

    public static Scoring of(Verdict runVerdict, List<TestOutcome> outcomes, Map<Integer, Integer> points) {
        if (outcomes.isEmpty()) {
            return new Scoring(runVerdict == Verdict.OK ? Verdict.SYSTEM_ERROR : runVerdict, 0, 0, 0, 0);
        }
        Verdict verdict = Verdict.OK;
        int score = 0;
        int passed = 0;
        long maxTime = 0;
        long maxMemory = 0;
        for (TestOutcome outcome : outcomes.stream().sorted(Comparator.comparingInt(TestOutcome::ordinal)).toList()) {
            maxTime = Math.max(maxTime, outcome.timeMillis());
            maxMemory = Math.max(maxMemory, outcome.memoryKb());
            if (outcome.verdict() == Verdict.OK) {
                passed++;
                score += (int) Math.round(points.getOrDefault(outcome.ordinal(), 0) * outcome.share());
            } else if (verdict == Verdict.OK) {
                verdict = outcome.verdict();
            }
        }
        if (outcomes.size() < points.size() && verdict == Verdict.OK) {
            // a run that stopped before its last test did not pass the ones it never ran
            verdict = Verdict.SYSTEM_ERROR;
        }
        return new Scoring(verdict, score, passed, maxTime, maxMemory);
    }

    /** A test group's rule: its points and how its tests make them. */
    public record GroupRule(String path, int points, Aggregation aggregation) {
    }

    /** What a group earned of its points. */
    public record GroupScore(String path, int points, int earned) {
    }

    /**
     * Each group's score by its rule: PASS_FAIL its points when every test passed; SUM an equal share per test
     * times what the test earned (all of it when OK, or the share a validator gave); MIN its points times the
     * smallest of those; rounded to whole points. A group with no test ran earns nothing.
     */
    public static List<GroupScore> groupScores(List<TestOutcome> outcomes, Map<Integer, String> groupOf,
                                               List<GroupRule> groups) {
        Map<Integer, TestOutcome> byOrdinal = new java.util.HashMap<>();
        outcomes.forEach(outcome -> byOrdinal.put(outcome.ordinal(), outcome));
        List<GroupScore> scores = new java.util.ArrayList<>();
        for (GroupRule group : groups) {
            List<Integer> members = groupOf.entrySet().stream().filter(entry -> entry.getValue().equals(group.path()))
                    .map(Map.Entry::getKey).sorted().toList();
            if (members.isEmpty()) {
                scores.add(new GroupScore(group.path(), group.points(), 0));
                continue;
            }
            double[] shares = members.stream().mapToDouble(ordinal -> {
                TestOutcome outcome = byOrdinal.get(ordinal);
                return outcome == null ? 0 : outcome.share();
            }).toArray();
            double earned = switch (group.aggregation()) {
                case PASS_FAIL -> members.stream().allMatch(ordinal -> byOrdinal.get(ordinal) != null
                        && byOrdinal.get(ordinal).verdict() == Verdict.OK) ? 1 : 0;
                case SUM -> java.util.Arrays.stream(shares).sum() / shares.length;
                case MIN -> java.util.Arrays.stream(shares).min().orElse(0);
            };
            scores.add(new GroupScore(group.path(), group.points(), (int) Math.round(group.points() * earned)));
        }
        return scores;
    }

    /**
     * A task with test groups: the verdict as for tests alone; each group scores by its rule (PASS_FAIL: its
     * points when every test passed; SUM: an equal share per passed test; MIN: its points times the smallest
     * share, so all or nothing while tests pass or fail as a whole), rounded to whole points; the score is
     * the groups' sum.
     *
     * @param groupOf the group path by test ordinal
     */
    public static Scoring ofGroups(Verdict runVerdict, List<TestOutcome> outcomes, Map<Integer, String> groupOf,
                                   List<GroupRule> groups) {
        Map<Integer, Integer> noPoints = new java.util.HashMap<>();
        groupOf.keySet().forEach(ordinal -> noPoints.put(ordinal, 0));
        Scoring tests = of(runVerdict, outcomes, noPoints);
        if (outcomes.isEmpty()) {
            return tests;
        }
        int score = groupScores(outcomes, groupOf, groups).stream().mapToInt(GroupScore::earned).sum();
        return new Scoring(tests.verdict(), score, tests.testsPassed(), tests.maxTimeMillis(), tests.maxMemoryKb());
    }
}
