package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Password guessing against one account: a few wrong passwords are free, then every further one makes the next
 * login wait longer (429 with Retry-After), counted in PostgreSQL for every server alike; the right password after
 * the wait logs in and clears the count.
 */
class LoginBackoffIT {

    private static Reply login(String username, String password) {
        return new ArenaClient().post("api/v1/auth/token", Map.of("username", username, "password", password));
    }

    @Test
    void wrongPasswordsInARowMakeTheAccountsNextLoginWait() throws Exception {
        ArenaClient victim = ArenaClient.signedUp();
        for (int i = 1; i <= 5; i++) {
            assertThat(login(victim.username(), "wrong guess " + i).status()).as("free failure " + i).isEqualTo(401);
        }
        Reply waiting = null;
        for (int i = 6; i <= 12 && waiting == null; i++) {
            Reply reply = login(victim.username(), "wrong guess " + i);
            if (reply.status() == 429) {
                waiting = reply;
            } else {
                assertThat(reply.status()).isEqualTo(401);
            }
        }
        assertThat(waiting).as("a guess past the free ones must wait").isNotNull();
        assertThat(waiting.body().get("error").asText()).contains("too many wrong passwords");
        long retryAfter = Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 900L);

        Thread.sleep(retryAfter * 1000 + 500);
        assertThat(login(victim.username(), victim.password()).status()).as("right password after the wait")
                .isEqualTo(200);
        assertThat(login(victim.username(), "wrong again").status()).as("the count starts again").isEqualTo(401);
    }

    @Test
    void oneAccountsGuessesDoNotSlowAnotherAccount() {
        ArenaClient victim = ArenaClient.signedUp();
        ArenaClient bystander = ArenaClient.signedUp();
        for (int i = 1; i <= 8; i++) {
            login(victim.username(), "wrong guess " + i);
        }
        assertThat(login(bystander.username(), bystander.password()).status()).isEqualTo(200);
    }

    /**
     * A flood of logins (each one waits for the hashing pool, about 0.2 s of CPU per password) does not hold back
     * anyone else: the logins wait in the hashing queue, holding neither a server thread nor a database
     * connection. Before, each login held its request thread and its transaction's connection while it waited:
     * 150 of them took the whole pool (40), and other requests timed out after 10 s (503) or waited as long.
     */
    @Test
    void aFloodOfLoginsDoesNotHoldBackOtherRequests() throws Exception {
        ArenaClient account = ArenaClient.signedUp();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        // people logging in at once: five logins each (more than five at once for one account would count as guesses)
        List<String> people = new ArrayList<>();
        List<CompletableFuture<HttpResponse<String>>> signUps = new ArrayList<>();
        for (int i = 0; i < FLOOD / 5; i++) {
            String name = ArenaClient.uniqueName("f");
            people.add(name);
            signUps.add(http.sendAsync(json("api/v1/accounts", i, "{\"username\": \"" + name + "\", \"email\": \""
                    + name + "@example.org\", \"password\": \"" + PASSWORD + "\"}"), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> signUp : signUps) {
            assertThat(signUp.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(201);
        }
        List<CompletableFuture<HttpResponse<String>>> logins = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            logins.add(http.sendAsync(json("api/v1/auth/token", i, "{\"username\": \"" + people.get(i % people.size())
                    + "\", \"password\": \"" + PASSWORD + "\"}"), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(500);
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long start = System.nanoTime();
            // a request that reads the database (the token is checked there)
            Reply reply = account.get("api/v1/auth/me");
            millis.add((System.nanoTime() - start) / 1_000_000);
            assertThat(reply.status()).isEqualTo(200);
        }
        long stillWaiting = logins.stream().filter(login -> !login.isDone()).count();
        assertThat(stillWaiting).as("logins still waiting while the others were served").isGreaterThan(FLOOD / 10);
        Collections.sort(millis);
        assertThat(millis.get(millis.size() / 2)).as("median of other requests during the flood, ms: " + millis)
                .isLessThan(500);
        for (CompletableFuture<HttpResponse<String>> login : logins) {
            assertThat(login.get(120, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    private static final int FLOOD = 150;
    private static final String PASSWORD = "correct horse 1";

    /** A JSON POST from one of many client addresses (the tests' servers take the client address from this header). */
    private static HttpRequest json(String path, int client, String body) {
        return HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path)).header("Content-Type", "application/json")
                .header("X-Forwarded-For", "10.9." + (client / 250) + "." + (client % 250))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
