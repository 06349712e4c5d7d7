package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.codearena.loadtest.client.ArenaHttpClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What problem packages cost: one problem ("print the sum of two numbers", T tests) made three ways in one run: checked
 * by the default validator (plain), by a custom output validator, and as an interactive task whose validator
 * hands the program each test's numbers. Each is imported (its example submissions judged, the time limit derived)
 * and published; then the same solution is submitted S times to each, one at a time, and each submission's time
 * from upload to judged is measured. Medians and ratios against the plain task are printed and written as JSON.
 */
@Command(name = "packages", mixinStandardHelpOptions = true,
        description = "Import time of a package of T tests, and the judging overhead of a custom validator and of "
                + "an interactive task against a plain one.")
final class PackagesCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    CommonOptions options;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CODEARENA_ADMIN_TOKEN}",
            description = "an ADMIN's token (or CODEARENA_ADMIN_TOKEN): imports and publishes the three tasks")
    String adminToken;

    @Option(names = "--tests", paramLabel = "T", defaultValue = "100", description = "tests per task (default: ${DEFAULT-VALUE})")
    int tests;

    @Option(names = "--submissions", paramLabel = "S", defaultValue = "10",
            description = "submissions judged per task, one at a time (default: ${DEFAULT-VALUE})")
    int submissions;

    @Option(names = "--language", paramLabel = "L", defaultValue = "python",
            description = "the submissions' language: python or cpp (default: ${DEFAULT-VALUE})")
    String language;

    private static final String PYTHON = """
            import sys
            for line in sys.stdin:
                if line.strip():
                    a, b = map(int, line.split())
                    print(a + b, flush=True)
            """;

    private static final String CPP = """
            #include <iostream>
            int main() {
                long long a, b;
                while (std::cin >> a >> b) std::cout << a + b << std::endl;
            }
            """;

    private static final String VALIDATOR = """
            import sys
            with open(sys.argv[2]) as answer:
                expected = answer.read().split()
            got = sys.stdin.read().split()
            if got != expected:
                with open(sys.argv[3] + "judgemessage.txt", "w") as feedback:
                    feedback.write("expected %s, got %s" % (expected[:1], got[:1]))
                sys.exit(43)
            sys.exit(42)
            """;

    private static final String INTERACTOR = """
            import sys
            with open(sys.argv[1]) as data:
                a, b = data.read().split()
            print(a, b, flush=True)
            reply = sys.stdin.readline().split()
            sys.exit(42 if reply == [str(int(a) + int(b))] else 43)
            """;

    @Override
    public Integer call() throws Exception {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token (or CODEARENA_ADMIN_TOKEN) is required: an ADMIN imports "
                    + "and publishes the three tasks");
        }
        if (!language.equals("python") && !language.equals("cpp")) {
            throw new IllegalArgumentException("--language takes python or cpp");
        }
        if (tests < 1 || tests > 2000 || submissions < 1) {
            throw new IllegalArgumentException("--tests takes 1 to 2000, --submissions 1 or more");
        }
        ArenaHttpClient client = new ArenaHttpClient(options.url, Duration.ofMinutes(5));
        String source = language.equals("python") ? PYTHON : CPP;
        Map<String, Object> results = new LinkedHashMap<>();
        Map<String, double[]> judged = new LinkedHashMap<>();
        for (String kind : List.of("plain", "validator", "interactive")) {
            byte[] zip = zip(files(kind, source));
            long started = System.nanoTime();
            ArenaHttpClient.Reply accepted = client.postBytes("api/v1/task-packages", zip, "application/zip",
                    adminToken).join();
            if (!accepted.is(202)) {
                throw new IllegalStateException("the " + kind + " package was refused: " + accepted.error());
            }
            String progress = accepted.body().get("progress").asText().substring(1);
            JsonNode state;
            while (true) {
                state = client.get(progress, adminToken).join().body();
                if (!"VERIFYING".equals(state.get("status").asText())) {
                    break;
                }
                Thread.sleep(100);
            }
            double importSeconds = (System.nanoTime() - started) / 1e9;
            if (!"VERIFIED".equals(state.get("status").asText())) {
                throw new IllegalStateException("the " + kind + " package did not verify: " + state.get("report"));
            }
            String slug = state.get("task").asText();
            client.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of(), adminToken).join();
            System.out.printf(Locale.ROOT, "%-12s imported and verified in %.2f s (%d tests, task %s)%n", kind,
                    importSeconds, tests, slug);
            double[] seconds = new double[submissions];
            long[] serverMillis = new long[submissions];
            for (int i = 0; i < submissions; i++) {
                long sent = System.nanoTime();
                ArenaHttpClient.Reply submitted = client.post("api/v1/submissions", Map.of("task", slug, "language",
                        language, "source", source), adminToken).join();
                if (!submitted.is(202)) {
                    throw new IllegalStateException("a submission was refused: " + submitted.error());
                }
                long id = submitted.body().get("id").asLong();
                JsonNode submission;
                while (true) {
                    submission = client.get("api/v1/submissions/" + id, adminToken).join().body();
                    if ("JUDGED".equals(submission.get("status").asText())) {
                        break;
                    }
                    Thread.sleep(20);
                }
                seconds[i] = (System.nanoTime() - sent) / 1e9;
                if (!"OK".equals(submission.get("verdict").asText())) {
                    throw new IllegalStateException(kind + ": the solution got " + submission.get("verdict").asText());
                }
            }
            judged.put(kind, seconds);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("task", slug);
            row.put("importSeconds", importSeconds);
            row.put("judgeSecondsMedian", median(seconds));
            row.put("judgeSecondsMin", Arrays.stream(seconds).min().orElse(0));
            row.put("judgeSecondsMax", Arrays.stream(seconds).max().orElse(0));
            row.put("perTestMillisMedian", median(seconds) * 1000 / tests);
            results.put(kind, row);
        }
        double plain = median(judged.get("plain"));
        System.out.println();
        System.out.printf(Locale.ROOT, "== %d tests, %d %s submissions each, one at a time ==%n", tests, submissions,
                language);
        System.out.printf(Locale.ROOT, "%-12s %10s %14s %14s %12s%n", "task", "import s", "judge p50 s",
                "per test ms", "vs plain");
        for (Map.Entry<String, Object> entry : results.entrySet()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) entry.getValue();
            double median = (double) row.get("judgeSecondsMedian");
            row.put("ratioToPlain", median / plain);
            System.out.printf(Locale.ROOT, "%-12s %10.2f %14.3f %14.2f %11.2fx%n", entry.getKey(),
                    (double) row.get("importSeconds"), median, (double) row.get("perTestMillisMedian"), median / plain);
        }
        if (options.json != null) {
            JSON.writeValue(options.json.toFile(), Map.of("scenario", "packages", "tests", tests, "submissions",
                    submissions, "language", language, "tasks", results));
            System.out.println("statistics written to " + options.json);
        }
        return 0;
    }

    /** The same problem as a package of the given kind. */
    private Map<String, String> files(String kind, String source) {
        Map<String, String> files = new LinkedHashMap<>();
        String type = kind.equals("interactive") ? "[pass-fail, interactive]" : "pass-fail";
        files.put("problem.yaml", "problem_format_version: 2023-07-draft\nname: Benchmark sum (" + kind + ") "
                + Long.toString(System.nanoTime(), 36) + "\nuuid: 00000000-0000-0000-0000-" + String.format(Locale.ROOT,
                "%012d", System.nanoTime() % 1_000_000_000_000L) + "\ntype: " + type + "\n");
        files.put("statement/problem.en.md", "Print the sum of the two numbers on each line.\n");
        Random random = new Random(tests);
        for (int t = 1; t <= tests; t++) {
            long a = random.nextInt(1_000_000_000);
            long b = random.nextInt(1_000_000_000);
            String folder = t == 1 ? "data/sample/" : "data/secret/";
            String name = String.format(Locale.ROOT, "%04d", t);
            files.put(folder + name + ".in", a + " " + b + "\n");
            files.put(folder + name + ".ans", (a + b) + "\n");
        }
        if (tests == 1) {
            files.put("data/secret/0001.in", "1 2\n");
            files.put("data/secret/0001.ans", "3\n");
        }
        if (kind.equals("validator")) {
            files.put("output_validator/validate.py", VALIDATOR);
        } else if (kind.equals("interactive")) {
            files.put("output_validator/interact.py", INTERACTOR);
        }
        files.put("submissions/accepted/sum." + (language.equals("python") ? "py" : "cpp"), source);
        return files;
    }

    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
