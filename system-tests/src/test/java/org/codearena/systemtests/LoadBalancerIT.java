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
 * Two servers behind the load balancer (./arena up --servers 2: HAProxy on one port). A signed-in page and an API
 * client work through the balancer while runs are accepted; the server the page is on is killed with kill -9. Every
 * run the platform accepted finishes, the page stays signed in (another server makes its session again from the
 * login cookie), and no request fails except around the moment of the kill (a reconnect). Before that, with both
 * servers up: a client's rate limit is counted across them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoadBalancerIT {

    private static final URI PLATFORM = URI.create(ArenaClient.BASE_URL);
    private static final String BALANCER = "http://" + PLATFORM.getHost() + ":"
            + Integer.getInteger("codearena.lb.port", 8080) + "/";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** how long after the kill a request may fail: the balancer sees the server gone within two 1 s checks */
    private static final Duration RECONNECT = Duration.ofSeconds(5);

    @BeforeAll
    static void twoServersBehindTheBalancer() throws IOException, InterruptedException {
        Platform.arena("up", "--servers", "2");
    }

    @AfterAll
    static void backToOneServer() throws IOException, InterruptedException {
        Platform.arena("up");
        Platform.arena("down", "liberty-2");
        Platform.arena("down", "haproxy");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                ArenaClient.signedUp().grant("ADMIN").get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong() > 0);
    }

    /** A request's outcome: when it ended and whether it was served as it should have been. */
    private record Outcome(long atMillis, boolean ok, String what) {
    }

    /**
     * A task changed on one server is read changed on the other at once: the change is announced on the cluster
     * topic and the other server drops its cached copy (without that, its second-level cache would give the old
     * statement for up to ten minutes).
     */
    @Test
    @Order(1)
    void aTaskChangedOnOneServerIsReadChangedOnTheOther() {
        String second = "http://" + PLATFORM.getHost() + ":" + (PLATFORM.getPort() + 1) + "/";
        ArenaClient author = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient onTheSecond = author.at(second);
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
        System.out.printf("LoadBalancerIT: a task's new version read on the other server %d ms after it was saved%n",
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
    @Order(2)
    void aLogoutOnOneServerEndsTheLoginsSessionsOnTheOther() throws Exception {
        String first = ArenaClient.BASE_URL;
        String second = "http://" + PLATFORM.getHost() + ":" + (PLATFORM.getPort() + 1) + "/";
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
        HttpResponse<String> moved = http.send(HttpRequest.newBuilder(URI.create(second + "api/v1/auth/me"))
                .header("Cookie", "JSESSIONID=" + firstSession + "; codearena_login=" + loginCookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        String secondSession = setCookie(moved, "JSESSIONID");
        assertThat(secondSession).isNotNull().isNotEqualTo(firstSession);
        assertThat(meWithSession(http, first, firstSession)).as("the first server's session").isEqualTo(200);

        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(second + "api/v1/auth/session"))
                .header("Cookie", "JSESSIONID=" + secondSession + "; codearena_login=" + loginCookie)
                .header("Origin", second.substring(0, second.length() - 1)).header("X-CodeArena-Request", "1")
                .DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
        assertThat(meWithSession(http, second, secondSession)).isEqualTo(401);
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
        String second = "http://" + PLATFORM.getHost() + ":" + (PLATFORM.getPort() + 1) + "/";
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long runId;
        try {
            Platform.arena("down", "runner-1");
            Platform.arena("down", "runner-2");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                assertThat(new ArenaClient().get("health/ready").status()).isEqualTo(503);
                assertThat(new ArenaClient().at(second).get("health/ready").status()).isEqualTo(503);
            });
            for (int i = 0; i < 10; i++) {
                assertThat(api.get("api/v1/languages").status()).as("the API through the balancer").isEqualTo(200);
                // as a browser asks for it (Java's client would first ask Liberty to upgrade to h2c, which it
                // grants for the welcome page and then never answers: not the balancer's doing)
                assertThat(http.send(HttpRequest.newBuilder(URI.create(BALANCER)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).as("the home page").isEqualTo(200);
                pause(300);
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

    @Test
    @Order(5)
    void killingThePagesServerCostsAtMostAReconnectAndLosesNoRun() throws Exception {
        ArenaClient api = ArenaClient.signedUp().at(BALANCER);
        assertThat(api.get("health/ready").status()).as("the balancer answers").isEqualTo(200);

        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        // HTTP/1.1 as a browser speaks it to a balancer (Java's default first asks for an h2c upgrade, on which
        // HAProxy sets no cookie)
        HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(BALANCER + "api/v1/auth/session"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        Map.of("username", api.username(), "password", api.password())))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        String pagesServer = cookie(cookies, "CODEARENA_SERVER");
        assertThat(pagesServer).as("the balancer keeps the browser on one server").isIn("liberty", "liberty-2");
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
                pause(50);
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
                    pause(150);
                }
            }));
        }

        pause(3_000);
        long killedAt = System.currentTimeMillis();
        ProcessHandle.of(Platform.pid(pagesServer)).orElseThrow().destroyForcibly();
        pause(12_000);
        going.set(false);
        for (Thread thread : load) {
            thread.join(30_000);
        }

        List<Outcome> failed = outcomes.stream().filter(outcome -> !outcome.ok()).toList();
        System.out.printf("LoadBalancerIT: %d requests through the balancer, %d failed (all within %d ms of the kill); "
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
