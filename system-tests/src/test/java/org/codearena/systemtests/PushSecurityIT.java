package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The push socket reads a person's runs, so only that person may open it: a page of this site with their login,
 * or an API client with their token in the handshake's header. Not another site's page with their cookie, not a
 * token in the address (addresses end up in logs), and not a page whose login has ended.
 */
class PushSecurityIT {

    private static final URI BASE = URI.create(ArenaClient.BASE_URL);
    private static final URI PUSH = URI.create(ArenaClient.BASE_URL.replaceFirst("^http", "ws") + "push");
    private static final String OWN_ORIGIN = BASE.getScheme() + "://" + BASE.getAuthority();

    /** The reason the server gave when it closed the socket, or "open" if it is still open after the wait. */
    private static final class Watch implements WebSocket.Listener {
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete("error " + error);
        }

        String closeReason(long seconds) throws Exception {
            try {
                return closed.get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException stillOpen) {
                return "open";
            }
        }
    }

    private static HttpClient pageLoggedIn(ArenaClient account) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(BASE.resolve("api/v1/auth/session"))
                .header("Content-Type", "application/json").header("Origin", OWN_ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + account.username()
                        + "\", \"password\": \"" + account.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return browser;
    }

    @Test
    void aTokenInTheAddressIsNotTaken() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        Watch watch = new Watch();
        HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(PUSH + "?token=" + client.token()), watch).get(10, TimeUnit.SECONDS);
        assertThat(watch.closeReason(10)).startsWith("1008").contains("log in first");
    }

    @Test
    void aTokenInTheHandshakeHeaderIsTaken() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        Watch watch = new Watch();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + client.token()).buildAsync(PUSH, watch).get(10, TimeUnit.SECONDS);
        assertThat(watch.closeReason(2)).isEqualTo("open");
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void anApiClientsSocketLeavesNoHttpSessionBehind() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        try (java.net.Socket socket = new java.net.Socket(BASE.getHost(), BASE.getPort() < 0 ? 80 : BASE.getPort())) {
            socket.setSoTimeout(10_000);
            String handshake = "GET " + BASE.getPath() + "push HTTP/1.1\r\nHost: " + BASE.getAuthority()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nAuthorization: Bearer " + client.token()
                    + "\r\n\r\n";
            socket.getOutputStream().write(handshake.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            java.io.InputStream in = socket.getInputStream();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).as("the answer so far: " + head).isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            // the socket works: the first frame says it is subscribed to its person's topic
            int first = in.read();
            assertThat(first & 0x0F).as("a text frame").isEqualTo(1);
            assertThat(head.toString().toLowerCase()).as("no HTTP session made for a token's socket")
                    .doesNotContain("set-cookie");
        }
    }

    @Test
    void anotherSitesPageCannotOpenItWithTheVisitorsCookie() throws Exception {
        HttpClient browser = pageLoggedIn(ArenaClient.signedUp());
        Watch watch = new Watch();
        browser.newWebSocketBuilder().header("Origin", "https://evil.example").buildAsync(PUSH, watch)
                .get(10, TimeUnit.SECONDS);
        assertThat(watch.closeReason(10)).startsWith("1008").contains("another site");
    }

    @Test
    void loggingOutClosesThePagesSocket() throws Exception {
        HttpClient browser = pageLoggedIn(ArenaClient.signedUp());
        Watch watch = new Watch();
        browser.newWebSocketBuilder().header("Origin", OWN_ORIGIN).buildAsync(PUSH, watch).get(10, TimeUnit.SECONDS);
        assertThat(watch.closeReason(2)).isEqualTo("open");

        HttpResponse<String> logout = browser.send(HttpRequest.newBuilder(BASE.resolve("api/v1/auth/session"))
                .header("Origin", OWN_ORIGIN).header("X-CodeArena-Request", "1").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as(logout.body()).isEqualTo(204);
        assertThat(watch.closeReason(10)).startsWith("1000").contains("logged out");
    }
}
