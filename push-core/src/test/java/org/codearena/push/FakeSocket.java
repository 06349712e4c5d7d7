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

/** A socket for the tests: records what is written; completes writes at once, or when the test says. */
final class FakeSocket {

    final List<String> written = new CopyOnWriteArrayList<>();
    final ArrayDeque<SendHandler> inFlight = new ArrayDeque<>();
    volatile CloseReason closedWith;
    volatile boolean completeAtOnce = true;
    volatile int concurrentWrites;
    volatile int maxConcurrentWrites;
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
        session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> remote;
                    case "getId" -> "fake";
                    case "close" -> {
                        closedWith = args == null ? null : (CloseReason) args[0];
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
