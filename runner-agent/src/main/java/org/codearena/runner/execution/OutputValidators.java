package org.codearena.runner.execution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.codearena.protocol.OutputCheck;
import org.codearena.runner.config.CommandLine;
import org.codearena.runner.config.LanguageConfig;
import org.codearena.runner.sandbox.Sandbox;
import org.codearena.runner.sandbox.Sandbox.WorkDirAccess;
import org.codearena.runner.sandbox.SandboxLimits;
import org.codearena.runner.sandbox.SandboxOutcome;

/**
 * A task's own output validator, as the problem package format defines it: compiled once (and kept for the next
 * jobs of the same task, up to {@value #KEPT} validators), then run in the sandbox after each test as
 * {@code validator input answer feedback/ [flags] < output}; exit 42 accepts, 43 rejects, anything else is
 * the validator's failure (a system error, never the program's); {@code feedback/judgemessage.txt} says why.
 */
final class OutputValidators {

    private static final Logger LOG = Logger.getLogger(OutputValidators.class.getName());
    static final int ACCEPTED = 42;
    static final int REJECTED = 43;
    private static final int KEPT = 16;
    private static final int MESSAGE_CHARS = 2000;

    /** A compiled validator, ready to check outputs. */
    record Compiled(Path dir, LanguageConfig language, String key) {
    }

    /**
     * What the validator said of one output.
     *
     * @param fraction the share of the test's points it gave (score_multiplier.txt, or score.txt over the test's
     *                 maximum), -1 when it gave none
     */
    record Verdict(boolean accepted, boolean failed, String message, long cpuMillis, double fraction) {

        Verdict(boolean accepted, boolean failed, String message, long cpuMillis) {
            this(accepted, failed, message, cpuMillis, -1);
        }
    }

    /**
     * The share of a test's points the validator's feedback gives an accepted output: score_multiplier.txt (0 to
     * 1), or score.txt (0 to the test's maximum) over the maximum; -1 for none. A value that is not a number or
     * is out of range is the validator's failure, said in the exception.
     */
    double fraction(Compiled validator, int maxScore) throws ValidatorException {
        String multiplier = read(validator.dir().resolve("feedback/score_multiplier.txt"));
        String score = read(validator.dir().resolve("feedback/score.txt"));
        if (!multiplier.isEmpty() && !score.isEmpty()) {
            throw new ValidatorException("the task's validator wrote both score.txt and score_multiplier.txt");
        }
        if (!multiplier.isEmpty()) {
            double value = number(multiplier, "score_multiplier.txt");
            if (value < 0 || value > 1) {
                throw new ValidatorException("the task's validator wrote a score_multiplier.txt of " + multiplier
                        + ", outside 0 to 1");
            }
            return value;
        }
        if (!score.isEmpty()) {
            double value = number(score, "score.txt");
            if (maxScore <= 0) {
                return -1;
            }
            if (value < 0 || value > maxScore + 1e-9) {
                throw new ValidatorException("the task's validator wrote a score.txt of " + score + ", outside 0 to "
                        + "the test's " + maxScore + " points");
            }
            return value / maxScore;
        }
        return -1;
    }

    private static double number(String text, String file) throws ValidatorException {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new ValidatorException("the task's validator wrote " + file + " that is not a number: '"
                    + head(text) + "'");
        }
    }

    private final Sandbox sandbox;
    private final Map<String, LanguageConfig> languages;
    private final SandboxLimits limits;
    private final Map<String, Compiled> kept = new LinkedHashMap<>(16, 0.75f, true);

    OutputValidators(Sandbox sandbox, Map<String, LanguageConfig> languages, SandboxLimits limits) {
        this.sandbox = sandbox;
        this.languages = languages;
        this.limits = limits;
    }

    /** The check's validator, compiled (or kept from an earlier job); a failure says what went wrong. */
    Compiled prepare(OutputCheck check) throws IOException, InterruptedException, ValidatorException {
        LanguageConfig language = languages.get(check.validatorLanguage());
        if (language == null) {
            throw new ValidatorException("the task's validator is written in '" + check.validatorLanguage()
                    + "', which this runner does not run");
        }
        String key = key(check);
        Compiled compiled = kept.get(key);
        if (compiled != null && Files.isDirectory(compiled.dir())) {
            return compiled;
        }
        Path dir = sandbox.createWorkDir("validator-" + key.substring(0, 16));
        try {
            for (Map.Entry<String, String> file : check.validatorFiles().entrySet()) {
                if (!file.getKey().matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}")) {
                    throw new ValidatorException("the validator's file name '" + file.getKey() + "' is not a plain name");
                }
                sandbox.writeFile(dir, file.getKey(), file.getValue());
            }
            sandbox.writeFile(dir, language.sourceFile(), check.validatorSource());
            if (language.needsCompile()) {
                SandboxOutcome built = sandbox.execute(dir, WorkDirAccess.WRITABLE, language.compile(), new byte[0],
                        limits);
                if (!built.succeeded()) {
                    throw new ValidatorException("the task's validator did not compile: " + head(built.stderr()
                            + (built.sandboxFailure() == null ? "" : built.sandboxFailure())));
                }
            }
        } catch (ValidatorException | IOException | RuntimeException e) {
            sandbox.deleteWorkDir(dir);
            throw e;
        }
        compiled = new Compiled(dir, language, key);
        kept.put(key, compiled);
        if (kept.size() > KEPT) {
            Map.Entry<String, Compiled> eldest = kept.entrySet().iterator().next();
            kept.remove(eldest.getKey());
            sandbox.deleteWorkDir(eldest.getValue().dir());
        }
        return compiled;
    }

    /** Writes one test's input and answer beside the validator, with an empty feedback folder; its command. */
    List<String> setUp(Compiled validator, String input, String answer, String flags) throws IOException {
        sandbox.writeFile(validator.dir(), "input", input);
        sandbox.writeFile(validator.dir(), "answer", answer);
        sandbox.makeFolder(validator.dir(), "feedback");
        List<String> command = new ArrayList<>(CommandLine.expand(validator.language().run(),
                limits.memoryBytes() / 1024));
        command.addAll(List.of("input", "answer", "feedback/"));
        if (!flags.isBlank()) {
            command.addAll(List.of(flags.trim().split("\\s+")));
        }
        return command;
    }

    SandboxLimits limits() {
        return limits;
    }

    /** What the validator wrote in feedback/judgemessage.txt (its first 2000 characters), or nothing. */
    String judgeMessage(Compiled validator) {
        return read(validator.dir().resolve("feedback/judgemessage.txt"));
    }

    /** Runs the validator on one test's output ({@code maxScore}: the test's points, for score.txt). */
    Verdict check(Compiled validator, String input, String answer, String output, String flags, int maxScore)
            throws IOException, InterruptedException {
        List<String> command = setUp(validator, input, answer, flags);
        SandboxOutcome ran = sandbox.execute(validator.dir(), WorkDirAccess.WRITABLE, command,
                output.getBytes(StandardCharsets.UTF_8), limits);
        String judgeMessage = judgeMessage(validator);
        if (ran.sandboxFailure() != null) {
            return new Verdict(false, true, "the sandbox failed running the validator: " + ran.sandboxFailure(),
                    ran.cpuMillis());
        }
        if (ran.wallTimedOut() || ran.cpuExceeded() || ran.memoryExceeded()) {
            return new Verdict(false, true, "the task's validator went past its own limits (" + limits.cpuMillis()
                    + " ms CPU, " + limits.memoryBytes() / (1 << 20) + " MB)", ran.cpuMillis());
        }
        return switch (ran.exitCode()) {
            case ACCEPTED -> accepted(validator, judgeMessage, ran.cpuMillis(), maxScore);
            case REJECTED -> new Verdict(false, false, judgeMessage, ran.cpuMillis());
            default -> new Verdict(false, true, "the task's validator ended with exit code " + ran.exitCode()
                    + " (42 accepts, 43 rejects)" + (ran.stderr().isBlank() ? "" : ": " + head(ran.stderr())),
                    ran.cpuMillis());
        };
    }

    /** An accepted output, with the share of the points the validator gave it (or its failure to say it well). */
    Verdict accepted(Compiled validator, String judgeMessage, long cpuMillis, int maxScore) {
        try {
            return new Verdict(true, false, judgeMessage, cpuMillis, fraction(validator, maxScore));
        } catch (ValidatorException e) {
            return new Verdict(false, true, e.getMessage(), cpuMillis);
        }
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? head(Files.readString(file, StandardCharsets.UTF_8).strip()) : "";
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
    }

    private static String head(String text) {
        return text.length() <= MESSAGE_CHARS ? text : text.substring(0, MESSAGE_CHARS) + "[…]";
    }

    private static String key(OutputCheck check) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(check.validatorLanguage().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(check.validatorSource().getBytes(StandardCharsets.UTF_8));
            new java.util.TreeMap<>(check.validatorFiles()).forEach((name, content) -> {
                digest.update((byte) 0);
                digest.update(name.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(content.getBytes(StandardCharsets.UTF_8));
            });
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The validator cannot be used (it does not compile, or its language is not served here). */
    static final class ValidatorException extends Exception {
        ValidatorException(String message) {
            super(message);
        }
    }

    void log(String runId, Verdict verdict) {
        if (verdict.failed()) {
            LOG.warning(() -> "event=validator-failed runId=" + runId + " message=" + verdict.message());
        }
    }
}
