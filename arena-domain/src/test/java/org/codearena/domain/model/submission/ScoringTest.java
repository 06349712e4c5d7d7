package org.codearena.domain.model.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.protocol.TestOutcome;
import org.codearena.protocol.Verdict;
import org.junit.jupiter.api.Test;

class ScoringTest {

    /** test 1 is a sample worth nothing; 2 to 4 are hidden, worth 1, 2 and 3 */
    private static final Map<Integer, Integer> POINTS = Map.of(1, 0, 2, 1, 3, 2, 4, 3);

    private static TestOutcome test(int ordinal, Verdict verdict, long millis) {
        return new TestOutcome(ordinal, verdict, millis, 1000L * ordinal);
    }

    @Test
    void allTestsPassingEarnEveryPoint() {
        Scoring scoring = Scoring.of(Verdict.OK, List.of(test(1, Verdict.OK, 5), test(2, Verdict.OK, 40),
                test(3, Verdict.OK, 7), test(4, Verdict.OK, 9)), POINTS);

        assertThat(scoring).isEqualTo(new Scoring(Verdict.OK, 6, 4, 40, 4000));
    }

    @Test
    void theVerdictIsTheFirstFailingTestsInOrderAndPassingTestsStillScore() {
        Scoring scoring = Scoring.of(Verdict.TIME_LIMIT, List.of(test(4, Verdict.WRONG_ANSWER, 1),
                test(1, Verdict.OK, 1), test(3, Verdict.TIME_LIMIT, 2000), test(2, Verdict.OK, 1)), POINTS);

        assertThat(scoring.verdict()).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(scoring.score()).isEqualTo(1);
        assertThat(scoring.testsPassed()).isEqualTo(2);
        assertThat(scoring.maxTimeMillis()).isEqualTo(2000);
    }

    @Test
    void aCompileErrorScoresNothing() {
        assertThat(Scoring.of(Verdict.COMPILE_ERROR, List.of(), POINTS))
                .isEqualTo(new Scoring(Verdict.COMPILE_ERROR, 0, 0, 0, 0));
    }

    @Test
    void aRunThatReportsFewerTestsThanTheTaskHasIsNotAPass() {
        Scoring scoring = Scoring.of(Verdict.OK, List.of(test(1, Verdict.OK, 1), test(2, Verdict.OK, 1)), POINTS);

        assertThat(scoring.verdict()).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(scoring.score()).isEqualTo(1);
    }

    @Test
    void groupsScoreByTheirRule() {
        Map<Integer, String> groupOf = Map.of(1, "sample", 2, "secret/a", 3, "secret/a", 4, "secret/b", 5, "secret/b",
                6, "secret/c", 7, "secret/c", 8, "secret/c");
        List<Scoring.GroupRule> rules = List.of(new Scoring.GroupRule("sample", 0, Aggregation.PASS_FAIL),
                new Scoring.GroupRule("secret/a", 20, Aggregation.PASS_FAIL),
                new Scoring.GroupRule("secret/b", 30, Aggregation.MIN),
                new Scoring.GroupRule("secret/c", 50, Aggregation.SUM));
        List<TestOutcome> outcomes = List.of(ok(1), ok(2), ok(3), ok(4),
                new TestOutcome(5, Verdict.TIME_LIMIT, 2000, 100), ok(6), ok(7),
                new TestOutcome(8, Verdict.WRONG_ANSWER, 1, 100));
        Scoring scoring = Scoring.ofGroups(Verdict.TIME_LIMIT, outcomes, groupOf, rules);
        // a: all passed, 20; b: one failed, 0; c: two of three, round(50 * 2/3) = 33
        assertThat(scoring.score()).isEqualTo(53);
        assertThat(scoring.verdict()).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(scoring.testsPassed()).isEqualTo(6);
    }

    @Test
    void aPassFailTaskScoresAllOrNothing() {
        Map<Integer, String> groupOf = Map.of(1, "sample", 2, "secret", 3, "secret");
        List<Scoring.GroupRule> rules = List.of(new Scoring.GroupRule("sample", 0, Aggregation.PASS_FAIL),
                new Scoring.GroupRule("secret", 100, Aggregation.PASS_FAIL));
        assertThat(Scoring.ofGroups(Verdict.OK, List.of(ok(1), ok(2), ok(3)), groupOf, rules).score()).isEqualTo(100);
        assertThat(Scoring.ofGroups(Verdict.WRONG_ANSWER, List.of(ok(1), ok(2),
                new TestOutcome(3, Verdict.WRONG_ANSWER, 1, 1)), groupOf, rules).score()).isZero();
    }

    @Test
    void aValidatorsPartialScoreCountsInSumAndMinGroupsButNotInPassFailOnes() {
        Map<Integer, String> groupOf = Map.of(1, "secret/sum", 2, "secret/sum", 3, "secret/min", 4, "secret/min",
                5, "secret/all");
        List<Scoring.GroupRule> rules = List.of(new Scoring.GroupRule("secret/sum", 40, Aggregation.SUM),
                new Scoring.GroupRule("secret/min", 40, Aggregation.MIN),
                new Scoring.GroupRule("secret/all", 20, Aggregation.PASS_FAIL));
        List<TestOutcome> outcomes = List.of(new TestOutcome(1, Verdict.OK, 1, 1, 0.5), ok(2),
                new TestOutcome(3, Verdict.OK, 1, 1, 0.25), new TestOutcome(4, Verdict.OK, 1, 1, 0.75),
                new TestOutcome(5, Verdict.OK, 1, 1, 0.1));
        // sum: 40 * (0.5 + 1) / 2 = 30; min: 40 * 0.25 = 10; pass-fail: all OK, 20
        assertThat(Scoring.groupScores(outcomes, groupOf, rules)).containsExactly(
                new Scoring.GroupScore("secret/sum", 40, 30), new Scoring.GroupScore("secret/min", 40, 10),
                new Scoring.GroupScore("secret/all", 20, 20));
        assertThat(Scoring.ofGroups(Verdict.OK, outcomes, groupOf, rules).score()).isEqualTo(60);
        // without groups: a test earns its points times its share
        assertThat(Scoring.of(Verdict.OK, List.of(new TestOutcome(1, Verdict.OK, 1, 1, 0.5)), Map.of(1, 10)).score())
                .isEqualTo(5);
    }

    private static TestOutcome ok(int ordinal) {
        return new TestOutcome(ordinal, Verdict.OK, 10, 100);
    }
}
