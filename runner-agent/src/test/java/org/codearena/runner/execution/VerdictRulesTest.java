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
                                          String stderr, long cpuMillis) {
        return new SandboxOutcome(exit, signal, wallTimeout, false, false, outputExceeded, "", stderr, cpuMillis, 100,
                9000, null);
    }

    private static Verdict judge(SandboxOutcome outcome) {
        return VerdictRules.judge(outcome, TIME_LIMIT, PYTHON);
    }

    @Test
    void cleanExitIsOk() {
        assertThat(judge(outcome(0, 0, false, false, "", 10))).isEqualTo(Verdict.OK);
    }

    @Test
    void cpuOrWallLimitIsTimeLimit() {
        assertThat(judge(outcome(152, 24, false, false, "", 2010))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(judge(outcome(137, 0, true, false, "", 5))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(judge(outcome(0, 0, false, false, "", 2500))).isEqualTo(Verdict.TIME_LIMIT);
    }

    @Test
    void cpuOfAllProcessesTogetherOverTheLimitIsTimeLimit() {
        SandboxOutcome spread = new SandboxOutcome(137, 9, false, true, false, false, "", "", 2040, 1100, 9000, null);
        assertThat(judge(spread)).isEqualTo(Verdict.TIME_LIMIT);
    }

    @Test
    void outputFloodIsOutputLimitEvenIfItAlsoRanLong() {
        assertThat(judge(outcome(137, 9, true, true, "", 3000))).isEqualTo(Verdict.OUTPUT_LIMIT);
    }

    @Test
    void memoryIsJudgedByTheCgroupsOutOfMemoryKillOrByTheLanguagesMessage() {
        assertThat(judge(outcome(1, 0, false, false, "Traceback...\nMemoryError\n", 30)))
                .isEqualTo(Verdict.MEMORY_LIMIT);
        SandboxOutcome killed = new SandboxOutcome(137, 9, false, false, true, false, "", "", 300, 400, 262144, null);
        assertThat(judge(killed)).isEqualTo(Verdict.MEMORY_LIMIT);
        // children killed for memory while the parent exits cleanly: still over the limit
        SandboxOutcome childrenKilled = new SandboxOutcome(0, 0, false, false, true, false, "", "", 300, 400, 262144,
                null);
        assertThat(judge(childrenKilled)).isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void aFailingSandboxIsASystemErrorNotTheProgramsFault() {
        SandboxOutcome broken = new SandboxOutcome(1, 0, false, false, false, false, "", "bwrap: Can't mount tmpfs",
                0, 5, 0, "bwrap: Can't mount tmpfs");
        assertThat(judge(broken)).isEqualTo(Verdict.SYSTEM_ERROR);
    }

    @Test
    void anyOtherFailureIsRuntimeError() {
        assertThat(judge(outcome(1, 0, false, false, "ZeroDivisionError", 30)))
                .isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(judge(outcome(139, 11, false, false, "", 30))).isEqualTo(Verdict.RUNTIME_ERROR);
    }
}
