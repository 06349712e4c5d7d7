package org.codearena.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.Sandbox;
import org.codearena.runner.sandbox.SandboxLimits;
import org.codearena.runner.sandbox.SandboxOutcome;
import org.junit.jupiter.api.Test;

/** The verdict of an interactive test, as the reference tools give it. */
class InteractiveTest {

    private static final LanguageConfig PYTHON = new LanguageConfig("python", "main.py", List.of(),
            List.of("/usr/bin/python3", "main.py"), List.of(), false, 64, "MemoryError");
    private static final SandboxLimits LIMITS = new SandboxLimits(10_000, 20_000, 1 << 30, 64, 1 << 24, 1 << 20, 0, true);

    private static SandboxOutcome exited(int code, long cpuMillis) {
        return new SandboxOutcome(code, 0, false, false, false, false, "", "", cpuMillis, cpuMillis + 5, 1000, null);
    }

    private static SandboxOutcome timedOut() {
        return new SandboxOutcome(137, 9, true, false, false, false, "", "", 100, 3000, 1000, null);
    }

    private static Verdict verdict(SandboxOutcome program, SandboxOutcome validator, boolean validatorFirst) {
        return Interactive.verdict(new Sandbox.Interaction(program, validator, validatorFirst), "why", 1000, PYTHON,
                LIMITS).verdict();
    }

    @Test
    void theValidatorDecidesWhenTheProgramEndsWell() {
        assertThat(verdict(exited(0, 20), exited(42, 5), false)).isEqualTo(Verdict.OK);
        assertThat(verdict(exited(0, 20), exited(43, 5), false)).isEqualTo(Verdict.WRONG_ANSWER);
    }

    @Test
    void aRejectionBeforeTheProgramEndedIsAWrongAnswerWhateverTheProgramDidNext() {
        assertThat(verdict(timedOut(), exited(43, 5), true)).isEqualTo(Verdict.WRONG_ANSWER);
        assertThat(verdict(exited(1, 20), exited(43, 5), true)).isEqualTo(Verdict.WRONG_ANSWER);
    }

    @Test
    void otherwiseTheProgramsOwnFailureComesFirst() {
        // a program that never flushes: both wait, the program is stopped at its limit, the validator then rejects
        assertThat(verdict(timedOut(), exited(43, 5), false)).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(verdict(exited(1, 20), exited(43, 5), false)).isEqualTo(Verdict.RUNTIME_ERROR);
    }

    @Test
    void aValidatorThatFailsIsTheTasksFault() {
        assertThat(verdict(exited(0, 20), exited(0, 5), false)).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(verdict(exited(0, 20), exited(1, 5), true)).isEqualTo(Verdict.SYSTEM_ERROR);
        assertThat(Interactive.verdict(new Sandbox.Interaction(exited(0, 20), exited(2, 5), false), "", 1000, PYTHON,
                LIMITS).message()).contains("ended with exit code 2 (42 accepts, 43 rejects)");
    }
}
