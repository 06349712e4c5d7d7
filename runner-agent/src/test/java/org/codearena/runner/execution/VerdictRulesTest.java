package org.codearena.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.SandboxOutcome;
import org.junit.jupiter.api.Test;

class VerdictRulesTest {

    private static final long TIME_LIMIT = 2000;
    private static final long MEMORY_LIMIT = 262144;
    private static final LanguageConfig PYTHON = new LanguageConfig("python", "main.py", List.of(),
            List.of("python3", "main.py"), List.of(), false, 64, "MemoryError");

    private static SandboxOutcome outcome(int exit, int signal, boolean wallTimeout, boolean outputExceeded,
                                          String stderr, long cpuMillis, long rssKb) {
        return new SandboxOutcome(exit, signal, wallTimeout, outputExceeded, "", stderr, cpuMillis, 100, rssKb);
    }

    private static Verdict judge(SandboxOutcome outcome) {
        return VerdictRules.judge(outcome, TIME_LIMIT, MEMORY_LIMIT, PYTHON);
    }

    @Test
    void cleanExitIsOk() {
        assertThat(judge(outcome(0, 0, false, false, "", 10, 9000))).isEqualTo(Verdict.OK);
    }

    @Test
    void cpuOrWallLimitIsTimeLimit() {
        assertThat(judge(outcome(152, 24, false, false, "", 2010, 9000))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(judge(outcome(137, 0, true, false, "", 5, 9000))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(judge(outcome(0, 0, false, false, "", 2500, 9000))).isEqualTo(Verdict.TIME_LIMIT);
    }

    @Test
    void outputFloodIsOutputLimitEvenIfItAlsoRanLong() {
        assertThat(judge(outcome(137, 9, true, true, "", 3000, 9000))).isEqualTo(Verdict.OUTPUT_LIMIT);
    }

    @Test
    void memoryIsJudgedByPeakOrByTheLanguagesOutOfMemoryMessage() {
        assertThat(judge(outcome(1, 0, false, false, "Traceback...\nMemoryError\n", 30, 9000)))
                .isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(judge(outcome(139, 11, false, false, "", 30, MEMORY_LIMIT))).isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void anyOtherFailureIsRuntimeError() {
        assertThat(judge(outcome(1, 0, false, false, "ZeroDivisionError", 30, 9000)))
                .isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(judge(outcome(139, 11, false, false, "", 30, 9000))).isEqualTo(Verdict.RUNTIME_ERROR);
    }
}
