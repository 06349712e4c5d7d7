package org.codearena.domain.model.submission;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
                score += points.getOrDefault(outcome.ordinal(), 0);
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
}
