package org.codearena.runner.execution;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.codearena.protocol.TestCase;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.Sandbox;
import org.codearena.runner.sandbox.SandboxLimits;
import org.codearena.runner.sandbox.SandboxOutcome;

/**
 * One test of an interactive task: the program and the task's validator talk over pipes, both sandboxed, the
 * time limit on the program. The verdict, as the reference tools give it: the validator rejecting before the
 * program ended is a wrong answer whatever the program did next; otherwise the program's own failure (time,
 * memory, a crash) comes first; otherwise the validator decides (42 accepts, 43 rejects); any other exit of
 * the validator is the task's fault (a system error). A program that never flushes or hangs is stopped at its
 * limit, never holding the agent.
 */
final class Interactive {

    private Interactive() {
    }

    /** The test's verdict, a sentence for the person where there is one, the program's side, and its share. */
    record Judged(Verdict verdict, String message, SandboxOutcome program, double fraction) {

        Judged(Verdict verdict, String message, SandboxOutcome program) {
            this(verdict, message, program, -1);
        }
    }

    static Judged judge(Sandbox sandbox, OutputValidators validators, OutputValidators.Compiled validator,
                        Path programDir, List<String> program, SandboxLimits programLimits, TestCase test,
                        String flags, long timeLimitMillis, LanguageConfig language)
            throws IOException, InterruptedException {
        List<String> command = validators.setUp(validator, test.input(), test.expectedOutput(), flags);
        Sandbox.Interaction interaction = sandbox.interact(programDir, program, programLimits, validator.dir(),
                command, validators.limits());
        Judged judged = verdict(interaction, validators.judgeMessage(validator), timeLimitMillis, language,
                validators.limits());
        if (judged.verdict() != Verdict.OK) {
            return judged;
        }
        OutputValidators.Verdict scored = validators.accepted(validator, "", 0, test.maxScore());
        return scored.failed() ? new Judged(Verdict.SYSTEM_ERROR, scored.message(), judged.program())
                : new Judged(Verdict.OK, "", judged.program(), scored.fraction());
    }

    static Judged verdict(Sandbox.Interaction interaction, String judgeMessage, long timeLimitMillis,
                          LanguageConfig language, SandboxLimits validatorLimits) {
        SandboxOutcome program = interaction.program();
        SandboxOutcome validator = interaction.validator();
        if (program.sandboxFailure() != null || validator.sandboxFailure() != null) {
            return new Judged(Verdict.SYSTEM_ERROR, "the sandbox failed: " + (program.sandboxFailure() != null
                    ? program.sandboxFailure() : validator.sandboxFailure()), program);
        }
        int code = validator.exitCode();
        boolean validatorFailed = validator.wallTimedOut() || validator.cpuExceeded() || validator.memoryExceeded()
                || (code != OutputValidators.ACCEPTED && code != OutputValidators.REJECTED);
        if (interaction.validatorEndedFirst() && code == OutputValidators.REJECTED) {
            return new Judged(Verdict.WRONG_ANSWER, judgeMessage, program);
        }
        Verdict own = VerdictRules.judge(program, timeLimitMillis, language);
        if (own != Verdict.OK) {
            return new Judged(own, "", program);
        }
        if (validatorFailed) {
            return new Judged(Verdict.SYSTEM_ERROR, "the task's interactive validator " + (validator.wallTimedOut()
                    || validator.cpuExceeded() ? "went past its own limits (" + validatorLimits.cpuMillis()
                    + " ms CPU)" : "ended with exit code " + code + " (42 accepts, 43 rejects)")
                    + (validator.stderr().isBlank() ? "" : ": " + head(validator.stderr())), program);
        }
        return code == OutputValidators.ACCEPTED ? new Judged(Verdict.OK, "", program)
                : new Judged(Verdict.WRONG_ANSWER, judgeMessage, program);
    }

    private static String head(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "[…]";
    }
}
