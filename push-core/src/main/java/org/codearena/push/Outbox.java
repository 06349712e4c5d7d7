package org.codearena.push;

import jakarta.websocket.CloseReason;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * What one socket is still to be sent: a bounded queue with one write in flight. A frame offered while a write is in
 * flight is queued, and the write's end starts the next. A reader that falls too far behind (too many frames or
 * characters waiting, or one write stuck too long) is closed with {@link #SLOW_READER} ("reconnect and resume"), on
 * another thread, instead of growing memory or holding up anyone else.
 *
 * <p>Two ways to write. <em>Direct</em>, for frames offered with {@link #offerDirect} by a watched thread: the frame
 * is written on the offering thread with the container's blocking send, which for a socket whose send buffer has
 * room is one system call and returns at once (the asynchronous send queues every frame to the container's write
 * selector and finishes it on a third thread: about twice the CPU per frame, measured in docs/benchmarks.md). A
 * direct write that does not return (a reader that stopped reading until the buffers filled) is noticed by whoever
 * runs the offering thread's work ({@link PushTopics}' lanes watch theirs), which calls {@link #demote}: from then on
 * this socket is written <em>asynchronously</em>, with its one write in flight handed to the container, so that it
 * can hold up nobody.
 * Frames offered with {@link #offer} (by anyone else) start an asynchronous write when nothing is in flight.
 */
public final class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class.getName());

    /** the close code for a socket that fell behind: the client reconnects and resumes from its last sequence */
    public static final CloseReason.CloseCode SLOW_READER = CloseReason.CloseCodes.getCloseCode(4001);

    /**
     * Bounds of what may wait for one socket, and whether it starts with direct writes (see the class comment).
     */
    public record Limits(int frames, long chars, long stallMillis, boolean direct) {

        public static final Limits DEFAULT = new Limits(1_000, 4_000_000, 20_000, true);
    }

    static final LongAdder SLOW_CLOSED = new LongAdder();
    static final LongAdder SENT = new LongAdder();
    static final LongAdder DEMOTED = new LongAdder();

    private final Session session;
    private final Limits limits;
    private final Executor closer;
    private final LongSupplier clock;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private final SendHandler onSent = this::sent;
    private long queuedChars;
    private boolean writing;
    private long writeStartedAt;
    private boolean closed;
    /** written on the offering thread with the blocking send, until a write of it is stuck: see {@link #demote} */
    private boolean direct;
    /** the thread inside {@link #pump}: a write that completes on it continues the loop there (no recursion) */
    private Thread pumping;
    private boolean completedInline;

    public Outbox(Session session, Limits limits, Executor closer) {
        this(session, limits, closer, System::currentTimeMillis);
    }

    Outbox(Session session, Limits limits, Executor closer, LongSupplier clock) {
        this.session = session;
        this.limits = limits;
        this.closer = closer;
        this.clock = clock;
        this.direct = limits.direct();
    }

    public Session session() {
        return session;
    }

    /**
     * Queues a frame for this socket, or writes it at once when nothing is in flight: asynchronously, so that no
     * caller ever waits for the socket (a lock held, a shared thread such as the chat's store). Returns false when the
     * socket is closed or was just closed for falling behind.
     */
    public boolean offer(String frame) {
        return offer(frame, false);
    }

    /**
     * As {@link #offer}, but when nothing is in flight the frame is written directly, on this thread (see the class
     * comment): only for a thread whose stuck write someone notices and leaves behind ({@link PushTopics}' lanes),
     * never under a lock.
     */
    public boolean offerDirect(String frame) {
        return offer(frame, true);
    }

    private boolean offer(String frame, boolean mayWriteHere) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (writing) {
                boolean stalled = clock.getAsLong() - writeStartedAt > limits.stallMillis();
                if (stalled || queue.size() >= limits.frames() || queuedChars + frame.length() > limits.chars()) {
                    closeSlow(stalled ? "a write has waited " + (clock.getAsLong() - writeStartedAt) + " ms"
                            : queue.size() + " frames waiting");
                    return false;
                }
                queue.add(frame);
                queuedChars += frame.length();
                return true;
            }
            writing = true;
        }
        pump(frame, mayWriteHere);
        return true;
    }

    /** Frames waiting (not counting the one in flight). */
    public synchronized int waiting() {
        return queue.size();
    }

    public synchronized boolean isClosed() {
        return closed;
    }

    /** The socket closed by itself: nothing more is sent. */
    public synchronized void closed() {
        closed = true;
        queue.clear();
        queuedChars = 0;
    }

    /**
     * A direct write of this socket has not returned for too long: from now on its frames go out asynchronously (the
     * thread in the stuck write finishes it, or fails it when the socket closes, and hands the rest on). With
     * {@code close} the socket is closed as a slow reader as well. Returns false when it was not writing directly.
     */
    public boolean demote(boolean close) {
        synchronized (this) {
            if (!direct) {
                return false;
            }
            direct = false;
            DEMOTED.increment();
            if (close && !closed) {
                closeSlow("a write has waited " + (clock.getAsLong() - writeStartedAt) + " ms");
            }
        }
        LOG.info(() -> "event=push-direct-write-stuck session=" + session.getId() + " close=" + close);
        return true;
    }

    /** Closes the socket as a slow reader (4001), unless it is closed already. */
    public void closeAsSlow(String why) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeSlow(why);
        }
    }

    /** Whether frames are written on the offering thread (see {@link #demote}). */
    public synchronized boolean direct() {
        return direct;
    }

    private void pump(String first, boolean mayWriteHere) {
        String frame = first;
        while (frame != null) {
            boolean directly;
            synchronized (this) {
                writeStartedAt = clock.getAsLong();
                directly = mayWriteHere && direct;
            }
            if (directly) {
                try {
                    session.getBasicRemote().sendText(frame);
                } catch (IOException | RuntimeException e) {
                    // the socket is closing or closed (or was closed under a stuck write)
                    failed(e);
                    return;
                }
                SENT.increment();
                synchronized (this) {
                    frame = next();
                }
                continue;
            }
            synchronized (this) {
                pumping = Thread.currentThread();
                completedInline = false;
            }
            try {
                session.getAsyncRemote().sendText(frame, onSent);
            } catch (RuntimeException e) {
                // the socket is closing or closed
                synchronized (this) {
                    if (pumping == Thread.currentThread()) {
                        pumping = null;
                    }
                }
                failed(e);
                return;
            }
            synchronized (this) {
                if (pumping != Thread.currentThread()) {
                    // the write completed on another thread, which carries on with the queue
                    return;
                }
                pumping = null;
                if (!completedInline) {
                    // still in flight: its completion starts the next write
                    return;
                }
                frame = next();
            }
        }
    }

    private void sent(SendResult result) {
        if (!result.isOK()) {
            failed(result.getException());
            return;
        }
        SENT.increment();
        String next;
        synchronized (this) {
            if (pumping == Thread.currentThread()) {
                completedInline = true;
                return;
            }
            next = next();
        }
        if (next != null) {
            pump(next, false);
        }
    }

    /** The next frame to write, or null (and nothing in flight any more). Called holding the lock. */
    private String next() {
        String next = closed ? null : queue.poll();
        if (next == null) {
            writing = false;
            return null;
        }
        queuedChars -= next.length();
        return next;
    }

    private void failed(Throwable error) {
        boolean first;
        synchronized (this) {
            first = !closed;
            closed = true;
            writing = false;
            queue.clear();
            queuedChars = 0;
        }
        LOG.fine(() -> "event=push-send-failed session=" + session.getId() + " error=" + error);
        if (first) {
            // the client is told, and reconnects and resumes, instead of waiting on a socket that sends nothing
            closer.execute(() -> {
                try {
                    session.close(new CloseReason(CloseReason.CloseCodes.UNEXPECTED_CONDITION,
                            "a write failed; reconnect and resume"));
                } catch (IOException | RuntimeException e) {
                    LOG.fine(() -> "event=push-close-failed session=" + session.getId() + " error=" + e);
                }
            });
        }
    }

    /** Called holding the lock. */
    private void closeSlow(String why) {
        closed = true;
        queue.clear();
        queuedChars = 0;
        SLOW_CLOSED.increment();
        LOG.info(() -> "event=push-slow-reader-closed session=" + session.getId() + " reason=\"" + why + "\"");
        // closing writes a close frame: never on the thread of the one who offered
        closer.execute(() -> {
            try {
                session.close(new CloseReason(SLOW_READER, "too slow: " + why + "; reconnect and resume"));
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "event=push-close-failed session=" + session.getId() + " error=" + e);
            }
        });
    }

    /**
     * Sockets closed for falling behind, frames written, and sockets moved from direct to asynchronous writes, since
     * the server started.
     */
    public static long[] counts() {
        return new long[] {SLOW_CLOSED.sum(), SENT.sum(), DEMOTED.sum()};
    }
}
