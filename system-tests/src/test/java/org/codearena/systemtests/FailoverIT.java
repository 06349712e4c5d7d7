package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Liberty servers side by side against the same PostgreSQL and Artemis: the second knows every agent,
 * forwards what it accepts to the holder of the matchmaker, pushes what the other did; and kill -9 of the
 * holder while runs wait loses none of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    private static final URI FIRST = URI.create(ArenaClient.BASE_URL);
    private static final String SECOND_URL = "http://" + FIRST.getHost() + ":" + (FIRST.getPort() + 1) + "/";

    private static ArenaClient first;
    private static ArenaClient second;

    @BeforeAll
    static void startASecondServer() throws IOException, InterruptedException {
        Platform.arena("up", "--servers", "2");
        first = ArenaClient.signedUp().grant("ADMIN");
        second = first.at(SECOND_URL);
    }

    @AfterAll
    static void backToOneServer() throws IOException, InterruptedException {
        // the killed first server comes back (as a follower); stopping the second cleanly hands it the lease
        Platform.arena("up");
        Platform.arena("down", "liberty-2");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                ArenaClient.signedUp().grant("ADMIN").get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong() > 0);
    }

    private static JsonNode matchmaker(ArenaClient client) {
        return client.get("api/v1/admin/matchmaker").body();
    }

    @Test
    @Order(1)
    void theSecondServerKnowsEveryAgentAndForwardsWhatItAcceptsToTheHolder() {
        assertThat(matchmaker(first).get("leaseEpoch").asLong()).as("the first server holds the matchmaker").isPositive();
        assertThat(matchmaker(second).get("leaseEpoch").asLong()).as("the second does not").isZero();
        List<String> agents = matchmaker(first).get("runners").findValuesAsText("runnerId");
        assertThat(agents).isNotEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(matchmaker(second).get("runners").findValuesAsText("runnerId"))
                        .containsExactlyInAnyOrderElementsOf(agents));

        JsonNode run = second.run("python", "print('accepted on the second server')", "");

        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("accepted on the second server\n");
    }

    @Test
    @Order(2)
    void aBrowserOnTheSecondServerHearsOfARunTheFirstFinished() throws Exception {
        try (PushSocket socket = PushSocket.open(SECOND_URL, first.token())) {
            long runId = first.post("api/v1/runs", Map.of("language", "python", "source", "print('pushed')",
                    "stdin", "")).body().get("id").asLong();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(socket.messages())
                    .anyMatch(message -> message.contains("\"id\":" + runId) && message.contains("FINISHED")));
        }
    }

    /**
     * One client's logins are counted once for both servers (in PostgreSQL): alternating between them does not
     * double its limit. Unknown names, so that nothing is hashed and the test is quick; they count all the same.
     */
    @Test
    @Order(2)
    void loginsFromOneClientCountTheSameOnBothServers() throws Exception {
        int limit = Integer.getInteger("codearena.ratelimit.test.login.limit", 1200);
        String client = "198.51.100." + (System.nanoTime() % 200 + 1);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        int passed = 0;
        HttpResponse<String> refused = null;
        for (int i = 0; i < 3 * limit && refused == null; i++) {
            URI server = URI.create((i % 2 == 0 ? ArenaClient.BASE_URL : SECOND_URL) + "api/v1/auth/token");
            HttpResponse<String> reply = http.send(HttpRequest.newBuilder(server)
                    .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"nobody" + i + "x\", \"password\": \"x\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 429) {
                refused = reply;
            } else {
                assertThat(reply.statusCode()).as(reply.body()).isEqualTo(401);
                passed++;
            }
        }
        assertThat(refused).as("a 429 within " + 3 * limit + " logins").isNotNull();
        assertThat(refused.body()).contains("too many");
        // the bucket refills as the test goes (limit a minute); counted per server, twice the limit would pass
        assertThat(passed).isBetween(limit, limit * 3 / 2);
    }

    /**
     * The forum's views are cached on each server; a post made on one is seen on the other within a second (the
     * cluster topic tells it), not after the cache's minute.
     */
    @Test
    @Order(2)
    void aForumPostOnOneServerShowsOnTheOtherWithinASecond() {
        ArenaClient author = ArenaClient.signedUp().grant("MODERATOR");
        long thread = author.post("api/v1/forum/categories/general/threads", Map.of("title", "Two servers",
                "body", "first")).body().get("threadId").asLong();
        ArenaClient readerOnSecond = new ArenaClient().at(SECOND_URL);
        // the second server caches the thread and its category page as they are now
        assertThat(readerOnSecond.get("api/v1/forum/threads/" + thread).body().get("postCount").asInt()).isEqualTo(1);
        readerOnSecond.get("api/v1/forum/categories/general/threads");
        assertThat(author.post("api/v1/forum/threads/" + thread + "/posts", Map.of("body", "second")).status())
                .isEqualTo(201);
        long postedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                readerOnSecond.get("api/v1/forum/threads/" + thread).body().get("postCount").asInt() == 2);
        System.out.printf("forum post seen on the other server after %.0f ms%n", (System.nanoTime() - postedAt) / 1e6);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20)).until(() ->
                readerOnSecond.get("api/v1/forum/categories/general/threads").body().get("threads").get(0)
                        .get("postCount").asInt() == 2);
    }

    /**
     * The chat across servers: a message sent on one server reaches a socket held by the other (over the cluster
     * topic), each server counts the other's people in the room, and the history is the same read from either.
     */
    @Test
    @Order(2)
    void aChatMessageOnOneServerReachesASocketOnTheOther() throws Exception {
        ArenaClient ann = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        String room = "task:sum-of-two";
        try (PushSocket annOnFirst = PushSocket.open(ArenaClient.BASE_URL, ann.token());
             PushSocket bobOnSecond = PushSocket.open(SECOND_URL, bob.token())) {
            annOnFirst.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            bobOnSecond.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            // presence crosses servers: each server names the other's person
            await().atMost(Duration.ofSeconds(5)).until(() -> annOnFirst.messages().stream().anyMatch(frame ->
                    frame.contains("\"chat-presence\"") && frame.contains(bob.username())));
            String text = "across servers " + ArenaClient.uniqueName("");
            long sentAt = System.nanoTime();
            annOnFirst.send("{\"chat\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\"}");
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(5)).until(() ->
                    bobOnSecond.messages().stream().anyMatch(frame -> frame.contains(text)));
            System.out.printf("chat message seen on the other server after %.0f ms%n", (System.nanoTime() - sentAt) / 1e6);
            await().atMost(Duration.ofSeconds(5)).until(() -> second.get(
                    "api/v1/chat/rooms/" + room + "/messages?limit=5").raw().contains(text));
        }
    }

    @Test
    @Order(3)
    void killingTheHolderWhileRunsWaitLosesNone() throws IOException {
        List<Long> runIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            var accepted = first.post("api/v1/runs", Map.of("language", "python",
                    "source", "import time\ntime.sleep(1)\nprint('run " + i + "')\n", "stdin", ""));
            assertThat(accepted.status()).isEqualTo(202);
            runIds.add(accepted.body().get("id").asLong());
        }
        long holderPid = Platform.pid("liberty");

        long killedAt = System.nanoTime();
        ProcessHandle.of(holderPid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                matchmaker(second).get("leaseEpoch").asLong() > 0);
        long takeoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
        System.out.println("FailoverIT: the second server took the matchmaker " + takeoverMillis
                + " ms after kill -9 of the holder");

        // the lease lasts 4 s and is tried every second: taken within 5 s, plus this test's polling
        assertThat(takeoverMillis).isLessThan(6_000);
        for (int i = 0; i < runIds.size(); i++) {
            JsonNode run = second.awaitFinished(runIds.get(i));
            assertThat(run.get("verdict").asText()).as("run %d", i).isEqualTo("OK");
            assertThat(run.get("stdout").asText()).isEqualTo("run " + i + "\n");
        }
    }
}
