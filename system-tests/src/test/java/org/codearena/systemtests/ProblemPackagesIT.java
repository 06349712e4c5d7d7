package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Problem packages of our own (problem-packages/) imported through the API: read, verified by judging their
 * example submissions on real runners, published, and judging people's submissions with the package's output
 * check and groups; bad uploads refused with the problem named and nothing stored.
 */
class ProblemPackagesIT {

    private static final Path PACKAGES = Platform.ROOT.resolve("problem-packages");
    private static final String ZIP = "application/zip";

    /** The package folder as a ZIP, in a top folder as people zip them; {@code changes} replace or add files. */
    static byte[] zipOf(String name, Map<String, String> changes) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path root = PACKAGES.resolve(name);
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        changes.forEach((path, text) -> {
            if (text == null) {
                files.remove(path);
            } else {
                files.put(path, text.getBytes(StandardCharsets.UTF_8));
            }
        });
        Map<String, byte[]> inFolder = new LinkedHashMap<>();
        files.forEach((path, data) -> inFolder.put(name + "/" + path, data));
        return zip(inFolder);
    }

    static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** Uploads and waits until the import is verified or failed; returns its status. */
    static JsonNode importAndAwait(ArenaClient who, byte[] zip) {
        return importAndAwait(who, zip, null);
    }

    /** As above, or follows an import already accepted ({@code accepted}: its 202). */
    static JsonNode importAndAwait(ArenaClient who, byte[] zip, ArenaClient.Reply started) {
        ArenaClient.Reply accepted = started != null ? started : who.postBytes("api/v1/task-packages", zip, ZIP);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        String progress = accepted.body().get("progress").asText().substring(1);
        AtomicReference<JsonNode> done = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
            ArenaClient.Reply status = who.get(progress);
            if (status.status() == 200 && !"VERIFYING".equals(status.body().get("status").asText())) {
                done.set(status.body());
                return true;
            }
            return false;
        });
        return done.get();
    }

    private static List<String> publicTasks() {
        List<String> slugs = new ArrayList<>();
        ArenaClient.signedUp().get("api/v1/tasks").body().forEach(task -> slugs.add(task.get("slug").asText()));
        return slugs;
    }

    @Test
    void aDraftPackageWithAFloatToleranceIsVerifiedPublishedAndJudgesAnyValidFormatting() throws IOException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("float-average", Map.of()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("VERIFIED");
        JsonNode report = done.get("report");
        assertThat(report.get("format").asText()).isEqualTo("kattis-2023-07");
        assertThat(report.get("timeLimitMillis").asInt()).isEqualTo(1000);
        assertThat(report.get("timeLimitExplanation").asText()).startsWith("the slowest accepted example took ");
        Map<String, String> verdicts = new LinkedHashMap<>();
        report.get("examples").forEach(example -> {
            assertThat(example.get("asExpected").asBoolean()).as(example.toString()).isTrue();
            verdicts.put(example.get("path").asText(), example.get("verdict").asText());
        });
        assertThat(verdicts).containsEntry("input_validators/validate.py", "OK")
                .containsEntry("submissions/accepted/average.c", "OK")
                .containsEntry("submissions/accepted/average.py", "OK")
                .containsEntry("submissions/wrong_answer/two_decimals.py", "WRONG_ANSWER")
                .containsEntry("submissions/time_limit_exceeded/quadratic.py", "TIME_LIMIT");
        String slug = done.get("task").asText();
        assertThat(done.get("taskStatus").asText()).isEqualTo("DRAFT");
        assertThat(publicTasks()).doesNotContain(slug);

        // the ADMIN tries the platform draft (no owner) from its page before publishing; nobody else sees it
        String mean = """
                data = open(0).read().split()
                n = int(data[0])
                print(sum(map(int, data[1:1 + n])) / n)
                """;
        JsonNode tried = admin.awaitJudged(admin.submit(slug, "python", mean));
        assertThat(tried.get("verdict").asText()).as(tried.toString()).isEqualTo("OK");
        ArenaClient.Reply mine = admin.get("api/v1/submissions?task=" + slug);
        assertThat(mine.status()).as(mine.raw()).isEqualTo(200);
        assertThat(mine.body().size()).isEqualTo(1);
        ArenaClient stranger = ArenaClient.signedUp();
        assertThat(stranger.post("api/v1/submissions", Map.of("task", slug, "language", "python", "source", mean))
                .status()).isEqualTo(404);
        assertThat(stranger.get("api/v1/submissions?task=" + slug).status()).isEqualTo(404);

        ArenaClient.Reply published = admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(200);
        assertThat(publicTasks()).contains(slug);

        // the default validator with float_tolerance 1e-6: any valid formatting within the tolerance is right
        ArenaClient person = ArenaClient.signedUp();
        JsonNode scientific = person.awaitJudged(person.submit(slug, "python", """
                data = open(0).read().split()
                n = int(data[0])
                print("%.8e" % (sum(map(int, data[1:1 + n])) / n))
                """));
        assertThat(scientific.get("verdict").asText()).as(scientific.toString()).isEqualTo("OK");
        assertThat(scientific.get("score").asInt()).isEqualTo(100);
        JsonNode rounded = person.awaitJudged(person.submit(slug, "python", """
                data = open(0).read().split()
                n = int(data[0])
                print(round(sum(map(int, data[1:1 + n])) / n, 3))
                """));
        assertThat(rounded.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        assertThat(rounded.get("score").asInt()).isZero();
    }

    /** The package's input validator is run on every test's input: an input outside the statement fails the import. */
    @Test
    void anInputTheInputValidatorRejectsFailsTheImport() throws IOException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("float-average", Map.of(
                "data/secret/06-too-large.in", "2\n1 2000000000\n", "data/secret/06-too-large.ans", "1000000000.5\n")));
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        JsonNode validator = null;
        for (JsonNode example : done.get("report").get("examples")) {
            if (example.get("path").asText().equals("input_validators/validate.py")) {
                validator = example;
            } else {
                assertThat(example.get("asExpected").asBoolean()).as(example.toString()).isTrue();
            }
        }
        assertThat(validator).isNotNull();
        assertThat(validator.get("asExpected").asBoolean()).isFalse();
        assertThat(validator.get("note").asText())
                .isEqualTo("the input validator did not accept every test's input: tests 8 (WRONG_ANSWER)");
    }

    @Test
    void aLegacyScoringPackageScoresGroupsAndItsExportImportsUnchanged() throws IOException, SQLException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("subtask-sum", Map.of()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("VERIFIED");
        Map<String, Integer> scores = new LinkedHashMap<>();
        done.get("report").get("examples").forEach(example ->
                scores.put(example.get("path").asText(), example.get("score").asInt()));
        assertThat(scores).containsEntry("submissions/accepted/formula.cpp", 100)
                .containsEntry("submissions/partially_accepted/loop.py", 30);
        String slug = done.get("task").asText();
        assertThat(admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);

        ArenaClient person = ArenaClient.signedUp();
        JsonNode partial = person.awaitJudged(person.submit(slug, "python", """
                q = int(input())
                for _ in range(q):
                    l, r = map(int, input().split())
                    print(sum(range(l, r + 1)) if r <= 1000 else 0)
                """));
        assertThat(partial.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        assertThat(partial.get("score").asInt()).isEqualTo(30);
        assertThat(partial.get("maxScore").asInt()).isEqualTo(100);

        byte[] exported = admin.getBytes("api/v1/task-packages/tasks/" + slug + "/package.zip");
        JsonNode again = importAndAwait(admin, exported);
        assertThat(again.get("status").asText()).isEqualTo("VERIFIED");
        String second = again.get("task").asText();
        assertThat(second).isNotEqualTo(slug);
        assertThat(tests(second)).isEqualTo(tests(slug)).hasSize(6);
        assertThat(groups(second)).isEqualTo(groups(slug))
                .containsExactly("sample 0 PASS_FAIL", "secret/group1 30 MIN", "secret/group2 70 MIN");
    }

    @Test
    void aRecruitersPackageIsTheirsAlone() throws IOException {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        JsonNode done = importAndAwait(recruiter, zipOf("float-average", Map.of()));
        assertThat(done.get("status").asText()).isEqualTo("VERIFIED");
        String slug = done.get("task").asText();
        ArenaClient other = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient.Reply notTheirs = other.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of());
        assertThat(notTheirs.status()).isEqualTo(403);
        assertThat(notTheirs.body().get("error").asText()).contains("is not one of yours");
        assertThat(other.get("api/v1/task-packages/imports/" + done.get("importId").asText()).status()).isEqualTo(404);
        ArenaClient.Reply published = recruiter.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(200);
        assertThat(published.body().get("public").asBoolean()).isFalse();
        assertThat(publicTasks()).doesNotContain(slug);
        assertThat(ArenaClient.signedUp().get("api/v1/task-packages").status()).isIn(403, 405);
    }

    @Test
    void aPackageWhoseExamplesDisagreeFailsAndIsPublishedOnlyByAnAdminWithANote() throws IOException {
        String wrong = "print('not the average')\n";
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        JsonNode done = importAndAwait(recruiter, zipOf("float-average",
                Map.of("submissions/accepted/wrong.py", wrong)));
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        JsonNode failing = null;
        for (JsonNode example : done.get("report").get("examples")) {
            if (example.get("path").asText().equals("submissions/accepted/wrong.py")) {
                failing = example;
            }
        }
        assertThat(failing).isNotNull();
        assertThat(failing.get("asExpected").asBoolean()).isFalse();
        assertThat(failing.get("note").asText()).startsWith("expected accepted with full marks, got WRONG_ANSWER");
        String slug = done.get("task").asText();
        ArenaClient.Reply refused = recruiter.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("error").asText()).contains("did not verify");
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient.Reply noNote = admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of());
        assertThat(noNote.status()).isEqualTo(409);
        assertThat(noNote.body().get("error").asText()).contains("give a note that says why");
        ArenaClient.Reply withNote = admin.post("api/v1/task-packages/tasks/" + slug + "/publish",
                Map.of("note", "the wrong example is a known mistake of the package; its tests are right"));
        assertThat(withNote.status()).as(withNote.raw()).isEqualTo(200);
    }

    @Test
    void badUploadsAreRefusedWithTheProblemNamedAndNothingIsStored() throws IOException, SQLException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        long before = count("select count(*) from task");
        assertRefused(admin, zip(Map.of("../../etc/cron.d/x", "* * * * * root rm -rf /".getBytes())),
                "points outside the package");
        assertRefused(admin, "name: not a zip".getBytes(), "the upload is not a ZIP archive");
        assertRefused(admin, zipOf("float-average", Map.of("problem.yaml", "name: [unclosed\n")),
                "problem.yaml is not valid YAML");
        Map<String, String> withoutAnswer = new java.util.HashMap<>();
        withoutAnswer.put("data/secret/03-thirds.ans", null);
        assertRefused(admin, zipOf("float-average", withoutAnswer),
                "data/secret/03-thirds.in has no answer: add data/secret/03-thirds.ans");
        assertRefused(admin, zip(Map.of("bomb/data/secret/1.in", new byte[60 << 20])), "ZIP bomb");
        ArenaClient.Reply empty = admin.postBytes("api/v1/task-packages", new byte[0], ZIP);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error").asText()).startsWith("the body is empty");
        ArenaClient.Reply person = ArenaClient.signedUp().postBytes("api/v1/task-packages",
                zipOf("float-average", Map.of()), ZIP);
        assertThat(person.status()).isEqualTo(403);
        assertThat(count("select count(*) from task")).as("nothing half-imported").isEqualTo(before);
    }

    @Test
    void aCustomValidatorAcceptsAnyValidAnswerAndSaysWhyItRejects() throws IOException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("pair-sum", Map.of()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("VERIFIED");
        String slug = done.get("task").asText();
        assertThat(admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);

        ArenaClient person = ArenaClient.signedUp();
        // another valid pair than the answer file's: the validator decides, not a comparison
        JsonNode other = person.awaitJudged(person.submit(slug, "python", """
                data = open(0).read().split()
                n, s = int(data[0]), int(data[1])
                a = list(map(int, data[2:2 + n]))
                last = {}
                for j in range(n - 1, -1, -1):
                    last.setdefault(a[j], j)
                for i in range(n):
                    j = last.get(s - a[i])
                    if j is not None and j > i:
                        print(i + 1, j + 1)
                        break
                else:
                    print("impossible")
                """));
        assertThat(other.get("verdict").asText()).as(other.toString()).isEqualTo("OK");
        JsonNode guess = person.awaitJudged(person.submit(slug, "python", "print(1, 2)\n"));
        assertThat(guess.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        assertThat(guess.get("message").asText()).contains("test 2 (an example): WRONG_ANSWER")
                .contains("there is no such pair, so the answer is 'impossible'");
    }

    /** An interactive task: the program talks with the task's validator; one that never flushes times out. */
    @Test
    void anInteractiveTaskIsJudgedInConversationWithItsValidator() throws IOException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("guess-the-number", Map.of()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("VERIFIED");
        Map<String, String> verdicts = new LinkedHashMap<>();
        done.get("report").get("examples").forEach(example ->
                verdicts.put(example.get("path").asText(), example.get("verdict").asText()));
        assertThat(verdicts).containsEntry("submissions/time_limit_exceeded/no_flush.py", "TIME_LIMIT")
                .containsEntry("submissions/wrong_answer/counting_up.py", "WRONG_ANSWER")
                .containsEntry("submissions/accepted/binary_search.cpp", "OK");
        String slug = done.get("task").asText();
        assertThat(admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);

        ArenaClient person = ArenaClient.signedUp();
        JsonNode guessedWrong = person.awaitJudged(person.submit(slug, "python", """
                print("? 42", flush=True)
                input()
                print("! 41", flush=True)
                """));
        assertThat(guessedWrong.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        assertThat(guessedWrong.get("message").asText()).contains("the answer was 41, but the number was 42");
        JsonNode crashed = person.awaitJudged(person.submit(slug, "python", """
                print("? 1", flush=True)
                raise SystemExit(3)
                """));
        assertThat(crashed.get("verdict").asText()).isEqualTo("RUNTIME_ERROR");
    }

    /** A validator's score_multiplier.txt gives part of a test's points; the judgement shows each group's points. */
    @Test
    void aValidatorsPartialScoresAddUpInTheGroup() throws IOException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        JsonNode done = importAndAwait(admin, zipOf("nearly-sorted", Map.of()));
        assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("VERIFIED");
        Map<String, Integer> scores = new LinkedHashMap<>();
        done.get("report").get("examples").forEach(example ->
                scores.put(example.get("path").asText(), example.get("score").asInt()));
        assertThat(scores.get("submissions/accepted/sort.py")).isEqualTo(100);
        assertThat(scores.get("submissions/partially_accepted/first_half.py")).isBetween(1, 99);
        assertThat(scores.get("submissions/wrong_answer/drops_one.py")).isZero();
        String slug = done.get("task").asText();
        assertThat(admin.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);

        // reversed: of 5 4 3 2 1 no pair is in order, of 2 1 1 1 two of three; of 200 random numbers only equal
        // neighbours (5 of 199), of 10,000 none: 100 x (0 + 0.667 + 0.025 + 0) / 4 = 17 points
        ArenaClient person = ArenaClient.signedUp();
        JsonNode reversed = person.awaitJudged(person.submit(slug, "python", """
                data = open(0).read().split()
                print(*sorted(map(int, data[1:1 + int(data[0])]), reverse=True))
                """));
        assertThat(reversed.get("verdict").asText()).isEqualTo("OK");
        JsonNode tests = reversed.get("tests");
        assertThat(tests.get(1).get("share").asDouble()).isZero();
        assertThat(tests.get(2).get("share").asDouble()).isCloseTo(0.6667, org.assertj.core.data.Offset.offset(0.001));
        assertThat(tests.get(1).get("group").asText()).isEqualTo("secret");
        int score = reversed.get("score").asInt();
        assertThat(score).isEqualTo(17);
        assertThat(reversed.get("groups").get(1).get("earned").asInt()).isEqualTo(score);
        assertThat(reversed.get("groups").get(1).get("points").asInt()).isEqualTo(100);
    }

    /** ./arena import-problem: a folder zipped, uploaded, followed to its report, published. */
    @Test
    void theCommandLineImportsAFolderAndPrintsTheReport() throws IOException, InterruptedException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ProcessBuilder command = new ProcessBuilder(Platform.ROOT.resolve("arena").toString(), "import-problem",
                PACKAGES.resolve("subtask-sum").toString(), "--publish").redirectErrorStream(true);
        command.environment().put("CODEARENA_TOKEN", admin.token());
        Process process = command.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        assertThat(output).contains("stored as a draft; verifying").contains("example submissions judged")
                .containsPattern("submissions/partially_accepted/loop.py +partially_accepted +TIME_LIMIT +30/100")
                .contains("VERIFIED: task 'sums-of-ranges").contains("published: ");

        ProcessBuilder refused = new ProcessBuilder(Platform.ROOT.resolve("arena").toString(), "import-problem",
                PACKAGES.toString()).redirectErrorStream(true);
        refused.environment().put("CODEARENA_TOKEN", admin.token());
        Process bad = refused.start();
        String said = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bad.waitFor()).isEqualTo(2);
        assertThat(said).contains("has no problem.yaml: give the package's folder");
    }

    private static void assertRefused(ArenaClient who, byte[] zip, String problem) {
        ArenaClient.Reply reply = who.postBytes("api/v1/task-packages", zip, ZIP);
        assertThat(reply.status()).as(reply.raw()).isEqualTo(400);
        assertThat(reply.body().get("error").asText()).contains(problem);
    }

    private static Connection db() throws SQLException {
        return DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
    }

    private static long count(String sql) throws SQLException {
        try (Connection db = db(); ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static List<String> tests(String slug) throws SQLException {
        return rows("select t.ordinal || ' ' || t.sample || ' ' || t.points || ' ' || t.group_path || ' ' || t.name "
                + "|| ' ' || md5(t.input) || ' ' || md5(t.expected_output) from task_test t join task k on k.id = "
                + "t.task_id where k.slug = ? order by t.ordinal", slug);
    }

    private static List<String> groups(String slug) throws SQLException {
        return rows("select g.path || ' ' || g.points || ' ' || g.aggregation from task_test_group g join task k "
                + "on k.id = g.task_id where k.slug = ? order by g.ordinal", slug);
    }

    private static List<String> rows(String sql, String slug) throws SQLException {
        try (Connection db = db(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setString(1, slug);
            List<String> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        }
    }
}
