package org.codearena.domain.model.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;
import org.junit.jupiter.api.Test;

class RunTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private static Run newRun() {
        return new Run(1, "python", PriorityClass.INTERACTIVE, "print(1)", "", T0);
    }

    @Test
    void attemptLimitEndsTheRunWithAClearSystemError() {
        Run run = newRun();
        run.dispatchedTo("r1", T0);
        run.dispatchedTo("r2", T0.plusSeconds(5));
        assertThat(run.abandonIfOutOfAttempts(3, T0.plusSeconds(9))).isFalse();
        run.dispatchedTo("r3", T0.plusSeconds(10));

        assertThat(run.abandonIfOutOfAttempts(3, T0.plusSeconds(15))).isTrue();
        assertThat(run.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(run.getVerdict()).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(run.getStderr()).contains("3 times").contains("run it again");
    }

    @Test
    void aResultIsStoredOnceAndALateDuplicateIsIgnored() {
        Run run = newRun();
        run.dispatchedTo("r1", T0);

        assertThat(run.finish(new RunResult(0, "r1", Verdict.OK, "1\n", "", 0, 10, 900), T0.plusSeconds(1))).isTrue();
        assertThat(run.finish(new RunResult(0, "r2", Verdict.RUNTIME_ERROR, "", "late", 1, 10, 900),
                T0.plusSeconds(9))).isFalse();
        assertThat(run.getVerdict()).isEqualTo(Verdict.OK);
        assertThat(run.getStdout()).isEqualTo("1\n");
    }

    @Test
    void outputWithNulBytesCanBeStored() {
        Run run = newRun();
        run.finish(new RunResult(0, "r1", Verdict.OK, "a\u0000b", "", 0, 1, 1), T0);

        assertThat(run.getStdout()).isEqualTo("a\uFFFDb");
    }
}
