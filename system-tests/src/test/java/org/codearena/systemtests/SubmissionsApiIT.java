package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Submissions judged by real runner agents on every test of a seed task: verdicts per test, scores, the live
 * push, history, and re-judging after a test is fixed.
 */
class SubmissionsApiIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static final String REVERSE = "print(' '.join(reversed(input().split())))\n";
    /** right on small inputs, O(n^2): too slow for the big hidden tests */
    private static final String QUADRATIC_LIS = """
            n = int(input())
            a = list(map(int, input().split()))
            best = [1] * n
            for i in range(n):
                for j in range(i):
                    if a[j] < a[i] and best[j] + 1 > best[i]:
                        best[i] = best[j] + 1
            print(max(best) if n else 0)
            """;

    private final ArenaClient client = ArenaClient.signedUp();

    @Test
    void aCorrectSolutionPassesEveryTestAndEarnsEveryPoint() {
        JsonNode judged = client.awaitJudged(client.submit("sum-of-two", "python", SUM));

        assertThat(judged.get("verdict").asText()).isEqualTo("OK");
        assertThat(judged.get("score").asInt()).isEqualTo(judged.get("maxScore").asInt()).isPositive();
        assertThat(judged.get("testsPassed").asInt()).isEqualTo(judged.get("testsTotal").asInt()).isEqualTo(10);
        assertThat(judged.get("tests").findValuesAsText("verdict")).hasSize(10).containsOnly("OK");
        assertThat(judged.get("tests").get(0).get("sample").asBoolean()).isTrue();
        assertThat(judged.get("task").asText()).isEqualTo("sum-of-two");
        assertThat(judged.get("source").asText()).isEqualTo(SUM);
    }

    @Test
    void aWrongSolutionIsWrongAnswerOnEveryTestItGetsWrong() {
        JsonNode judged = client.awaitJudged(client.submit("sum-of-two", "python",
                "a, b = map(int, input().split())\nprint(a + b if a >= 0 and b >= 0 else 0)\n"));

        assertThat(judged.get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        assertThat(judged.get("score").asInt()).isLessThan(judged.get("maxScore").asInt());
        assertThat(judged.get("tests").findValuesAsText("verdict")).contains("OK", "WRONG_ANSWER");
        assertThat(judged.get("message").asText()).contains("WRONG_ANSWER");
    }

    @Test
    void codeThatDoesNotCompileIsACompileErrorWithTheCompilersMessage() {
        JsonNode judged = client.awaitJudged(client.submit("sum-of-two", "java",
                "public class Main { public static void main(String[] a) { int x = ; } }"));

        assertThat(judged.get("verdict").asText()).isEqualTo("COMPILE_ERROR");
        assertThat(judged.get("score").asInt()).isZero();
        assertThat(judged.get("message").asText()).contains("Main.java");
    }

    @Test
    void aSlowSolutionRunsOutOfTimeOnTheBigTestsAndKeepsThePointsOfTheSmallOnes() {
        JsonNode judged = client.awaitJudged(client.submit("longest-increasing", "python", QUADRATIC_LIS));

        assertThat(judged.get("verdict").asText()).isEqualTo("TIME_LIMIT");
        assertThat(judged.get("tests").findValuesAsText("verdict")).contains("OK", "TIME_LIMIT");
        assertThat(judged.get("score").asInt()).isPositive().isLessThan(judged.get("maxScore").asInt());
        assertThat(judged.get("message").asText()).contains("hidden test");
    }

    @Test
    void eachTestsVerdictIsPushedAsItFinishes() throws Exception {
        try (PushSocket socket = PushSocket.open(ArenaClient.BASE_URL, client.token())) {
            long id = client.submit("reverse-words", "python", REVERSE);
            client.awaitJudged(id);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(socket.messages())
                    .anyMatch(m -> m.contains("\"id\":" + id) && m.contains("\"status\":\"JUDGED\"")));
            List<String> mine = socket.messages().stream()
                    .filter(m -> m.contains("\"type\":\"submission\"") && m.contains("\"id\":" + id)).toList();
            // one push per test as it finished, then the score: the page fills in test by test
            assertThat(mine.stream().filter(m -> m.contains("\"status\":\"JUDGING\""))).hasSizeGreaterThanOrEqualTo(5);
            assertThat(mine.get(0)).doesNotContain("\"status\":\"JUDGED\"");
        }
    }

    @Test
    void historyListsOnesOwnSubmissionsNewestFirstAndByTask() {
        long first = client.submit("sum-of-two", "python", SUM);
        long second = client.submit("reverse-words", "python", REVERSE);

        Reply all = client.get("api/v1/submissions");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().findValuesAsText("id")).startsWith(String.valueOf(second), String.valueOf(first));
        Reply byTask = client.get("api/v1/submissions?task=sum-of-two");
        assertThat(byTask.body().findValuesAsText("id")).containsExactly(String.valueOf(first));
        assertThat(byTask.body().get(0).get("taskTitle").asText()).isEqualTo("Sum of two numbers");

        Reply someoneElses = ArenaClient.signedUp().get("api/v1/submissions/" + first);
        assertThat(someoneElses.status()).isEqualTo(404);
    }

    @Test
    void badSubmissionsAreRefusedWithAMessage() {
        assertThat(client.post("api/v1/submissions", Map.of("task", "no-such-task", "language", "python",
                "source", SUM))).satisfies(reply -> {
                    assertThat(reply.status()).isEqualTo(404);
                    assertThat(reply.body().get("error").asText()).contains("no task 'no-such-task'");
                });
        assertThat(client.post("api/v1/submissions", Map.of("task", "sum-of-two", "language", "cobol",
                "source", SUM)).status()).isEqualTo(400);
        assertThat(client.post("api/v1/submissions", Map.of("task", "sum-of-two", "language", "python",
                "source", " ")).body().get("error").asText()).contains("source is required");
        assertThat(client.post("api/v1/submissions", Map.of("language", "python", "source", SUM))
                .body().get("error").asText()).contains("task is required");
        assertThat(client.get("api/v1/submissions?limit=1000").status()).isEqualTo(400);
        assertThat(client.get("api/v1/submissions/abc").body().get("error").asText())
                .contains("submission id must be a number");
    }

    @Test
    void fixingATestAndRejudgingTheTaskChangesItsScores() throws Exception {
        long id = client.submit("reverse-words", "python", REVERSE);
        JsonNode before = client.awaitJudged(id);
        assertThat(before.get("verdict").asText()).isEqualTo("OK");

        ArenaClient admin = ArenaClient.signedUp();
        assertThat(admin.post("api/v1/admin/tasks/reverse-words/rejudge", Map.of()).status())
                .as("without the ADMIN role").isEqualTo(403);
        admin.grant("ADMIN");

        JsonNode original = testData("reverse-words", 3);
        try {
            // "fix" hidden test 3 to expect something else: the correct solution now fails it
            assertThat(admin.put("api/v1/admin/tasks/reverse-words/tests/3", Map.of("input",
                    original.get("input").asText(), "expectedOutput", "changed\n", "points",
                    original.get("points").asInt())).status()).isEqualTo(200);
            Reply rejudge = admin.post("api/v1/admin/tasks/reverse-words/rejudge", Map.of());
            assertThat(rejudge.status()).isEqualTo(202);
            assertThat(rejudge.body().get("requeued").asInt()).isPositive();

            JsonNode after = awaitVerdict(id, "WRONG_ANSWER");
            assertThat(after.get("score").asInt()).isEqualTo(before.get("score").asInt() - 1);
            assertThat(after.get("tests").get(2).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
        } finally {
            admin.put("api/v1/admin/tasks/reverse-words/tests/3", Map.of("input", original.get("input").asText(),
                    "expectedOutput", original.get("expected").asText(), "points", original.get("points").asInt()));
            admin.post("api/v1/admin/tasks/reverse-words/rejudge", Map.of());
        }
        assertThat(awaitVerdict(id, "OK").get("score").asInt()).isEqualTo(before.get("score").asInt());
    }

    private JsonNode awaitVerdict(long id, String verdict) {
        List<JsonNode> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode submission = client.get("api/v1/submissions/" + id).body();
            seen.add(0, submission);
            return "JUDGED".equals(submission.get("status").asText()) && verdict.equals(submission.get("verdict").asText());
        });
        return seen.get(0);
    }

    private static Connection database() throws Exception {
        return DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
    }

    private static JsonNode testData(String slug, int ordinal) throws Exception {
        try (Connection connection = database();
             PreparedStatement select = connection.prepareStatement("select t.input, t.expected_output, t.points "
                     + "from task_test t join task k on k.id = t.task_id where k.slug = ? and t.ordinal = ?")) {
            select.setString(1, slug);
            select.setInt(2, ordinal);
            try (var row = select.executeQuery()) {
                row.next();
                return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                        .put("input", row.getString(1)).put("expected", row.getString(2)).put("points", row.getInt(3));
            }
        }
    }
}
