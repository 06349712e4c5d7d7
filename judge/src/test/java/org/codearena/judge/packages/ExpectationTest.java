package org.codearena.judge.packages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.codearena.protocol.Verdict;
import org.junit.jupiter.api.Test;

/** What an example submission's folder, or submissions.yaml, promises, checked against how it was judged. */
class ExpectationTest {

    private static final List<Verdict> SLOW = List.of(Verdict.OK, Verdict.TIME_LIMIT);
    private static final List<Verdict> WRONG = List.of(Verdict.OK, Verdict.WRONG_ANSWER);

    @Test
    void theFoldersRules() {
        assertThat(VerificationReport.Expectation.check("time_limit_exceeded", Verdict.TIME_LIMIT, SLOW, 0, 100, false))
                .isEmpty();
        assertThat(VerificationReport.Expectation.check("wrong_answer", Verdict.TIME_LIMIT, SLOW, 0, 100, false))
                .startsWith("expected a wrong answer on some test");
        assertThat(VerificationReport.Expectation.check("partially_accepted", Verdict.WRONG_ANSWER, WRONG, 30, 100, true))
                .isEmpty();
        assertThat(VerificationReport.Expectation.check("input_validator", Verdict.WRONG_ANSWER, WRONG, 0, 100, false))
                .isEqualTo("the input validator did not accept every test's input: tests 2 (WRONG_ANSWER)");
    }

    @Test
    void submissionsYamlsPermittedRequiredAndScore() {
        ProblemPackage.Expectation tle = new ProblemPackage.Expectation(Set.of("AC", "TLE"), Set.of("TLE"), null, null);
        assertThat(VerificationReport.Expectation.check(tle, Verdict.TIME_LIMIT, SLOW, 0)).isEmpty();
        assertThat(VerificationReport.Expectation.check(tle, Verdict.WRONG_ANSWER, WRONG, 0))
                .startsWith("submissions.yaml permits [");
        ProblemPackage.Expectation some = new ProblemPackage.Expectation(Set.of(), Set.of(), 10.0, 40.0);
        assertThat(VerificationReport.Expectation.check(some, Verdict.WRONG_ANSWER, WRONG, 30)).isEmpty();
        assertThat(VerificationReport.Expectation.check(some, Verdict.WRONG_ANSWER, WRONG, 50))
                .isEqualTo("submissions.yaml expects a score of 10 to 40, got 50");
    }
}
