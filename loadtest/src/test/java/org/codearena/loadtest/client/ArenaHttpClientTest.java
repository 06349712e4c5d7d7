package org.codearena.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class ArenaHttpClientTest {

    @Test
    void aConnectionClosedUnderneathIsToldFromOtherFailures() {
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new EOFException("closed")))).isTrue();
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new ClosedChannelException()))).isTrue();
        assertThat(ArenaHttpClient.closedUnderneath(new CompletionException(new SocketTimeoutException()))).isFalse();
        assertThat(ArenaHttpClient.closedUnderneath(new IllegalStateException("no"))).isFalse();
    }

    /** A server that sets a cookie on every answer and remembers the headers of each request it was sent. */
    private static final class RecordingServer implements AutoCloseable {
        final com.sun.net.httpserver.HttpServer server;
        final java.util.List<com.sun.net.httpserver.Headers> requests = new java.util.concurrent.CopyOnWriteArrayList<>();

        RecordingServer() throws java.io.IOException {
            server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                requests.add(exchange.getRequestHeaders());
                byte[] body = "{\"ok\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Set-Cookie", "CODEARENA_SERVER=liberty-1; Path=/");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void keepsNoCookiesSoThatABalancerCannotPinIt() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            ArenaHttpClient client = new ArenaHttpClient(server.url());
            assertThat(client.get("api/v1/languages", "t").join().status()).isEqualTo(200);
            assertThat(client.get("api/v1/languages", "t").join().status()).isEqualTo(200);
            assertThat(server.requests).hasSize(2);
            assertThat(server.requests.get(1).containsKey("Cookie")).isFalse();
            assertThat(server.requests.get(1).getFirst("Authorization")).isEqualTo("Bearer t");
        }
    }

    @Test
    void asksForGzipAsABrowserDoesUnlessToldToBeLikeWrk() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            new ArenaHttpClient(server.url()).get("a", null).join();
            new ArenaHttpClient(server.url(), java.time.Duration.ofSeconds(5), false).get("b", null).join();
            assertThat(server.requests.get(0).getFirst("Accept-Encoding")).contains("gzip");
            assertThat(server.requests.get(1).containsKey("Accept-Encoding")).isFalse();
        }
    }

    @Test
    void theCallbackGetTellsTheAnswerAndTheFailure() throws Exception {
        try (RecordingServer server = new RecordingServer()) {
            ArenaHttpClient client = new ArenaHttpClient(server.url());
            java.util.concurrent.CompletableFuture<ArenaHttpClient.Reply> answer = new java.util.concurrent.CompletableFuture<>();
            client.get("api/v1/languages", null, (reply, failure) -> answer.complete(reply));
            assertThat(answer.get(5, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        ArenaHttpClient nobody = new ArenaHttpClient("http://127.0.0.1:9/", java.time.Duration.ofSeconds(2), false);
        java.util.concurrent.CompletableFuture<Throwable> failed = new java.util.concurrent.CompletableFuture<>();
        nobody.get("x", null, (reply, failure) -> failed.complete(failure));
        assertThat(failed.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
    }
}
