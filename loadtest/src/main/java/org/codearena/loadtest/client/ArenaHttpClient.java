package org.codearena.loadtest.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The public API of a CodeArena, over HTTP/1.1 and the push WebSocket, as any client uses it. Requests go through
 * Jetty's non-blocking client (connections kept and reused, one selector, answers handled on a small pool): the
 * tool shares the machine with the server it measures, so each request must cost it little CPU (the JDK's client
 * cost several times more per request).
 */
public final class ArenaHttpClient {

    static final ObjectMapper JSON = new ObjectMapper();
    /** as many connections as the scenario has people at once (each person is a browser of their own) */
    static final int MAX_CONNECTIONS = 20_000;
    /** an answer larger than this is refused (the API's largest are a task's page and a package report) */
    static final int MAX_ANSWER_BYTES = 64 << 20;

    private final URI base;
    private final org.eclipse.jetty.client.HttpClient http;
    private volatile HttpClient webSockets;
    private static final int MAX_ADDRESSES_KEPT = 1_000;
    private final java.util.concurrent.ConcurrentHashMap<String, URI> addresses = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * An answer: its status, and its text and JSON read from its bytes when first asked for (a load that only
     * counts answers does not pay for reading them). {@code retryAfterSeconds}: the Retry-After header's seconds,
     * -1 without one.
     */
    public static final class Reply {

        private final int status;
        private final byte[] content;
        private String raw;
        private final long retryAfterSeconds;
        private JsonNode body;
        private boolean read;

        public Reply(int status, JsonNode body, String raw, long retryAfterSeconds) {
            this.status = status;
            this.body = body;
            this.read = body != null;
            this.raw = raw;
            this.content = null;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        Reply(int status, byte[] content, long retryAfterSeconds) {
            this.status = status;
            this.content = content;
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public Reply(int status, JsonNode body, String raw) {
            this(status, body, raw, -1);
        }

        public int status() {
            return status;
        }

        public synchronized String raw() {
            if (raw == null) {
                raw = content == null || content.length == 0 ? "" : new String(content, StandardCharsets.UTF_8);
            }
            return raw;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        /** The answer as JSON, or null when it is empty or not JSON. */
        public synchronized JsonNode body() {
            if (!read) {
                read = true;
                try {
                    if (content != null) {
                        body = content.length == 0 ? null : JSON.readTree(content);
                    } else {
                        body = raw == null || raw.isEmpty() ? null : JSON.readTree(raw);
                    }
                } catch (IOException notJson) {
                    body = null; // the raw text says what came
                }
            }
            return body;
        }

        public boolean is(int expected) {
            return status == expected;
        }

        public String error() {
            JsonNode json = body();
            return json != null && json.has("error") ? json.get("error").asText() : raw;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + raw;
        }
    }

    private final Duration requestTimeout;

    public ArenaHttpClient(String baseUrl) {
        this(baseUrl, Duration.ofMinutes(5));
    }

    /** @param requestTimeout how long one request may take (a sign-up in a storm waits its turn to be hashed) */
    public ArenaHttpClient(String baseUrl, Duration requestTimeout) {
        this(baseUrl, requestTimeout, true);
    }

    /**
     * @param compressed whether to ask for gzip as a browser does (every scenario), or not, as wrk does (the plain
     *                   GETs that check this tool against wrk: inflating was a tenth of the tool's CPU per request)
     */
    public ArenaHttpClient(String baseUrl, Duration requestTimeout, boolean compressed) {
        this.requestTimeout = requestTimeout;
        this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(8, 4 * Runtime.getRuntime().availableProcessors()), 2);
        threads.setName("arena-http");
        threads.setDaemon(true);
        this.http = new org.eclipse.jetty.client.HttpClient();
        http.setExecutor(threads);
        // daemon threads only: the tool ends when its scenario does
        http.setScheduler(new org.eclipse.jetty.util.thread.ScheduledExecutorScheduler("arena-http-scheduler", true));
        http.setMaxConnectionsPerDestination(MAX_CONNECTIONS);
        http.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        // as patient as a browser when thousands connect at the same moment (its SYN retries last a minute)
        http.setConnectTimeout(Math.min(requestTimeout.toMillis(), Duration.ofMinutes(1).toMillis()));
        // below what load balancers keep an idle connection open (HAProxy as ./arena up sets it: 60 s; nginx: 75 s),
        // so that the tool seldom sends on a connection the balancer is closing
        http.setIdleTimeout(Duration.ofSeconds(30).toMillis());
        http.setFollowRedirects(false);
        http.setUserAgentField(null);
        // an API client: it signs in with a token and keeps no cookies (a balancer's affinity cookie would pin it
        // to one server, where token clients are meant to be spread round robin)
        http.setHttpCookieStore(new HttpCookieStore.Empty());
        try {
            http.start();
            if (!compressed) {
                // the decoders are put in by start(), as the compression modules on the class path offer them
                http.getContentDecoderFactories().clear();
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the HTTP client: " + e.getMessage(), e);
        }
    }

    public URI base() {
        return base;
    }

    public CompletableFuture<Reply> post(String path, Map<String, ?> body, String token) {
        try {
            return send(request(path, token, HttpMethod.POST).body(new BytesRequestContent("application/json",
                    JSON.writeValueAsBytes(body))));
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
                            CompletableFuture.delayedExecutor(waitMillis, TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> postPatiently(path, body, token, attempts - 1));
        });
    }

    /** A POST with a binary body (a problem package's ZIP). */
    public CompletableFuture<Reply> postBytes(String path, byte[] body, String contentType, String token) {
        return send(request(path, token, HttpMethod.POST).body(new BytesRequestContent(contentType, body)));
    }

    /** A POST that carries its credential in a header of its own (a proctoring upload's key), not a token. */
    public CompletableFuture<Reply> postWithHeader(String path, byte[] body, String contentType, String header,
                                                   String value) {
        return send(request(path, null, HttpMethod.POST).headers(headers -> headers.put(header, value))
                .body(new BytesRequestContent(contentType, body)));
    }

    public CompletableFuture<Reply> put(String path, Map<String, ?> body, String token) {
        try {
            return send(request(path, token, HttpMethod.PUT).body(new BytesRequestContent("application/json",
                    JSON.writeValueAsBytes(body))));
        } catch (JsonProcessingException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * A GET, sent again once when the kept-alive connection it went out on turned out to be closed by the other side
     * (a balancer ending an idle connection as the request left), as browsers do: a GET may be repeated.
     */
    public CompletableFuture<Reply> get(String path, String token) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        get(path, token, (answer, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(answer);
            }
        });
        return reply;
    }

    /**
     * As {@link #get(String, String)}, telling the answer (or the failure) to a callback on the client's thread:
     * no future per request, for the closed loops that measure this tool against wrk.
     */
    public void get(String path, String token, java.util.function.BiConsumer<Reply, Throwable> done) {
        request(path, token, HttpMethod.GET).send(new Answer((answer, failure) -> {
            if (failure != null && closedUnderneath(failure)) {
                try {
                    request(path, token, HttpMethod.GET).send(new Answer(done));
                } catch (RuntimeException e) {
                    // thrown inside Jetty's listener, it would be logged there and the caller never told
                    e.addSuppressed(failure);
                    done.accept(null, e);
                }
            } else {
                done.accept(answer, failure);
            }
        }));
    }

    static boolean closedUnderneath(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.io.EOFException || cause instanceof java.nio.channels.ClosedChannelException) {
                return true;
            }
        }
        return false;
    }

    public CompletableFuture<WebSocket> push(String token, WebSocket.Listener listener) {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws") + "push");
        // the token in a header, never in the address (addresses end up in logs)
        return webSockets().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).buildAsync(uri, listener);
    }

    private HttpClient webSockets() {
        if (webSockets == null) {
            synchronized (this) {
                if (webSockets == null) {
                    webSockets = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                }
            }
        }
        return webSockets;
    }

    /** The addresses of the paths asked most (resolving one per request was 6 % of the tool's CPU on plain GETs). */
    private URI address(String path) {
        URI known = addresses.get(path);
        if (known != null) {
            return known;
        }
        URI resolved = base.resolve(path.startsWith("/") ? path.substring(1) : path);
        if (addresses.size() < MAX_ADDRESSES_KEPT) {
            // paths with ids in them (a run's, a submission's) are many and asked a few times each: not all kept
            addresses.put(path, resolved);
        }
        return resolved;
    }

    private Request request(String path, String token, HttpMethod method) {
        Request request = http.newRequest(address(path)).method(method)
                .timeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
        if (token != null) {
            request.headers(headers -> headers.put("Authorization", "Bearer " + token));
        }
        return request;
    }

    private CompletableFuture<Reply> send(Request request) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        request.send(new Answer((answer, failure) -> {
            if (failure != null) {
                reply.completeExceptionally(failure);
            } else {
                reply.complete(answer);
            }
        }));
        return reply;
    }

    /**
     * Gathers an answer's bytes into one array, sized from its Content-Length where it has one (Jetty's buffering
     * listener grows a buffer of its own per answer and copies it out again: a measurable share of the tool's CPU).
     */
    private static final class Answer implements org.eclipse.jetty.client.Response.Listener {

        private final java.util.function.BiConsumer<Reply, Throwable> done;
        private byte[] bytes = new byte[0];
        private int length;

        Answer(java.util.function.BiConsumer<Reply, Throwable> done) {
            this.done = done;
        }

        @Override
        public void onHeaders(org.eclipse.jetty.client.Response response) {
            long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
            if (declared > 0 && declared <= MAX_ANSWER_BYTES) {
                bytes = new byte[(int) declared]; // the compressed length if compressed: grown below if need be
            }
        }

        @Override
        public void onContent(org.eclipse.jetty.client.Response response, ByteBuffer content) {
            int more = content.remaining();
            if (length + more > MAX_ANSWER_BYTES) {
                response.abort(new IllegalStateException("an answer larger than " + MAX_ANSWER_BYTES + " bytes"));
                return;
            }
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.min(MAX_ANSWER_BYTES, Math.max(length + more, 2 * bytes.length)));
            }
            content.get(bytes, length, more);
            length += more;
        }

        @Override
        public void onComplete(org.eclipse.jetty.client.Result result) {
            if (result.isFailed()) {
                // a request past its timeout fails with a TimeoutException (counted as a timeout)
                done.accept(null, result.getFailure());
                return;
            }
            String retryAfter = result.getResponse().getHeaders().get("Retry-After");
            long retryAfterSeconds = -1;
            if (retryAfter != null) {
                try {
                    retryAfterSeconds = Long.parseLong(retryAfter.trim());
                } catch (NumberFormatException httpDate) {
                    retryAfterSeconds = 1;
                }
            }
            done.accept(new Reply(result.getResponse().getStatus(),
                    length == bytes.length ? bytes : Arrays.copyOf(bytes, length), retryAfterSeconds), null);
        }
    }
}
