package org.codearena.runner.execution;

import org.codearena.protocol.Verdict;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.SandboxOutcome;

/** How a finished sandbox run becomes a verdict. Order matters: the first rule that holds wins. */
public final class VerdictRules {

    private static final int SIGXCPU = 24;

    private VerdictRules() {
    }

    public static Verdict judge(SandboxOutcome outcome, long timeLimitMillis, LanguageConfig language) {
        if (outcome.sandboxFailure() != null) {
            return Verdict.SYSTEM_ERROR;
        }
        if (outcome.outputExceeded()) {
            return Verdict.OUTPUT_LIMIT;
        }
        if (outcome.memoryExceeded()) {
            return Verdict.MEMORY_LIMIT;
        }
        if (outcome.wallTimedOut() || outcome.cpuExceeded() || outcome.signal() == SIGXCPU
                || outcome.cpuMillis() > timeLimitMillis) {
            return Verdict.TIME_LIMIT;
        }
        if (outcome.succeeded()) {
            return Verdict.OK;
        }
        if (language.looksOutOfMemory(outcome.stderr())) {
            return Verdict.MEMORY_LIMIT;
        }
        return Verdict.RUNTIME_ERROR;
    }
}
