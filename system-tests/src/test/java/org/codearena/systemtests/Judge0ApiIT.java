package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The Judge0-compatible API, used as a Judge0 client uses Judge0 (requests written from Judge0 CE's API
 * documentation: its paths, field names, language and status ids, Base64 and errors), with a CodeArena token
 * in Judge0's X-Auth-Token header. No Judge0 client library is on Maven Central or npm that can be pointed at
 * another server, so the client is these few lines.
 */
class Judge0ApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JUDGE0 = ArenaClient.BASE_URL + "judge0/";

    private record Answer(int status, JsonNode body, String raw) {
    }

    private final String token = ArenaClient.signedUp().token();

    private Answer send(String method, String path, Object body, String authToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(JUDGE0 + path)).timeout(Duration.ofSeconds(90))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (authToken != null) {
            request.header("X-Auth-Token", authToken);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = null;
        try {
            parsed = response.body().isEmpty() ? null : JSON.readTree(response.body());
        } catch (Exception notJson) {
            // raw keeps it
        }
        return new Answer(response.statusCode(), parsed, response.body());
    }

    private Answer send(String method, String path, Object body) throws Exception {
        return send(method, path, body, token);
    }

    private static Map<String, Object> submission(int languageId, String source, String stdin) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source_code", source);
        body.put("language_id", languageId);
        body.put("stdin", stdin);
        return body;
    }

    /** Creates, then polls GET /submissions/{token} until the status is past "Processing", as Judge0's docs advise. */
    private JsonNode judged(Map<String, Object> body, String query) throws Exception {
        Answer created = send("POST", "submissions?base64_encoded=false" + query, body);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String submissionToken = created.body().get("token").asText();
        AtomicReference<JsonNode> done = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Answer read = send("GET", "submissions/" + submissionToken + "?base64_encoded=false&fields=*", null);
            assertThat(read.status()).as(read.raw()).isEqualTo(200);
            done.set(read.body());
            return read.body().get("status").get("id").asInt() > 2;
        });
        return done.get();
    }

    @Test
    void helloInEachLanguageByJudge0sIdsWithWaitTrue() throws Exception {
        Answer languages = send("GET", "languages", null);
        assertThat(languages.status()).isEqualTo(200);
        List<Integer> ids = new ArrayList<>();
        languages.body().forEach(language -> ids.add(language.get("id").asInt()));
        assertThat(ids).contains(71, 62, 50, 54, 63);
        assertThat(languages.body().get(0).has("name")).isTrue();
        assertThat(send("GET", "languages/71", null).body().get("name").asText()).startsWith("Python");
        assertThat(send("GET", "languages/999", null).status()).isEqualTo(404);

        Map<Integer, String> hello = Map.of(
                71, "print('hello')",
                62, "public class Main { public static void main(String[] a) { System.out.println(\"hello\"); } }",
                50, "#include <stdio.h>\nint main() { puts(\"hello\"); return 0; }",
                54, "#include <iostream>\nint main() { std::cout << \"hello\\n\"; }",
                63, "console.log('hello')");
        for (Map.Entry<Integer, String> language : hello.entrySet()) {
            Answer answer = send("POST", "submissions?base64_encoded=false&wait=true",
                    submission(language.getKey(), language.getValue(), ""));
            assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
            // the default fields, with Judge0's types
            assertThat(answer.body().get("status").get("id").asInt()).as(answer.raw()).isEqualTo(3);
            assertThat(answer.body().get("status").get("description").asText()).isEqualTo("Accepted");
            assertThat(answer.body().get("stdout").asText()).isEqualTo("hello\n");
            assertThat(answer.body().get("time").isTextual()).as("time is a string of seconds").isTrue();
            assertThat(answer.body().get("memory").isIntegralNumber()).isTrue();
            assertThat(answer.body().has("token")).isTrue();
            assertThat(answer.body().has("source_code")).as("not a default field").isFalse();
        }
    }

    @Test
    void theExpectedOutputDecidesAcceptedOrWrongAnswer() throws Exception {
        String sum = "a, b = map(int, input().split())\nprint(a + b)\n";
        Map<String, Object> right = submission(71, sum, "3 4");
        right.put("expected_output", "7");
        JsonNode accepted = judged(right, "");
        assertThat(accepted.get("status").get("id").asInt()).isEqualTo(3);
        assertThat(accepted.get("language").get("id").asInt()).isEqualTo(71);
        assertThat(accepted.get("source_code").asText()).isEqualTo(sum);
        assertThat(accepted.get("exit_code").asInt()).isZero();

        Map<String, Object> wrong = submission(71, sum, "3 4");
        wrong.put("expected_output", "8\n");
        JsonNode answered = judged(wrong, "");
        assertThat(answered.get("status").get("id").asInt()).isEqualTo(4);
        assertThat(answered.get("status").get("description").asText()).isEqualTo("Wrong Answer");
    }

    @Test
    void base64InAndOutAsJudge0WritesIt() throws Exception {
        Base64.Encoder encoder = Base64.getEncoder();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source_code", encoder.encodeToString("print(input() + ' ✓')".getBytes(StandardCharsets.UTF_8)));
        body.put("language_id", 71);
        body.put("stdin", encoder.encodeToString("Judge0".getBytes(StandardCharsets.UTF_8)));
        Answer answer = send("POST", "submissions?base64_encoded=true&wait=true", body);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        String stdout = answer.body().get("stdout").asText();
        assertThat(stdout).endsWith("\n");
        assertThat(new String(Base64.getMimeDecoder().decode(stdout), StandardCharsets.UTF_8)).isEqualTo("Judge0 ✓\n");
    }

    @Test
    void failuresGetJudge0sStatuses() throws Exception {
        JsonNode compile = judged(submission(50, "int main() { return x; }", ""), "");
        assertThat(compile.get("status").get("id").asInt()).isEqualTo(6);
        assertThat(compile.get("compile_output").asText()).contains("x");
        assertThat(compile.get("stdout").isNull()).isTrue();

        JsonNode nonZero = judged(submission(71, "import sys\nsys.exit(3)", ""), "");
        assertThat(nonZero.get("status").get("id").asInt()).isEqualTo(11);
        assertThat(nonZero.get("status").get("description").asText()).isEqualTo("Runtime Error (NZEC)");
        assertThat(nonZero.get("exit_code").asInt()).isEqualTo(3);
        assertThat(nonZero.get("message").asText()).isEqualTo("Exited with error status 3");

        JsonNode segfault = judged(submission(50, "int main() { int *p = 0; *p = 1; return 0; }", ""), "");
        assertThat(segfault.get("status").get("id").asInt()).isEqualTo(7);
        assertThat(segfault.get("exit_signal").asInt()).isEqualTo(11);

        JsonNode endless = judged(submission(71, "while True:\n    pass\n", ""), "");
        assertThat(endless.get("status").get("id").asInt()).isEqualTo(5);
    }

    @Test
    void batchesOfSubmissions() throws Exception {
        Map<String, Object> batch = Map.of("submissions", List.of(submission(71, "print(1)", ""),
                submission(123456789, "print(2)", ""), submission(63, "console.log(3)", "")));
        Answer created = send("POST", "submissions/batch?base64_encoded=false", batch);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body()).hasSize(3);
        assertThat(created.body().get(1).get("language_id").get(0).asText())
                .isEqualTo("language with id 123456789 doesn't exist");
        String first = created.body().get(0).get("token").asText();
        String third = created.body().get(2).get("token").asText();
        String unknown = "00000000-0000-4000-8000-000000000000";
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            Answer read = send("GET", "submissions/batch?tokens=" + first + "," + third + "," + unknown
                    + "&base64_encoded=false&fields=token,stdout,status_id,language_id", null);
            assertThat(read.status()).isEqualTo(200);
            JsonNode found = read.body().get("submissions");
            assertThat(found).hasSize(3);
            assertThat(found.get(0).get("stdout").asText()).isEqualTo("1\n");
            assertThat(found.get(1).get("stdout").asText()).isEqualTo("3\n");
            assertThat(found.get(1).get("language_id").asInt()).isEqualTo(63);
            assertThat(found.get(2).isNull()).isTrue();
        });
        assertThat(send("POST", "submissions/batch", Map.of("submissions", List.of())).status()).isEqualTo(400);
    }

    @Test
    void badRequestsGetJudge0sErrors() throws Exception {
        Answer statuses = send("GET", "statuses", null);
        assertThat(statuses.body()).hasSize(14);
        assertThat(statuses.body().get(13).get("description").asText()).isEqualTo("Exec Format Error");

        Answer blank = send("POST", "submissions", Map.of("language_id", 71));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body().get("source_code").get(0).asText()).isEqualTo("can't be blank");
        Answer noLanguage = send("POST", "submissions", Map.of("source_code", "print(1)"));
        assertThat(noLanguage.status()).isEqualTo(422);
        assertThat(noLanguage.body().get("language_id").get(0).asText()).isEqualTo("can't be blank");
        Answer badFields = send("GET", "submissions/00000000-0000-4000-8000-000000000000?fields=foo,stdout", null);
        assertThat(badFields.status()).isEqualTo(400);
        assertThat(badFields.body().get("error").asText()).isEqualTo("invalid fields: [foo]");
        Answer notFound = send("GET", "submissions/not-a-token", null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.body().get("error").asText()).isEqualTo("Not Found");

        // someone else's submission is not found; no token is not let in
        String mine = send("POST", "submissions", submission(71, "print(1)", "")).body().get("token").asText();
        assertThat(send("GET", "submissions/" + mine, null, ArenaClient.signedUp().token()).status()).isEqualTo(404);
        assertThat(send("GET", "submissions/" + mine, null, null).status()).isEqualTo(401);
        assertThat(send("GET", "languages", null, "not-a-token").status()).isEqualTo(401);
    }
}
