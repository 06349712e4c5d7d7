package org.codearena.push;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class OutboxTest {

    private static final Outbox.Limits ASYNC = new Outbox.Limits(1_000, 4_000_000, 20_000, false);

    /** A thread whose direct write of {@code frame} has begun and waits (the socket holds it). */
    private static Thread directWriteThatWaits(FakeSocket socket, Outbox outbox, String frame)
            throws InterruptedException {
        Thread writer = new Thread(() -> outbox.offerDirect(frame));
        writer.start();
        while (socket.directWriters.isEmpty()) {
            Thread.sleep(1);
        }
        return writer;
    }

    @Test
    void directWritesGoOutOnTheOfferingThreadInOrder() {
        FakeSocket socket = new FakeSocket();
        Outbox outbox = new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
        for (int i = 0; i < 1_000; i++) {
            assertThat(outbox.offerDirect("m" + i)).isTrue();
        }
        assertThat(socket.written).hasSize(1_000).startsWith("m0", "m1").endsWith("m999");
        assertThat(socket.asyncWrites).hasValue(0);
        assertThat(socket.directWriters).allMatch(thread -> thread == Thread.currentThread());
        assertThat(outbox.direct()).isTrue();
    }

    @Test
    void framesOfferedByAnyoneElseAreWrittenAsynchronouslyNeverOnTheirThread() {
        FakeSocket socket = new FakeSocket();
        socket.holdDirect = new java.util.concurrent.CountDownLatch(1);
        Outbox outbox = new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
        // a direct write here would wait for ever (the reader is held): the offer returns, the frame went async
        assertThat(outbox.offer("ack")).isTrue();
        assertThat(socket.asyncWrites).hasValue(1);
        assertThat(socket.directWriters).isEmpty();
        assertThat(outbox.direct()).isTrue();
    }

    @Test
    void whileADirectWriteWaitsOthersQueueAndTheWriterSendsThemAfter() throws Exception {
        FakeSocket socket = new FakeSocket();
        socket.holdDirect = new java.util.concurrent.CountDownLatch(1);
        Outbox outbox = new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
        Thread writer = directWriteThatWaits(socket, outbox, "first");
        // offered while the first write waits: queued, and this thread goes on at once
        assertThat(outbox.offer("second")).isTrue();
        assertThat(outbox.offer("third")).isTrue();
        assertThat(outbox.waiting()).isEqualTo(2);
        socket.holdDirect.countDown();
        writer.join(5_000);
        assertThat(socket.written).containsExactly("first", "second", "third");
        assertThat(socket.directWriters).containsOnly(writer);
        assertThat(socket.maxConcurrentWrites).isEqualTo(1);
    }

    @Test
    void aDemotedSocketIsWrittenAsynchronouslyAfterItsStuckWriteEnds() throws Exception {
        FakeSocket socket = new FakeSocket();
        socket.holdDirect = new java.util.concurrent.CountDownLatch(1);
        Outbox outbox = new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
        Thread writer = directWriteThatWaits(socket, outbox, "stuck");
        assertThat(outbox.demote(false)).isTrue();
        assertThat(outbox.demote(false)).isFalse();
        outbox.offer("after");
        socket.holdDirect.countDown();
        writer.join(5_000);
        assertThat(socket.written).containsExactly("stuck", "after");
        assertThat(socket.asyncWrites).hasValue(1);
        assertThat(socket.closedWith).isNull();
        // from now on: asynchronous, one write in flight
        outbox.offer("later");
        assertThat(socket.asyncWrites).hasValue(2);
        assertThat(outbox.direct()).isFalse();
    }

    @Test
    void demotedWithCloseTheSocketIsClosedAsASlowReaderAndItsWriteEnds() throws Exception {
        FakeSocket socket = new FakeSocket();
        socket.holdDirect = new java.util.concurrent.CountDownLatch(1);
        Outbox outbox = new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
        Thread writer = directWriteThatWaits(socket, outbox, "stuck");
        outbox.demote(true);
        writer.join(5_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(socket.closedWith.getCloseCode().getCode()).isEqualTo(4001);
        assertThat(outbox.isClosed()).isTrue();
        assertThat(outbox.offer("later")).isFalse();
    }

    @Test
    void writesCompletedAtOnceGoOutInOrderWithoutRecursion() {
        FakeSocket socket = new FakeSocket();
        Outbox outbox = new Outbox(socket.session, new Outbox.Limits(100_000, 100_000_000, 10_000, false),
                Runnable::run);
        for (int i = 0; i < 50_000; i++) {
            assertThat(outbox.offer("m" + i)).isTrue();
        }
        assertThat(socket.written).hasSize(50_000);
        assertThat(socket.written.get(49_999)).isEqualTo("m49999");
        assertThat(socket.maxConcurrentWrites).isEqualTo(1);
    }

    @Test
    void oneWriteInFlightTheRestQueuedInOrder() {
        FakeSocket socket = new FakeSocket();
        socket.completeAtOnce = false;
        Outbox outbox = new Outbox(socket.session, ASYNC, Runnable::run);
        outbox.offer("a");
        outbox.offer("b");
        outbox.offer("c");
        assertThat(socket.written).containsExactly("a");
        assertThat(outbox.waiting()).isEqualTo(2);
        socket.completeOne();
        assertThat(socket.written).containsExactly("a", "b");
        socket.completeOne();
        socket.completeOne();
        assertThat(socket.written).containsExactly("a", "b", "c");
        assertThat(outbox.waiting()).isZero();
        assertThat(socket.maxConcurrentWrites).isEqualTo(1);
        // idle again: the next frame is written at once
        outbox.offer("d");
        assertThat(socket.written).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aReaderThatFallsBehindIsClosedWithTheSlowReaderCode() {
        FakeSocket socket = new FakeSocket();
        socket.completeAtOnce = false;
        Outbox outbox = new Outbox(socket.session, new Outbox.Limits(3, 1_000_000, 60_000, false), Runnable::run);
        for (int i = 0; i < 4; i++) {
            assertThat(outbox.offer("x" + i)).isTrue();
        }
        assertThat(outbox.offer("one too many")).isFalse();
        assertThat(outbox.isClosed()).isTrue();
        assertThat(socket.closedWith.getCloseCode().getCode()).isEqualTo(4001);
        assertThat(socket.closedWith.getReasonPhrase()).contains("reconnect");
        assertThat(outbox.offer("later")).isFalse();
    }

    @Test
    void aWriteStuckTooLongClosesTheSocket() {
        FakeSocket socket = new FakeSocket();
        socket.completeAtOnce = false;
        AtomicLong now = new AtomicLong(1_000);
        Outbox outbox = new Outbox(socket.session, new Outbox.Limits(100, 1_000_000, 5_000, false), Runnable::run,
                now::get);
        outbox.offer("first");
        now.addAndGet(4_000);
        assertThat(outbox.offer("second")).isTrue();
        now.addAndGet(2_000);
        assertThat(outbox.offer("third")).isFalse();
        assertThat(socket.closedWith.getCloseCode().getCode()).isEqualTo(4001);
    }

    @Test
    void tooManyCharactersWaitingClosesTheSocket() {
        FakeSocket socket = new FakeSocket();
        socket.completeAtOnce = false;
        Outbox outbox = new Outbox(socket.session, new Outbox.Limits(1_000, 10, 60_000, false), Runnable::run);
        outbox.offer("in flight");
        assertThat(outbox.offer("12345")).isTrue();
        assertThat(outbox.offer("123456")).isFalse();
    }
}
