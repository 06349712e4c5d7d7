package org.codearena.loadtest.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Learns when runs finish: from the push WebSocket of each user (the normal path), and by polling
 * GET /api/v1/runs/{id} for runs the push has not reported after a while (the fallback).
 */
public final class RunWatcher implements AutoCloseable {

    /** With a live push socket, a run is polled only when the push has said nothing of it for this long. */
    private static final long POLL_AFTER_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long POLL_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** the fallback must not become the load: at most this many polls a second */
    private static final int POLLS_PER_TICK = 25;

    private static final class Pending {
        final String token;
        volatile long nextPoll;

        Pending(String token, long since) {
            this.token = token;
            this.nextPoll = since + POLL_AFTER_NANOS;
        }
    }

    private final ArenaHttpClient client;
    private final Map<Long, CompletableFuture<JsonNode>> finished = new ConcurrentHashMap<>();
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, WebSocket> sockets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "run-poller");
        thread.setDaemon(true);
        return thread;
    });

    public RunWatcher(ArenaHttpClient client) {
        this.client = client;
        poller.scheduleWithFixedDelay(this::pollStragglers, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens the user's push socket; if it cannot be opened, polling alone will do. */
    public void watchUser(String token) {
        try {
            sockets.put(token, client.push(token, new Listener(token)).get(15, TimeUnit.SECONDS));
        } catch (Exception e) {
            // polling covers this user
        }
    }

    public CompletableFuture<JsonNode> whenFinished(long runId, String token) {
        pending.put(runId, new Pending(token, System.nanoTime()));
        return future(runId);
    }

    private CompletableFuture<JsonNode> future(long runId) {
        return finished.computeIfAbsent(runId, id -> new CompletableFuture<>());
    }

    private void accept(JsonNode run) {
        if (run != null && "FINISHED".equals(run.path("status").asText())) {
            long runId = run.get("id").asLong();
            pending.remove(runId);
            future(runId).complete(run);
        }
    }

    private void pollStragglers() {
        long now = System.nanoTime();
        int[] budget = {POLLS_PER_TICK};
        pending.forEach((runId, waiting) -> {
            // without a push socket runs are polled each second; with one, only the forgotten ones, slowly
            if (budget[0] > 0 && (!sockets.containsKey(waiting.token) || now >= waiting.nextPoll)) {
                budget[0]--;
                waiting.nextPoll = now + POLL_EVERY_NANOS;
                client.get("api/v1/runs/" + runId, waiting.token)
                        .thenAccept(reply -> accept(reply.is(200) ? reply.body() : null));
            }
        });
    }

    @Override
    public void close() {
        poller.shutdownNow();
        sockets.values().forEach(socket -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();
        private final String token;

        Listener(String token) {
            this.token = token;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            sockets.remove(token);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            sockets.remove(token);
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                try {
                    accept(ArenaHttpClient.JSON.readTree(message.toString()));
                } catch (Exception e) {
                    // not a run: ignore
                }
                message.setLength(0);
            }
            socket.request(1);
            return null;
        }
    }
}
