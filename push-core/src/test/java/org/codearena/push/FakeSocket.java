package org.codearena.push;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A socket for the tests: records what is written; completes asynchronous writes at once, or when the test says;
 * blocking writes return at once, or wait while the test holds them ({@link #holdDirect}).
 */
final class FakeSocket {

    final List<String> written = new CopyOnWriteArrayList<>();
    final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
    volatile CloseReason closedWith;
    volatile boolean completeAtOnce = true;
    volatile int concurrentWrites;
    volatile int maxConcurrentWrites;
    /** while set, a blocking write waits until it is released (a reader that stopped reading) */
    volatile java.util.concurrent.CountDownLatch holdDirect;
    /** threads that made a blocking write, and asynchronous writes made */
    final List<Thread> directWriters = new CopyOnWriteArrayList<>();
    final java.util.concurrent.atomic.AtomicInteger asyncWrites = new java.util.concurrent.atomic.AtomicInteger();
    /** when this socket was last written, in the order of all the fake sockets' writes */
    volatile long lastWrite;
    private static final java.util.concurrent.atomic.AtomicLong WRITES = new java.util.concurrent.atomic.AtomicLong();
    final Session session;

    FakeSocket() {
        RemoteEndpoint.Async remote = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2) {
                        synchronized (this) {
                            concurrentWrites++;
                            maxConcurrentWrites = Math.max(maxConcurrentWrites, concurrentWrites);
                        }
                        written.add((String) args[0]);
                        asyncWrites.incrementAndGet();
                        SendHandler handler = (SendHandler) args[1];
                        if (completeAtOnce) {
                            synchronized (this) {
                                concurrentWrites--;
                            }
                            handler.onResult(new SendResult());
                        } else {
                            synchronized (inFlight) {
                                inFlight.add(handler);
                            }
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 1) {
                        synchronized (this) {
                            concurrentWrites++;
                            maxConcurrentWrites = Math.max(maxConcurrentWrites, concurrentWrites);
                        }
                        try {
                            directWriters.add(Thread.currentThread());
                            java.util.concurrent.CountDownLatch hold = holdDirect;
                            if (hold != null) {
                                hold.await();
                            }
                            if (closedWith != null) {
                                throw new java.io.IOException("the socket was closed during the write");
                            }
                            written.add((String) args[0]);
                            lastWrite = WRITES.incrementAndGet();
                        } finally {
                            synchronized (this) {
                                concurrentWrites--;
                            }
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "getBasicRemote" -> basic;
                    case "getId" -> "fake";
                    case "close" -> {
                        closedWith = args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "")
                                : (CloseReason) args[0];
                        // closing ends a write that waits (the container closes the connection under it)
                        java.util.concurrent.CountDownLatch hold = holdDirect;
                        if (hold != null) {
                            hold.countDown();
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "FakeSocket";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Completes the oldest write in flight (as the network would). */
    void completeOne() {
        SendHandler handler;
        synchronized (inFlight) {
            handler = inFlight.poll();
        }
        if (handler != null) {
            synchronized (this) {
                concurrentWrites--;
            }
            handler.onResult(new SendResult());
        }
    }
}
