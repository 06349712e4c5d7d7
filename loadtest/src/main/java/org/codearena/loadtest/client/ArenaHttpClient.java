package org.codearena.loadtest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The public API of a CodeArena, over HTTP/1.1 and the push WebSocket, as any client uses it. */
public final class ArenaHttpClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    /** @param retryAfterSeconds the Retry-After header's seconds, -1 without one */
    public record Reply(int status, JsonNode body, String raw, long retryAfterSeconds) {

        public Reply(int status, JsonNode body, String raw) {
            this(status, body, raw, -1);
        }

        public boolean is(int expected) {
            return status == expected;
        }

        public String error() {
            return body != null && body.has("error") ? body.get("error").asText() : raw;
        }
    }

    private final Duration requestTimeout;

    public ArenaHttpClient(String baseUrl) {
        this(baseUrl, Duration.ofMinutes(5));
    }

    /** @param requestTimeout how long one request may take (a sign-up in a storm waits its turn to be hashed) */
    public ArenaHttpClient(String baseUrl, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        // as patient as a browser when thousands connect at the same moment (its SYN retries last a minute)
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(requestTimeout.compareTo(Duration.ofMinutes(1)) < 0 ? requestTimeout : Duration.ofMinutes(1))
                .build();
    }

    public URI base() {
        return base;
    }

    public CompletableFuture<Reply> post(String path, Map<String, ?> body, String token) {
        try {
            return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A set-up POST (not a measured one): a 429 or 503 with Retry-After is waited out and sent again, up to
     * {@code attempts} times, as a person would after "try again in N s".
     */
    public CompletableFuture<Reply> postPatiently(String path, Map<String, ?> body, String token, int attempts) {
        return post(path, body, token).thenCompose(reply -> {
            boolean busy = (reply.is(429) || reply.is(503)) && reply.retryAfterSeconds() >= 0;
            if (!busy || attempts <= 1) {
                return CompletableFuture.completedFuture(reply);
            }
            long waitMillis = Math.min(65_000, Math.max(200, reply.retryAfterSeconds() * 1000));
            return CompletableFuture.runAsync(() -> { },
                            CompletableFuture.delayedExecutor(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> postPatiently(path, body, token, attempts - 1));
        });
    }

    /** A POST with a binary body (a problem package's ZIP). */
    public CompletableFuture<Reply> postBytes(String path, byte[] body, String contentType, String token) {
        return send(request(path, token).setHeader("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    public CompletableFuture<Reply> put(String path, Map<String, ?> body, String token) {
        try {
            return send(request(path, token).PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    public CompletableFuture<Reply> get(String path, String token) {
        return send(request(path, token).GET());
    }

    public CompletableFuture<WebSocket> push(String token, WebSocket.Listener listener) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "push");
        // the token in a header, never in the address (addresses end up in logs)
        return http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).buildAsync(uri, listener);
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path.startsWith("/") ? path.substring(1) : path))
                .timeout(requestTimeout).header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private CompletableFuture<Reply> send(HttpRequest.Builder builder) {
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            JsonNode body = null;
            try {
                body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (JsonProcessingException notJson) {
                // the raw text says what came
            }
            long retryAfter = response.headers().firstValue("Retry-After").map(value -> {
                try {
                    return Long.parseLong(value.trim());
                } catch (NumberFormatException httpDate) {
                    return 1L;
                }
            }).orElse(-1L);
            return new Reply(response.statusCode(), body, response.body(), retryAfter);
        });
    }
}
