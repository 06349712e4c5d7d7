package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Trying a task before signing up: no account, the task's first example only, a token to read the result, a
 * limit per address (20 a minute by default) and one for all visitors together (they count as one person:
 * at most 10 interactive runs waiting by default).
 */
class TrialsApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String someAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "198.18." + random.nextInt(0, 255) + "." + random.nextInt(1, 255);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer post(String address, Object body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + "api/v1/trials"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", address)
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private Answer get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    private JsonNode finished(String token) {
        AtomicReference<JsonNode> done = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            Answer answer = get("api/v1/trials/" + token);
            assertThat(answer.status()).isEqualTo(200);
            done.set(answer.body());
            return "FINISHED".equals(answer.body().get("status").asText());
        });
        return done.get();
    }

    @Test
    void aVisitorRunsASolutionOnTheExampleWithoutAnAccount() throws Exception {
        Answer accepted = post(someAddress(), Map.of("task", "sum-of-two", "language", "python", "source", SUM));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(202);

        JsonNode trial = finished(accepted.body().get("token").asText());
        JsonNode task = get("api/v1/tasks/sum-of-two").body();
        JsonNode example = task.get("samples").get(0);
        assertThat(trial.get("verdict").asText()).isEqualTo("OK");
        assertThat(trial.get("passed").asBoolean()).isTrue();
        assertThat(trial.get("input").asText()).isEqualTo(example.get("input").asText());
        assertThat(trial.get("expectedOutput").asText()).isEqualTo(example.get("output").asText());
        assertThat(trial.get("stdout").asText()).isEqualTo(example.get("output").asText());
    }

    @Test
    void aWrongAnswerIsShownBesideTheExpectedOne() throws Exception {
        Answer accepted = post(someAddress(), Map.of("task", "sum-of-two", "language", "python",
                "source", "print(42)\n"));

        JsonNode trial = finished(accepted.body().get("token").asText());
        assertThat(trial.get("verdict").asText()).isEqualTo("OK");
        assertThat(trial.get("passed").asBoolean()).isFalse();
        assertThat(trial.get("stdout").asText()).isEqualTo("42\n");
    }

    @Test
    void badTriesGetAClearMessage() throws Exception {
        String address = someAddress();
        Answer unknownTask = post(address, Map.of("task", "no-such-task", "language", "python", "source", SUM));
        assertThat(unknownTask.status()).isEqualTo(404);

        Answer noTask = post(address, Map.of("language", "python", "source", SUM));
        assertThat(noTask.status()).isEqualTo(400);
        assertThat(noTask.body().get("error").asText()).contains("task is required");

        Answer unknownLanguage = post(address, Map.of("task", "sum-of-two", "language", "cobol", "source", SUM));
        assertThat(unknownLanguage.status()).isEqualTo(400);
        assertThat(unknownLanguage.body().get("error").asText()).contains("unknown language 'cobol'");

        Answer tooLarge = post(address, Map.of("task", "sum-of-two", "language", "python",
                "source", "#".repeat(70 * 1024)));
        assertThat(tooLarge.status()).isEqualTo(400);
        assertThat(tooLarge.body().get("error").asText()).contains("at most 64 KB").contains("sign up");

        assertThat(get("api/v1/trials/not-a-token").status()).isEqualTo(400);
        Answer unknown = get("api/v1/trials/00000000-0000-4000-8000-000000000000");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).contains("run the example again");
    }

    @Test
    void oneAddressMayTryTwentyTimesAMinute() throws Exception {
        String address = someAddress();
        // refused ones count too: an empty program is refused before it runs
        for (int i = 0; i < 20; i++) {
            assertThat(post(address, Map.of("task", "sum-of-two", "language", "python", "source", " ")).status())
                    .isEqualTo(400);
        }
        Answer refused = post(address, Map.of("task", "sum-of-two", "language", "python", "source", SUM));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("error").asText()).contains("too many runs before signing up");
        assertThat(post(someAddress(), Map.of("task", "sum-of-two", "language", "python", "source", " ")).status())
                .isEqualTo(400);
    }

    /**
     * A rush of visitors from many addresses: at most one person's interactive queue of them waits at once, the
     * rest are told to try again or sign up; signed-in people are not held up by them.
     */
    @Test
    void aRushOfVisitorsNeverFillsTheQueues() throws Exception {
        String slow = "import time\ntime.sleep(1)\nprint(0)\n";
        List<CompletableFuture<Answer>> rush = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            rush.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return post(someAddress(), Map.of("task", "sum-of-two", "language", "python", "source", slow));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        ArenaClient person = ArenaClient.signedUp();
        JsonNode mine = person.run("python", "print('signed in')", "");

        List<Answer> answers = rush.stream().map(CompletableFuture::join).toList();
        List<Answer> busy = answers.stream().filter(a -> a.status() == 429).toList();
        assertThat(answers).extracting(Answer::status).containsOnly(202, 429);
        assertThat(busy).as("visitors told to come back").isNotEmpty();
        assertThat(busy.get(0).body().get("error").asText()).contains("many visitors").contains("sign up");
        assertThat(mine.get("stdout").asText()).isEqualTo("signed in\n");
        for (Answer accepted : answers.stream().filter(a -> a.status() == 202).toList()) {
            assertThat(finished(accepted.body().get("token").asText()).get("verdict").asText()).isEqualTo("OK");
        }
    }
}
