package org.codearena.runner.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.codearena.protocol.Comparison;
import org.codearena.protocol.DefaultValidator;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.TestCase;
import org.codearena.protocol.TestOutcome;
import org.codearena.protocol.ValidatorFlags;
import org.codearena.protocol.Verdict;
import org.codearena.runner.config.CommandLine;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.Sandbox;
import org.codearena.runner.sandbox.Sandbox.WorkDirAccess;
import org.codearena.runner.sandbox.SandboxLimits;
import org.codearena.runner.sandbox.SandboxOutcome;

/**
 * Compiles (where the language needs it) and runs one job in the sandbox, and judges the outcome. A judged
 * job (a submission) is compiled once and run on each of its tests in order; every test is run, whatever
 * the ones before it did, so that partial solutions earn their points.
 */
public final class JobExecutor {

    private static final Logger LOG = Logger.getLogger(JobExecutor.class.getName());

    private static final int MESSAGE_PART_CHARS = 2000;

    private final String runnerId;
    private final Sandbox sandbox;
    private final Map<String, LanguageConfig> languages;
    private final ExecutionSettings settings;
    private final StopSwitch stops;
    /** null when no language is compiled by a warm compiler */
    private final WarmCompiler warmCompiler;
    /** tasks' own output validators, compiled once and kept */
    private final OutputValidators validators;

    public JobExecutor(String runnerId, Sandbox sandbox, Map<String, LanguageConfig> languages,
                       ExecutionSettings settings, WarmCompiler warmCompiler) {
        this(runnerId, sandbox, languages, settings, warmCompiler, new StopSwitch(() -> { }));
    }

    /** As above; {@code stops} ends the current job early when an operator stops its run. */
    public JobExecutor(String runnerId, Sandbox sandbox, Map<String, LanguageConfig> languages,
                       ExecutionSettings settings, WarmCompiler warmCompiler, StopSwitch stops) {
        this.stops = stops;
        this.runnerId = runnerId;
        this.sandbox = sandbox;
        this.languages = languages;
        this.settings = settings;
        this.warmCompiler = warmCompiler;
        this.validators = new OutputValidators(sandbox, languages, validatorLimits(settings));
    }

    /**
     * Runs the job; for a judged job, {@code testDone} hears each test's outcome as soon as it is known. Where the
     * time went is added to {@code times}.
     */
    public RunResult execute(JobMessage job, Consumer<TestOutcome> testDone, PhaseTimes times) {
        stops.running(job.runId());
        try {
            RunResult result = executeJob(job, testDone, times);
            if (stops.requested(job.runId())) {
                return new RunResult(job.runId(), runnerId, Verdict.STOPPED, "", "An operator stopped this run while "
                        + "it ran. Run or submit it again; if it keeps happening, ask the operators why.", -1,
                        result.timeMillis(), result.memoryKb());
            }
            return result;
        } finally {
            stops.running(0);
        }
    }

    private RunResult executeJob(JobMessage job, Consumer<TestOutcome> testDone, PhaseTimes times) {
        LanguageConfig language = languages.get(job.language());
        if (language == null) {
            return failure(job, Verdict.SYSTEM_ERROR, "runner " + runnerId + " does not serve language '"
                    + job.language() + "'");
        }
        Path workDir = null;
        long phase = System.nanoTime();
        try {
            boolean warm = language.warmCompiler() && warmCompiler != null;
            workDir = sandbox.createWorkDir(warm ? WarmCompiler.workDirName(job.runId()) : "run-" + job.runId());
            sandbox.writeFile(workDir, language.sourceFile(), job.source());
            phase = times.since("setup", phase);
            if (language.needsCompile()) {
                SandboxOutcome compiled = warm ? warmCompile(workDir, language)
                        : sandbox.execute(workDir, WorkDirAccess.WRITABLE, language.compile(), new byte[0],
                        compileLimits());
                phase = times.since("compile", phase);
                if (stops.requested(job.runId())) {
                    return failure(job, Verdict.STOPPED, "stopped by an operator");
                }
                if (compiled.sandboxFailure() != null) {
                    return failure(job, Verdict.SYSTEM_ERROR, "the sandbox failed while compiling: "
                            + compiled.sandboxFailure());
                }
                if (!compiled.succeeded()) {
                    return new RunResult(job.runId(), runnerId, Verdict.COMPILE_ERROR, compiled.stdout(),
                            compileMessage(compiled), compiled.exitCode(), compiled.wallMillis(), compiled.peakMemoryKb());
                }
                // each run sees only the compiled program
                Files.deleteIfExists(workDir.resolve(language.sourceFile()));
            }
            if (job.judged()) {
                return judge(job, language, workDir, testDone, times);
            }
            SandboxOutcome outcome = sandbox.execute(workDir, WorkDirAccess.FRESH,
                    CommandLine.expand(language.run(), job.memoryLimitKb()),
                    job.stdin() == null ? new byte[0] : job.stdin().getBytes(StandardCharsets.UTF_8),
                    runLimits(job, language));
            times.since("execute", phase);
            Verdict verdict = VerdictRules.judge(outcome, job.timeLimitMillis(), language);
            return new RunResult(job.runId(), runnerId, verdict, outcome.stdout(), runMessage(verdict, outcome),
                    outcome.exitCode(), Math.max(outcome.cpuMillis(), 0), outcome.peakMemoryKb());
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "event=job-failed runId=" + job.runId() + " error=" + e);
            return failure(job, Verdict.SYSTEM_ERROR, "the runner could not execute the job: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(job, Verdict.SYSTEM_ERROR, "the runner was stopped while executing the job");
        } finally {
            if (workDir != null) {
                long cleanup = System.nanoTime();
                sandbox.deleteWorkDir(workDir);
                times.since("cleanup", cleanup);
            }
        }
    }

    private RunResult judge(JobMessage job, LanguageConfig language, Path workDir, Consumer<TestOutcome> testDone,
                            PhaseTimes times) throws IOException, InterruptedException {
        boolean interactive = job.check().comparison() == Comparison.INTERACTIVE;
        OutputValidators.Compiled validator = null;
        if (job.check().comparison().needsValidator()) {
            long started = System.nanoTime();
            try {
                validator = validators.prepare(job.check());
            } catch (OutputValidators.ValidatorException e) {
                LOG.warning(() -> "event=validator-unusable runId=" + job.runId() + " error=" + e.getMessage());
                return failure(job, Verdict.SYSTEM_ERROR, e.getMessage() + " (a fault of the task, not of your "
                        + "program; the task's authors have been told)");
            }
            times.since("validator-compile", started);
        }
        ValidatorFlags jobFlags;
        Map<String, ValidatorFlags> groupFlags = new HashMap<>();
        try {
            jobFlags = job.check().validatorFlags();
            for (TestCase test : job.tests()) {
                if (!test.checkFlags().isEmpty()) {
                    groupFlags.computeIfAbsent(test.checkFlags(), ValidatorFlags::parse);
                }
            }
        } catch (IllegalArgumentException e) {
            return failure(job, Verdict.SYSTEM_ERROR, "the task's output check is set up wrongly: " + e.getMessage());
        }
        List<TestOutcome> outcomes = new ArrayList<>(job.tests().size());
        Verdict overall = Verdict.OK;
        String firstFailureStderr = "";
        int firstFailureExit = 0;
        long maxTime = 0;
        long maxMemory = 0;
        for (TestCase test : job.tests()) {
            if (stops.requested(job.runId())) {
                break;
            }
            long started = System.nanoTime();
            String flagsOfTest = test.checkFlags().isEmpty() ? job.check().flags() : test.checkFlags();
            if (interactive) {
                Interactive.Judged judged = Interactive.judge(sandbox, validators, validator, workDir,
                        CommandLine.expand(language.run(), job.memoryLimitKb()), runLimits(job, language), test,
                        flagsOfTest, job.timeLimitMillis(), language);
                times.since("interact", started);
                if (judged.verdict() == Verdict.SYSTEM_ERROR) {
                    LOG.warning(() -> "event=interaction-failed runId=" + job.runId() + " test=" + test.ordinal()
                            + " message=" + judged.message());
                }
                TestOutcome result = new TestOutcome(test.ordinal(), judged.verdict(),
                        Math.max(judged.program().cpuMillis(), 0), judged.program().peakMemoryKb(), judged.fraction());
                outcomes.add(result);
                maxTime = Math.max(maxTime, result.timeMillis());
                maxMemory = Math.max(maxMemory, result.memoryKb());
                if (judged.verdict() != Verdict.OK && overall == Verdict.OK) {
                    overall = judged.verdict();
                    firstFailureExit = judged.program().exitCode();
                    firstFailureStderr = failureMessage(test, judged.verdict(), judged.program(), judged.message());
                }
                testDone.accept(result);
                continue;
            }
            SandboxOutcome outcome = sandbox.execute(workDir, WorkDirAccess.FRESH,
                    CommandLine.expand(language.run(), job.memoryLimitKb()),
                    test.input().getBytes(StandardCharsets.UTF_8), runLimits(job, language));
            times.since("execute", started);
            Verdict verdict = VerdictRules.judge(outcome, job.timeLimitMillis(), language);
            String difference = "";
            if (job.check().comparison() == Comparison.INPUT_VALID) {
                // an input validator accepts the test's input by exiting 42; any other clean exit rejects it
                boolean limit = verdict == Verdict.TIME_LIMIT || verdict == Verdict.MEMORY_LIMIT
                        || verdict == Verdict.OUTPUT_LIMIT || verdict == Verdict.SYSTEM_ERROR;
                if (!limit) {
                    verdict = outcome.exitCode() == OutputValidators.ACCEPTED ? Verdict.OK : Verdict.WRONG_ANSWER;
                    difference = verdict == Verdict.OK ? "" : "the input validator rejected this input (exit code "
                            + outcome.exitCode() + ", 42 accepts)" + (outcome.stderr().isBlank() ? ""
                            : ": " + head(outcome.stderr().strip()));
                }
                TestOutcome checked = new TestOutcome(test.ordinal(), verdict, Math.max(outcome.cpuMillis(), 0),
                        outcome.peakMemoryKb());
                outcomes.add(checked);
                maxTime = Math.max(maxTime, checked.timeMillis());
                maxMemory = Math.max(maxMemory, checked.memoryKb());
                if (verdict != Verdict.OK && overall == Verdict.OK) {
                    overall = verdict;
                    firstFailureExit = outcome.exitCode();
                    firstFailureStderr = "test " + test.ordinal() + ": " + (difference.isEmpty() ? verdict.name()
                            : difference);
                }
                testDone.accept(checked);
                continue;
            }
            double fraction = -1;
            if (verdict == Verdict.OK && validator != null) {
                long checking = System.nanoTime();
                OutputValidators.Verdict judged = validators.check(validator, test.input(), test.expectedOutput(),
                        outcome.stdout(), flagsOfTest, test.maxScore());
                times.since("validate", checking);
                validators.log(String.valueOf(job.runId()), judged);
                fraction = judged.fraction();
                if (judged.failed()) {
                    verdict = Verdict.SYSTEM_ERROR;
                    difference = judged.message();
                } else if (!judged.accepted()) {
                    verdict = Verdict.WRONG_ANSWER;
                    difference = judged.message();
                }
            } else if (verdict == Verdict.OK) {
                DefaultValidator.Judgement judgement = job.check().comparison().check(test.expectedOutput(),
                        outcome.stdout(), test.checkFlags().isEmpty() ? jobFlags : groupFlags.get(test.checkFlags()));
                if (!judgement.accepted()) {
                    verdict = Verdict.WRONG_ANSWER;
                    difference = judgement.message();
                }
            }
            TestOutcome result = new TestOutcome(test.ordinal(), verdict, Math.max(outcome.cpuMillis(), 0),
                    outcome.peakMemoryKb(), fraction);
            outcomes.add(result);
            maxTime = Math.max(maxTime, result.timeMillis());
            maxMemory = Math.max(maxMemory, result.memoryKb());
            if (verdict != Verdict.OK && overall == Verdict.OK) {
                overall = verdict;
                firstFailureExit = outcome.exitCode();
                // what a program wrote on a hidden test could carry the hidden input: shown for samples only
                firstFailureStderr = failureMessage(test, verdict, outcome, difference);
            }
            testDone.accept(result);
        }
        return new RunResult(job.runId(), runnerId, overall, "", firstFailureStderr, firstFailureExit, maxTime,
                maxMemory, outcomes);
    }

    /** What the person is told of the first failing test; a hidden test's output could carry its input. */
    private static String failureMessage(TestCase test, Verdict verdict, SandboxOutcome outcome, String difference) {
        if (verdict == Verdict.SYSTEM_ERROR) {
            return "test " + test.ordinal() + ": " + (outcome.sandboxFailure() != null ? "the sandbox failed: "
                    + outcome.sandboxFailure() : difference + " (a fault of the task, not of your program)");
        }
        if (!test.sample()) {
            return "test " + test.ordinal() + ": " + verdict + Signals.describe(verdict, outcome.signal())
                    + " (a hidden test: its input and output are not shown)";
        }
        StringBuilder message = new StringBuilder("test " + test.ordinal() + " (an example): " + verdict
                + Signals.describe(verdict, outcome.signal()));
        if (verdict == Verdict.WRONG_ANSWER) {
            if (!difference.isEmpty()) {
                message.append(": ").append(difference);
            }
            message.append("\n--- your output ---\n").append(head(outcome.stdout()))
                    .append("\n--- expected ---\n").append(head(test.expectedOutput()));
        }
        if (!outcome.stderr().isEmpty()) {
            message.append("\n--- stderr ---\n").append(head(outcome.stderr()));
        }
        return message.toString();
    }

    private static String head(String text) {
        return text.length() <= MESSAGE_PART_CHARS ? text : text.substring(0, MESSAGE_PART_CHARS) + "\n[…]";
    }

    /** The warm compiler; if it failed in a way that is not the program's doing, the language's own command. */
    private SandboxOutcome warmCompile(Path workDir, LanguageConfig language) throws IOException, InterruptedException {
        try {
            return warmCompiler.compile(workDir, language.sourceFile());
        } catch (IOException e) {
            LOG.warning(() -> "event=warm-compile-failed dir=" + workDir + " error=" + e + " (compiling cold instead)");
            return sandbox.execute(workDir, WorkDirAccess.WRITABLE, language.compile(), new byte[0], compileLimits());
        }
    }

    /** Limits of one compile (also the warm compiler's, per compile). */
    public static SandboxLimits compileLimits(ExecutionSettings settings) {
        return new SandboxLimits(settings.compileTimeLimitMillis(), settings.compileTimeLimitMillis() * 2,
                settings.compileMemoryBytes(), settings.compileProcesses(), settings.fileSizeBytes(),
                settings.outputBytes(), 0, true);
    }

    /** A task's validator: a compile's limits (it is the task's program, trusted to finish, but sandboxed). */
    static SandboxLimits validatorLimits(ExecutionSettings settings) {
        return new SandboxLimits(settings.compileTimeLimitMillis(), settings.compileTimeLimitMillis() * 2,
                settings.compileMemoryBytes(), settings.compileProcesses(), settings.fileSizeBytes(),
                settings.outputBytes(), settings.compileMemoryBytes(), true);
    }

    private SandboxLimits compileLimits() {
        return compileLimits(settings);
    }

    private SandboxLimits runLimits(JobMessage job, LanguageConfig language) {
        long memoryBytes = job.memoryLimitKb() * 1024;
        // the wall clock allows for waiting on I/O and runtime start-up, the CPU limit does not
        long wallMillis = job.timeLimitMillis() * 2 + 1000;
        // the stack may use all of the memory, as deep recursion in contest programs expects
        return new SandboxLimits(job.timeLimitMillis(), wallMillis, memoryBytes, language.processes(),
                settings.fileSizeBytes(), settings.outputBytes(), memoryBytes, language.unlimitedAddressSpace());
    }

    /** A plain run's stderr, with a line that says which signal ended the program or which limit it met. */
    private String runMessage(Verdict verdict, SandboxOutcome outcome) {
        if (verdict == Verdict.SYSTEM_ERROR) {
            return "the sandbox failed: " + outcome.sandboxFailure();
        }
        String note = Signals.describe(verdict, outcome.signal());
        return note.isEmpty() ? outcome.stderr() : outcome.stderr() + (outcome.stderr().isEmpty()
                || outcome.stderr().endsWith("\n") ? "" : "\n") + "[" + verdict + note + "]\n";
    }

    private String compileMessage(SandboxOutcome compiled) {
        if (compiled.memoryExceeded()) {
            return "the compiler ran out of memory (" + settings.compileMemoryBytes() / (1024 * 1024)
                    + " MB allowed) and was stopped\n" + compiled.stderr();
        }
        if (compiled.wallTimedOut() || compiled.cpuExceeded()) {
            return "compilation took longer than allowed (" + settings.compileTimeLimitMillis() / 1000
                    + " s) and was stopped\n" + compiled.stderr();
        }
        if (compiled.outputExceeded()) {
            return "the compiler wrote more output than allowed\n" + compiled.stderr();
        }
        return compiled.stderr();
    }

    private RunResult failure(JobMessage job, Verdict verdict, String message) {
        return new RunResult(job.runId(), runnerId, verdict, "", message, -1, 0, 0);
    }
}
