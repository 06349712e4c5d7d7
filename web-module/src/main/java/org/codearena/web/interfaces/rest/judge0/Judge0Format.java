package org.codearena.web.interfaces.rest.judge0;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.codearena.domain.model.run.Language;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;

/**
 * A CodeArena run as Judge0 CE (1.13) shows a submission: its field names and types ("time" a string of seconds,
 * "memory" KB), its status ids, its language ids, its Base64 (MIME style, a line break every 60 characters), and
 * its choice of fields.
 */
final class Judge0Format {

    /** Judge0's status ids and descriptions, in its order. */
    static final List<Map<String, Object>> STATUSES = List.of(
            status(1, "In Queue"), status(2, "Processing"), status(3, "Accepted"), status(4, "Wrong Answer"),
            status(5, "Time Limit Exceeded"), status(6, "Compilation Error"), status(7, "Runtime Error (SIGSEGV)"),
            status(8, "Runtime Error (SIGXFSZ)"), status(9, "Runtime Error (SIGFPE)"), status(10, "Runtime Error (SIGABRT)"),
            status(11, "Runtime Error (NZEC)"), status(12, "Runtime Error (Other)"), status(13, "Internal Error"),
            status(14, "Exec Format Error"));

    /** Judge0 CE's language ids for the languages CodeArena may have (those it has are offered). */
    static final Map<Integer, String> LANGUAGE_IDS = Map.ofEntries(
            Map.entry(71, "python"), Map.entry(62, "java"), Map.entry(50, "c"), Map.entry(54, "cpp"),
            Map.entry(63, "javascript"), Map.entry(60, "go"), Map.entry(73, "rust"), Map.entry(78, "kotlin"),
            Map.entry(51, "csharp"), Map.entry(72, "ruby"), Map.entry(68, "php"), Map.entry(61, "haskell"));

    /** Every field a client may ask for, in the order Judge0 writes them. */
    static final List<String> ALL_FIELDS = List.of("source_code", "language_id", "stdin", "expected_output", "stdout",
            "status_id", "created_at", "finished_at", "time", "memory", "stderr", "token", "number_of_runs",
            "cpu_time_limit", "cpu_extra_time", "wall_time_limit", "memory_limit", "stack_limit",
            "max_processes_and_or_threads", "enable_per_process_and_thread_time_limit",
            "enable_per_process_and_thread_memory_limit", "max_file_size", "compile_output", "exit_code", "exit_signal",
            "message", "wall_time", "compiler_options", "command_line_arguments", "redirect_stderr_to_stdout",
            "callback_url", "additional_files", "enable_network", "status", "language");
    static final List<String> DEFAULT_FIELDS = List.of("token", "time", "memory", "stdout", "stderr", "compile_output",
            "message", "status");
    private static final Set<String> TEXT_FIELDS = Set.of("source_code", "stdin", "expected_output", "stdout", "stderr",
            "compile_output", "message");

    private Judge0Format() {
    }

    private static Map<String, Object> status(int id, String description) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", id);
        status.put("description", description);
        return status;
    }

    static Integer judge0Id(String languageId) {
        return LANGUAGE_IDS.entrySet().stream().filter(e -> e.getValue().equals(languageId)).map(Map.Entry::getKey)
                .findFirst().orElse(null);
    }

    static String name(Language language) {
        return language.getName() + " (" + language.getVersion() + ")";
    }

    /**
     * The fields asked for, in Judge0's order: none (or empty) gives the default eight, {@code *} all of them.
     * Unknown names are listed in the {@link IllegalArgumentException}'s message, as Judge0 words it.
     */
    static List<String> fields(String requested) {
        if (requested == null || requested.isBlank()) {
            return DEFAULT_FIELDS;
        }
        if (requested.strip().equals("*")) {
            return ALL_FIELDS;
        }
        List<String> asked = Arrays.stream(requested.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        List<String> unknown = asked.stream().filter(f -> !ALL_FIELDS.contains(f)).toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("invalid fields: [" + String.join(", ", unknown) + "]");
        }
        return ALL_FIELDS.stream().filter(asked::contains).toList();
    }

    /** The Judge0 status of a run: queued, running, or what its result means (compared when there is an expectation). */
    static int statusId(Run run, String expectedOutput) {
        if (run.getStatus() == RunStatus.QUEUED) {
            return 1;
        }
        if (run.getStatus() != RunStatus.FINISHED || run.getVerdict() == null) {
            return 2;
        }
        return switch (run.getVerdict()) {
            case OK -> expectedOutput == null || strip(expectedOutput).equals(strip(run.getStdout())) ? 3 : 4;
            case WRONG_ANSWER -> 4;
            case TIME_LIMIT -> 5;
            case COMPILE_ERROR -> 6;
            case RUNTIME_ERROR -> runtimeError(run.getExitCode());
            // the sandbox ends the run with SIGKILL at the memory limit, and Judge0 calls that "Other"
            case MEMORY_LIMIT -> 12;
            // too much output: the file-size limit's signal
            case OUTPUT_LIMIT -> 8;
            default -> 13;
        };
    }

    /** A signal ends a program as 128 + its number: SIGSEGV, SIGXFSZ, SIGFPE, SIGABRT have ids of their own. */
    private static int runtimeError(Integer exitCode) {
        if (exitCode == null || exitCode <= 128 || exitCode > 128 + 64) {
            return 11;
        }
        return switch (exitCode - 128) {
            case 11 -> 7;
            case 25 -> 8;
            case 8 -> 9;
            case 6 -> 10;
            default -> 12;
        };
    }

    /** Judge0's comparison: every line without its trailing blanks, and the whole without its trailing blanks. */
    static String strip(String text) {
        if (text == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line.stripTrailing());
        }
        return String.join("\n", lines).stripTrailing();
    }

    /** The submission with the fields asked for; texts in Base64 when asked. */
    static Map<String, Object> submission(UUID token, Run run, String expectedOutput, Language language,
                                          List<String> fields, boolean base64) {
        int statusId = statusId(run, expectedOutput);
        boolean finished = statusId > 2;
        boolean compileError = statusId == 6;
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("source_code", run.getSource());
        all.put("language_id", judge0Id(run.getLanguageId()));
        all.put("stdin", run.getStdin());
        all.put("expected_output", expectedOutput);
        all.put("stdout", finished && !compileError ? emptyAsNull(run.getStdout()) : null);
        all.put("status_id", statusId);
        all.put("created_at", run.getAcceptedAt() == null ? null : run.getAcceptedAt().toString());
        all.put("finished_at", run.getFinishedAt() == null ? null : run.getFinishedAt().toString());
        all.put("time", finished && !compileError && run.getTimeMillis() != null ? seconds(run.getTimeMillis()) : null);
        all.put("memory", finished && !compileError && run.getMemoryKb() != null ? run.getMemoryKb() : null);
        all.put("stderr", finished && !compileError ? emptyAsNull(run.getStderr()) : null);
        all.put("token", token.toString());
        all.put("number_of_runs", 1);
        // the platform's limits apply (per language); Judge0's per-submission limits are not taken
        all.put("cpu_time_limit", language == null ? null : seconds(language.getTimeLimitMillis()));
        all.put("cpu_extra_time", null);
        all.put("wall_time_limit", null);
        all.put("memory_limit", language == null ? null : language.getMemoryLimitKb());
        all.put("stack_limit", null);
        all.put("max_processes_and_or_threads", null);
        all.put("enable_per_process_and_thread_time_limit", false);
        all.put("enable_per_process_and_thread_memory_limit", false);
        all.put("max_file_size", null);
        all.put("compile_output", compileError ? emptyAsNull(run.getStderr()) : null);
        all.put("exit_code", finished && !compileError ? exitCode(run.getExitCode()) : null);
        all.put("exit_signal", finished && run.getExitCode() != null && run.getExitCode() > 128
                && run.getExitCode() <= 128 + 64 ? run.getExitCode() - 128 : null);
        all.put("message", message(statusId, run));
        all.put("wall_time", null);
        all.put("compiler_options", null);
        all.put("command_line_arguments", null);
        all.put("redirect_stderr_to_stdout", false);
        all.put("callback_url", null);
        all.put("additional_files", null);
        all.put("enable_network", false);
        all.put("status", STATUSES.get(statusId - 1));
        all.put("language", language == null ? null : Map.of("id", judge0Id(language.getId()), "name", name(language)));
        Map<String, Object> shown = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = all.get(field);
            if (base64 && value instanceof String text && TEXT_FIELDS.contains(field)) {
                value = encode(text);
            }
            shown.put(field, value);
        }
        return shown;
    }

    /** The program's exit status; none when a signal ended it (that is exit_signal), 0 when none was reported. */
    private static Integer exitCode(Integer exitCode) {
        if (exitCode == null || exitCode < 0) {
            return 0;
        }
        return exitCode > 128 ? null : exitCode;
    }

    private static String message(int statusId, Run run) {
        return switch (statusId) {
            case 11 -> "Exited with error status " + run.getExitCode();
            case 7, 8, 9, 10, 12 -> run.getExitCode() != null && run.getExitCode() > 128
                    ? "Exited with signal " + (run.getExitCode() - 128) : "Killed";
            case 5 -> "Time limit exceeded";
            case 13 -> emptyAsNull(run.getStderr());
            default -> null;
        };
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    /** Seconds as Judge0's decimal columns print them: "0.002", "1.5", "5.0". */
    static String seconds(long millis) {
        BigDecimal seconds = BigDecimal.valueOf(millis, 3).stripTrailingZeros();
        return (seconds.scale() < 1 ? seconds.setScale(1) : seconds).toPlainString();
    }

    /** Base64 as Judge0 (Ruby's encode64) writes it: a line break after every 60 characters and at the end. */
    static String encode(String text) {
        String encoded = Base64.getMimeEncoder(60, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return encoded + "\n";
    }

    /** Base64 read leniently (line breaks and stray characters ignored), as Judge0 reads it. */
    static String decode(String text) {
        if (text == null) {
            return null;
        }
        return new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
    }
}
