package org.codearena.systemtests;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The push WebSocket as a browser opens it, with every text message it was sent. */
final class PushSocket implements AutoCloseable {

    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final WebSocket socket;

    private PushSocket(String baseUrl, String token, String query) throws Exception {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "push" + query),
                        new WebSocket.Listener() {
                            private final StringBuilder partial = new StringBuilder();

                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                partial.append(data);
                                if (last) {
                                    messages.add(partial.toString());
                                    partial.setLength(0);
                                }
                                webSocket.request(1);
                                return null;
                            }
                        })
                .get(10, TimeUnit.SECONDS);
    }

    static PushSocket open(String baseUrl, String token) throws Exception {
        return new PushSocket(baseUrl, token, "");
    }

    /** Opens the socket resuming topics from the last sequence seen ("user:7@12,contest:cup@3"). */
    static PushSocket resuming(String baseUrl, String token, String positions) throws Exception {
        return new PushSocket(baseUrl, token, "?resume=" + java.net.URLEncoder.encode(positions,
                java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Sends a text message, e.g. {"watch": "contest:SLUG"}. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(5, TimeUnit.SECONDS);
    }

    List<String> messages() {
        return messages;
    }

    @Override
    public void close() throws Exception {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    }
}
