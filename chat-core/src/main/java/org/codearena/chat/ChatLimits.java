package org.codearena.chat;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per person: at most {@code perWindow} messages in any {@code windowMillis} (every room together), and in a room in
 * slow mode one message per its interval. Counted in memory on the server that takes the message (a person's
 * socket stays on one server).
 */
public final class ChatLimits {

    private final int perWindow;
    private final long windowMillis;
    private final Map<Long, ArrayDeque<Long>> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> lastInRoom = new ConcurrentHashMap<>();

    public ChatLimits(int perWindow, long windowMillis) {
        if (perWindow < 1 || windowMillis < 1) {
            throw new IllegalArgumentException("a chat rate limit needs at least one message in a positive window");
        }
        this.perWindow = perWindow;
        this.windowMillis = windowMillis;
    }

    /** Counts a message, or refuses it with a 429 that says when the next one may go. */
    public void take(long accountId, String roomKey, int slowModeSeconds, long nowMillis) {
        if (slowModeSeconds > 0) {
            String key = accountId + "@" + roomKey;
            Long last = lastInRoom.get(key);
            long next = last == null ? 0 : last + slowModeSeconds * 1000L;
            if (nowMillis < next) {
                long wait = (next - nowMillis + 999) / 1000;
                throw new ChatException(429, "this room is in slow mode: one message every " + slowModeSeconds
                        + " s; you can send again in " + wait + " s", wait);
            }
        }
        ArrayDeque<Long> times = sent.computeIfAbsent(accountId, id -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= nowMillis - windowMillis) {
                times.pollFirst();
            }
            if (times.size() >= perWindow) {
                long wait = (times.peekFirst() + windowMillis - nowMillis + 999) / 1000;
                throw new ChatException(429, "you are sending messages too fast (at most " + perWindow + " in "
                        + windowMillis / 1000 + " s); wait " + wait + " s", wait);
            }
            times.addLast(nowMillis);
        }
        if (slowModeSeconds > 0) {
            lastInRoom.put(accountId + "@" + roomKey, nowMillis);
        }
    }

    /** Forgets what no longer counts (called now and then). */
    public void sweep(long nowMillis) {
        sent.entrySet().removeIf(entry -> {
            synchronized (entry.getValue()) {
                return entry.getValue().isEmpty() || entry.getValue().peekLast() <= nowMillis - windowMillis;
            }
        });
        lastInRoom.values().removeIf(at -> at < nowMillis - 3_600_000L);
    }
}
