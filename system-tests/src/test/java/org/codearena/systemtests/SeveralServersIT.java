package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two Liberty servers side by side against the same PostgreSQL and Artemis, behind the load balancer
 * (./arena up --servers 2: HAProxy on one port), started once for all of these. Side by side: the second knows
 * every agent, forwards what it accepts to the holder of the matchmaker, pushes, posts and chats what the other
 * did, drops what the other changed from its caches, counts each client's limits with the other, and ends a login
 * the other logged out. Behind the balancer: it serves with no agent connected, names the client by the address it
 * sees, and when the server holding the matchmaker (and a signed-in page, and runs waiting) is killed with kill -9,
 * the other takes the lease within 5 s, the page stays signed in there, every accepted run finishes, and no request
 * fails except around the moment of the kill.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeveralServersIT {

    private static final URI PLATFORM = URI.create(ArenaClient.BASE_URL);
    private static final String BALANCER = "http://" + PLATFORM.getHost() + ":"
            + Integer.getInteger("codearena.lb.port", 8080) + "/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** how long after the kill a request may fail: the balancer sees the server gone within two 1 s checks */
    private static final Duration RECONNECT = Duration.ofSeconds(5);
    private static final String SECOND_URL = "http://" + PLATFORM.getHost() + ":" + (PLATFORM.getPort() + 1) + "/";

    private static ArenaClient first;
    private static ArenaClient second;

    @BeforeAll
    static void twoServersBehindTheBalancer() throws IOException, InterruptedException {
        Platform.arena("up", "--servers", "2");
        first = ArenaClient.signedUp().grant("ADMIN");
        second = first.at(SECOND_URL);
    }

    @AfterAll
    static void backToOneServer() throws IOException, InterruptedException {
        // the killed first server comes back (as a follower); stopping the second cleanly hands it the lease
        Platform.arena("up");
        Platform.arena("down", "liberty-2");
        Platform.arena("down", "haproxy");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                ArenaClient.signedUp().grant("ADMIN").get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong() > 0);
    }

    /** A request's outcome: when it ended and whether it was served as it should have been. */
    private record Outcome(long atMillis, boolean ok, String what) {
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

    /**
     * A task changed on one server is read changed on the other at once: the change is announced on the cluster
     * topic and the other server drops its cached copy (without that, its second-level cache would give the old
     * statement for up to ten minutes).
     */
    @Test
    @Order(3)
    void aTaskChangedOnOneServerIsReadChangedOnTheOther() {
        ArenaClient author = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient onTheSecond = author.at(SECOND_URL);
        Map<String, Object> task = new java.util.LinkedHashMap<>(Map.of("title", "Cached sum",
                "statement", "Print the sum (first version).",
                "tests", List.of(Map.of("input", "1 2\n", "answer", "3\n", "sample", true),
                        Map.of("input", "2 2\n", "answer", "4\n")),
                "referenceLanguage", "python", "referenceSource", "a, b = map(int, input().split())\nprint(a + b)\n"));
        JsonNode first = ProblemPackagesIT.importAndAwait(author, null, author.post("api/v1/task-packages/authored", task));
        String slug = first.get("task").asText();
        assertThat(author.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);
        // the second server reads it, and keeps it in its cache
        for (int i = 0; i < 3; i++) {
            assertThat(onTheSecond.get("api/v1/task-packages/tasks/" + slug).body().get("statementHtml").asText())
                    .contains("first version");
        }

        task.put("task", slug);
        task.put("statement", "Print the sum (second version).");
        // the new version is written when it is accepted (its verification follows)
        ArenaClient.Reply accepted = author.post("api/v1/task-packages/authored", task);
        long saved = System.nanoTime();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).untilAsserted(() ->
                assertThat(onTheSecond.get("api/v1/task-packages/tasks/" + slug).body().get("statementHtml").asText())
                        .contains("second version"));
        System.out.printf("SeveralServersIT: a task's new version read on the other server %d ms after it was saved%n",
                (System.nanoTime() - saved) / 1_000_000);
        assertThat(ProblemPackagesIT.importAndAwait(author, null, accepted).get("version").asInt()).isEqualTo(2);
    }

    /**
     * A login has a session on the server that signed the person in and on each server that made it again from the
     * login cookie (the balancer sent the browser there). A logout on one of them ends all of them: the session id
     * the first server gave is worth nothing afterwards (it would have stayed signed in until idle for the session
     * timeout).
     */
    @Test
    @Order(3)
    void aLogoutOnOneServerEndsTheLoginsSessionsOnTheOther() throws Exception {
        String first = ArenaClient.BASE_URL;
        ArenaClient person = ArenaClient.signedUp();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(first + "api/v1/auth/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        JSON.writeValueAsString(Map.of("username", person.username(), "password", person.password()))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String firstSession = setCookie(login, "JSESSIONID");
        String loginCookie = setCookie(login, "codearena_login");

        // the browser is sent to the second server with its cookies: it is signed in there, in a session of its own
        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(SECOND_URL + "api/v1/auth/me"))
                .header("Cookie", "JSESSIONID=" + firstSession + "; codearena_login=" + loginCookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        String secondSession = setCookie(moved, "JSESSIONID");
        assertThat(secondSession).isNotNull().isNotEqualTo(firstSession);
        assertThat(meWithSession(http, first, firstSession)).as("the first server's session").isEqualTo(200);

        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(SECOND_URL + "api/v1/auth/session"))
                .header("Cookie", "JSESSIONID=" + secondSession + "; codearena_login=" + loginCookie)
                .header("Origin", SECOND_URL.substring(0, SECOND_URL.length() - 1)).header("X-CodeArena-Request", "1")
                .DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
        assertThat(meWithSession(http, SECOND_URL, secondSession)).isEqualTo(401);
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                assertThat(meWithSession(http, first, firstSession)).as("the first server's session after the logout")
                        .isEqualTo(401));
    }

    private static int meWithSession(HttpClient http, String server, String session) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server + "api/v1/auth/me"))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String setCookie(HttpResponse<?> response, String name) {
        return response.headers().allValues("set-cookie").stream().filter(cookie -> cookie.startsWith(name + "="))
                .map(cookie -> cookie.substring(name.length() + 1, cookie.indexOf(';') < 0 ? cookie.length()
                        : cookie.indexOf(';'))).findFirst().orElse(null);
    }

    /**
     * The balancer names the client by the address it sees (it sets X-Forwarded-For, never appends to one the client
     * sent): a client that sends a new made-up X-Forwarded-For with every request is still one client, and its
     * limit is counted across both servers. The client here speaks from a loopback address of its own.
     */
    @Test
    @Order(3)
    void aClientsRateLimitIsCountedAcrossTheServersWhateverHeaderItSends() throws Exception {
        int limit = Integer.getInteger("codearena.ratelimit.test.limit", 600);
        InetAddress client = InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + (int) (System.nanoTime() % 250)),
                (byte) (2 + (int) (System.nanoTime() / 7 % 250))});
        URI check = URI.create(BALANCER + "api/v1/accounts/availability?username=spread");
        java.util.Set<String> servers = new java.util.HashSet<>();
        int passed = 0;
        RawResponse response;
        while ((response = RawResponse.get(client, check, "192.0.2." + (passed % 250) + ", 198.51.100.7")).status() == 200) {
            passed++;
            response.setCookies().stream().filter(cookie -> cookie.startsWith("CODEARENA_SERVER="))
                    .map(cookie -> cookie.substring(0, cookie.indexOf(';'))).forEach(servers::add);
            assertThat(passed).as("checks that passed: counted per server, or per made-up header, there would be "
                    + "about %d or more", 2 * limit).isLessThan(limit + limit / 2);
        }
        assertThat(response.status()).isEqualTo(429);
        assertThat(passed).as("checks that passed before the first 429").isGreaterThanOrEqualTo(limit);
        assertThat(servers).as("the balancer spread them over both servers").hasSize(2);
    }

    /**
     * With no runner agent connected, /health/ready is down on every server (runs cannot be executed), yet the
     * balancer keeps sending requests: pages and the API serve, and a run is accepted and waits in the queue until
     * an agent is back.
     */
    @Test
    @Order(4)
    void withNoAgentConnectedTheBalancerStillServesAndRunsWait() throws Exception {
        ArenaClient api = ArenaClient.signedUp().at(BALANCER);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long runId;
        try {
            Platform.arena("down", "runner-1");
            Platform.arena("down", "runner-2");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(new ArenaClient().get("health/ready").status()).isEqualTo(503);
                assertThat(new ArenaClient().at(SECOND_URL).get("health/ready").status()).isEqualTo(503);
            });
            for (int i = 0; i < 10; i++) {
                assertThat(api.get("api/v1/languages").status()).as("the API through the balancer").isEqualTo(200);
                // as a browser asks for it (Java's client would first ask Liberty to upgrade to h2c, which it
                // grants for the welcome page and then never answers: not the balancer's doing)
                assertThat(http.send(HttpRequest.newBuilder(URI.create(BALANCER)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("the home page").isEqualTo(200);
                Platform.pause(300);
            }
            ArenaClient.Reply run = api.post("api/v1/runs", Map.of("language", "python", "source", "print(7)", "stdin", ""));
            assertThat(run.status()).as(run.body().toString()).isEqualTo(202);
            runId = run.body().get("id").asLong();
        } finally {
            Platform.arena("up", "--servers", "2");
        }
        JsonNode finished = api.awaitFinished(runId);
        assertThat(finished.get("verdict").asText()).isEqualTo("OK");
        assertThat(finished.get("stdout").asText()).isEqualTo("7\n");
    }

    /**
     * kill -9 of the first server: it holds the matchmaker (while runs wait in its queue) and a signed-in page is
     * kept on it by the balancer's cookie, during a burst of runs and page requests through the balancer.
     */
    @Test
    @Order(5)
    void killingTheHolderAndThePagesServerCostsAtMostAReconnectAndLosesNoRun() throws Exception {
        ArenaClient api = ArenaClient.signedUp().at(BALANCER);
        assertThat(api.get("health/ready").status()).as("the balancer answers").isEqualTo(200);
        assertThat(matchmaker(first).get("leaseEpoch").asLong()).as("the first server holds the matchmaker").isPositive();

        // a browser that logs in through the balancer and is kept on the first server (round robin: the first or
        // second try; the balancer's cookie names the server)
        CookieManager jar = null;
        HttpClient client = null;
        for (int attempt = 0; attempt < 6 && !"liberty".equals(jar == null ? null : cookie(jar, "CODEARENA_SERVER"));
                attempt++) {
            jar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
            // HTTP/1.1 as a browser speaks it to a balancer (Java's default first asks for an h2c upgrade, on which
            // HAProxy sets no cookie)
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(jar)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(BALANCER + "api/v1/auth/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                            Map.of("username", api.username(), "password", api.password())))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        }
        CookieManager cookies = jar;
        HttpClient browser = client;
        String pagesServer = cookie(cookies, "CODEARENA_SERVER");
        assertThat(pagesServer).as("the balancer keeps the browser on one server, here the first").isEqualTo("liberty");
        assertThat(cookie(cookies, "codearena_login")).as("the login cookie").isNotBlank();

        AtomicBoolean going = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Long> accepted = new ConcurrentLinkedQueue<>();
        AtomicInteger refusedAsBusy = new AtomicInteger();
        List<Thread> load = new ArrayList<>();
        // the page: who am I, and a page that needs the login (a lost login would be a redirect to the login page)
        load.add(started(() -> {
            while (going.get()) {
                outcomes.add(pageRequest(browser, "api/v1/auth/me", api.username()));
                outcomes.add(pageRequest(browser, "editor.html", null));
                Platform.pause(50);
            }
        }));
        // runs through the balancer, from the API client (its token works on any server)
        for (int thread = 0; thread < 2; thread++) {
            int lane = thread;
            load.add(started(() -> {
                for (int i = 0; going.get(); i++) {
                    String source = "print(" + (lane * 100_000 + i) + ")";
                    try {
                        ArenaClient.Reply reply = api.post("api/v1/runs",
                                Map.of("language", "python", "source", source, "stdin", ""));
                        if (reply.status() == 202) {
                            accepted.add(reply.body().get("id").asLong());
                        } else if (reply.status() == 429) {
                            refusedAsBusy.incrementAndGet();
                        }
                        outcomes.add(new Outcome(System.currentTimeMillis(), reply.status() == 202 || reply.status() == 429,
                                "POST runs: " + reply.status()));
                    } catch (RuntimeException e) {
                        outcomes.add(new Outcome(System.currentTimeMillis(), false, "POST runs: " + e));
                    }
                    Platform.pause(150);
                }
            }));
        }

        // and runs waiting in the holder's queue (each takes a second; two agents)
        List<Long> waiting = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ArenaClient.Reply reply = first.post("api/v1/runs", Map.of("language", "python",
                    "source", "import time\ntime.sleep(1)\nprint('run " + i + "')\n", "stdin", ""));
            assertThat(reply.status()).isEqualTo(202);
            waiting.add(reply.body().get("id").asLong());
        }

        Platform.pause(3_000);
        long killedAt = System.currentTimeMillis();
        long killed = System.nanoTime();
        ProcessHandle.of(Platform.pid(pagesServer)).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                matchmaker(second).get("leaseEpoch").asLong() > 0);
        long takeoverMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("SeveralServersIT: the second server took the matchmaker " + takeoverMillis
                + " ms after kill -9 of the holder");
        // the lease lasts 4 s and is tried every second: taken within 5 s, plus this test's polling
        assertThat(takeoverMillis).isLessThan(6_000);
        Platform.pause(Math.max(0, 12_000 - takeoverMillis));
        going.set(false);
        for (Thread thread : load) {
            thread.join(30_000);
        }

        List<Outcome> failed = outcomes.stream().filter(outcome -> !outcome.ok()).toList();
        System.out.printf("SeveralServersIT: %d requests through the balancer, %d failed (all within %d ms of the kill); "
                        + "%d runs accepted, %d refused as busy%n", outcomes.size(), failed.size(),
                failed.stream().mapToLong(outcome -> outcome.atMillis() - killedAt).max().orElse(0),
                accepted.size(), refusedAsBusy.get());
        assertThat(failed).as("requests that failed, other than around the kill")
                .allSatisfy(outcome -> assertThat(outcome.atMillis() - killedAt)
                        .isBetween(-200L, RECONNECT.toMillis()));
        long servedAfter = outcomes.stream()
                .filter(outcome -> outcome.ok() && outcome.atMillis() > killedAt + RECONNECT.toMillis()).count();
        assertThat(servedAfter).as("requests served after the reconnect").isGreaterThan(50);
        assertThat(cookie(cookies, "CODEARENA_SERVER")).as("the browser moved to the other server")
                .isNotEqualTo(pagesServer);
        assertThat(accepted).hasSizeGreaterThan(20);
        for (long runId : accepted) {
            JsonNode run = api.awaitFinished(runId);
            assertThat(run.get("verdict").asText()).as("run %d", runId).isEqualTo("OK");
        }
        for (int i = 0; i < waiting.size(); i++) {
            JsonNode run = second.awaitFinished(waiting.get(i));
            assertThat(run.get("verdict").asText()).as("waiting run %d", i).isEqualTo("OK");
            assertThat(run.get("stdout").asText()).isEqualTo("run " + i + "\n");
        }
    }

    private static Outcome pageRequest(HttpClient browser, String path, String expectedUser) {
        try {
            HttpResponse<String> response = browser.send(HttpRequest.newBuilder(URI.create(BALANCER + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            boolean ok = response.statusCode() == 200
                    && (expectedUser == null || JSON.readTree(response.body()).path("username").asText().equals(expectedUser));
            return new Outcome(System.currentTimeMillis(), ok, path + ": " + response.statusCode() + " "
                    + response.body().substring(0, Math.min(120, response.body().length())));
        } catch (IOException e) {
            return new Outcome(System.currentTimeMillis(), false, path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(System.currentTimeMillis(), false, path + ": interrupted");
        }
    }

    private static String cookie(CookieManager cookies, String name) {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName().equals(name))
                .map(HttpCookie::getValue).findFirst().orElse(null);
    }

    private static Thread started(Runnable work) {
        Thread thread = new Thread(work);
        thread.start();
        return thread;
    }


    /** One HTTP/1.1 GET on a connection of its own, from a given local address (java.net.http cannot choose one). */
    private record RawResponse(int status, List<String> setCookies) {

        static RawResponse get(InetAddress from, URI uri, String forwardedFor) throws IOException {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.bind(new java.net.InetSocketAddress(from, 0));
                socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                socket.setSoTimeout(30_000);
                String request = "GET " + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                        + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nX-Forwarded-For: "
                        + forwardedFor + "\r\nConnection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(
                        socket.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                String statusLine = reader.readLine();
                if (statusLine == null) {
                    throw new IOException("the balancer closed the connection without an answer");
                }
                List<String> cookies = new ArrayList<>();
                for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                    if (line.regionMatches(true, 0, "Set-Cookie:", 0, 11)) {
                        cookies.add(line.substring(11).trim());
                    }
                }
                return new RawResponse(Integer.parseInt(statusLine.split(" ")[1]), cookies);
            }
        }
    }
}
