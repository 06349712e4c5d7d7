package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * One client asking too often gets 429 with Retry-After and a message. `./arena test` runs the server with
 * 600 a minute for each limit and the client named by X-Forwarded-For, so this test is a client of its own.
 */
class RateLimitIT {

    private static final int LIMIT = Integer.getInteger("codearena.ratelimit.test.limit", 600);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static String someClient() {
        return "203.0.113." + ThreadLocalRandom.current().nextInt(1, 255) + ", 10.0.0.1";
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String client) throws Exception {
        return http.send(request.copy().setHeader("X-Forwarded-For", client).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Sends until the first 429: the bucket refills as it goes (LIMIT a minute, smoothly), so at least LIMIT
     * requests pass first, and the refusal comes well before twice that.
     */
    private HttpResponse<String> untilRefused(HttpRequest.Builder request, String client, int normalStatus)
            throws Exception {
        for (int i = 0; i < 2 * LIMIT; i++) {
            HttpResponse<String> response = send(request, client);
            if (response.statusCode() == 429) {
                assertThat(i).as("requests that passed before the first 429").isGreaterThanOrEqualTo(LIMIT);
                return response;
            }
            assertThat(response.statusCode()).as("request %d", i).isEqualTo(normalStatus);
        }
        throw new AssertionError("no 429 after " + 2 * LIMIT + " requests from one client");
    }

    @Test
    void availabilityChecksPastTheLimitGet429WithRetryAfter() throws Exception {
        String client = someClient();
        HttpRequest.Builder check = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "api/v1/accounts/availability?username=ratelimited")).GET();
        HttpResponse<String> refused = untilRefused(check, client, 200);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("too many").contains("try again in");
        assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isPositive();
        // another client is not affected
        assertThat(send(check, "198.51.100.7").statusCode()).isEqualTo(200);
    }

    @Test
    void signUpsPastTheLimitGet429BeforeAnythingElseIsDone() throws Exception {
        String client = someClient();
        // invalid sign-ups count as well (and cost the server nothing but the check)
        HttpRequest.Builder signUp = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + "api/v1/accounts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"x\"}"));
        HttpResponse<String> refused = untilRefused(signUp, client, 400);

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("too many sign-ups");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    }
}
