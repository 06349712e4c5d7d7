package org.codearena.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class PushTopicsTest {

    private final AtomicLong now = new AtomicLong(0);
    private final PushTopics topics = new PushTopics(5, 60_000, now::get);

    private static Outbox outbox(FakeSocket socket) {
        return new Outbox(socket.session, Outbox.Limits.DEFAULT, Runnable::run);
    }

    @Test
    void framesCarryTopicAndSequenceAndReachEverySubscriber() {
        FakeSocket a = new FakeSocket();
        FakeSocket b = new FakeSocket();
        topics.subscribe("room:1", outbox(a), null);
        topics.subscribe("room:1", outbox(b), null);
        assertThat(topics.publish("room:1", "{\"type\":\"chat\",\"text\":\"hi\"}")).isEqualTo(1);
        assertThat(topics.publish("room:1", "{}")).isEqualTo(2);
        String first = "{\"topic\":\"room:1\",\"seq\":1,\"type\":\"chat\",\"text\":\"hi\"}";
        assertThat(a.written).containsExactly("{\"topic\":\"room:1\",\"seq\":0,\"type\":\"subscribed\"}", first,
                "{\"topic\":\"room:1\",\"seq\":2}");
        // the same frame object for everyone: made once
        assertThat(b.written.get(1)).isSameAs(a.written.get(1));
    }

    @Test
    void aClientThatComesBackGetsWhatItMissedInOrder() {
        FakeSocket before = new FakeSocket();
        Outbox first = outbox(before);
        topics.subscribe("user:7", first, null);
        topics.publish("user:7", "{\"n\":1}");
        topics.remove(first);
        topics.publish("user:7", "{\"n\":2}");
        topics.publish("user:7", "{\"n\":3}");

        FakeSocket after = new FakeSocket();
        PushTopics.Subscribed resumed = topics.subscribe("user:7", outbox(after), 1L);
        assertThat(resumed.replayed()).isEqualTo(2);
        assertThat(resumed.reset()).isFalse();
        assertThat(after.written).containsExactly("{\"topic\":\"user:7\",\"seq\":2,\"n\":2}",
                "{\"topic\":\"user:7\",\"seq\":3,\"n\":3}", "{\"topic\":\"user:7\",\"seq\":3,\"type\":\"subscribed\"}");
        topics.publish("user:7", "{\"n\":4}");
        assertThat(after.written).last().isEqualTo("{\"topic\":\"user:7\",\"seq\":4,\"n\":4}");
    }

    @Test
    void tooLongAwayOrAnUnknownPlaceMeansReload() {
        for (int i = 1; i <= 8; i++) {
            topics.publish("contest:cup", "{\"n\":" + i + "}");
        }
        FakeSocket late = new FakeSocket();
        // only the last 5 are kept: 3 is gone
        assertThat(topics.subscribe("contest:cup", outbox(late), 2L).reset()).isTrue();
        assertThat(late.written).containsExactly("{\"topic\":\"contest:cup\",\"seq\":8,\"type\":\"reset\"}");
        // a place from another server (or before a restart)
        assertThat(topics.subscribe("contest:cup", outbox(new FakeSocket()), 99L).reset()).isTrue();
        // kept frames also expire with time
        now.addAndGet(61_000);
        assertThat(topics.subscribe("contest:cup", outbox(new FakeSocket()), 7L).reset()).isTrue();
    }

    @Test
    void idleTopicsAreSweptAndNamesAreChecked() {
        Outbox gone = outbox(new FakeSocket());
        topics.subscribe("user:1", gone, null);
        topics.publish("user:1", "{}");
        topics.remove(gone);
        assertThat(topics.sweep()).isZero();
        now.addAndGet(61_000);
        assertThat(topics.sweep()).isEqualTo(1);
        assertThat(topics.topicCount()).isZero();
        assertThatThrownBy(() -> topics.publish("room:\"x", "{}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inLanesEverySocketGetsEveryFrameInOrderAndThePublisherDoesNotWait() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        java.util.concurrent.ScheduledExecutorService watchdog =
                java.util.concurrent.Executors.newScheduledThreadPool(1);
        try {
            PushTopics laned = new PushTopics(1000, 60_000, now::get);
            laned.deliverInLanes(pool, 2, watchdog, 50, 8, 20_000);
            java.util.List<FakeSocket> sockets = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                FakeSocket socket = new FakeSocket();
                sockets.add(socket);
                laned.subscribe("chat:global", outbox(socket), null);
            }
            for (int n = 1; n <= 300; n++) {
                laned.publish("chat:global", "{\"n\":" + n + "}");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (sockets.stream().anyMatch(socket -> socket.written.size() < 301) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            for (FakeSocket socket : sockets) {
                assertThat(socket.written).hasSize(301);
                for (int n = 1; n <= 300; n++) {
                    assertThat(socket.written.get(n)).endsWith(",\"n\":" + n + "}");
                }
            }
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    @Test
    void aReaderWhoseWriteIsStuckHoldsUpItsLaneOnlyUntilTheWatchAndGetsItsFramesAfter() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.ScheduledExecutorService watchdog =
                java.util.concurrent.Executors.newScheduledThreadPool(1);
        try {
            PushTopics laned = new PushTopics(1000, 60_000, now::get);
            // one lane: the stuck reader and everyone else share it; the watch is run by the test (clock of its own)
            laned.deliverInLanes(pool, 1, watchdog, 3_600_000, 8, 7_200_000);
            java.util.List<FakeSocket> sockets = new java.util.ArrayList<>();
            java.util.List<Outbox> outboxes = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                FakeSocket socket = new FakeSocket();
                sockets.add(socket);
                Outbox outbox = outbox(socket);
                outboxes.add(outbox);
                laned.subscribe("chat:global", outbox, null);
            }
            // the lane writes in the order it took the subscribers: hold the one it writes first
            laned.publish("chat:global", "{\"n\":0}");
            awaitAll(sockets, 2);
            int first = 0;
            for (int i = 1; i < sockets.size(); i++) {
                if (sockets.get(i).lastWrite < sockets.get(first).lastWrite) {
                    first = i;
                }
            }
            FakeSocket stuck = sockets.get(first);
            stuck.holdDirect = new java.util.concurrent.CountDownLatch(1);
            laned.publish("chat:global", "{\"n\":1}");
            while (stuck.directWriters.size() < 2) {
                Thread.sleep(1);
            }
            // the lane waits on the stuck write: nobody after it in the lane has the frame yet
            Thread.sleep(50);
            assertThat(sockets).allMatch(socket -> socket.written.size() == 2);
            now.addAndGet(3_600_000);
            // seen stuck once: it could be a pause of the whole server; seen stuck again: the lane goes on
            assertThat(laned.watchLanes()).isZero();
            assertThat(laned.watchLanes()).isEqualTo(1);
            java.util.List<FakeSocket> others = new java.util.ArrayList<>(sockets);
            others.remove(stuck);
            awaitAll(others, 3);
            assertThat(outboxes.get(first).direct()).isFalse();
            assertThat(outboxes.get((first + 1) % outboxes.size()).direct()).isTrue();
            // the stuck reader gets the next frame too, in order, once it reads again
            laned.publish("chat:global", "{\"n\":2}");
            awaitAll(others, 4);
            assertThat(stuck.written).hasSize(2);
            stuck.holdDirect.countDown();
            awaitAll(sockets, 4);
            assertThat(stuck.written.get(2)).endsWith(",\"n\":1}");
            assertThat(stuck.written.get(3)).endsWith(",\"n\":2}");
            assertThat(stuck.closedWith).isNull();
            assertThat(laned.watchLanes()).isZero();
            // nobody got a frame twice, and the runner left in the stuck write went back to the pool
            for (FakeSocket socket : sockets) {
                assertThat(socket.written).hasSize(4);
            }
            assertThat(laned.parkedWrites()).isZero();
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    @Test
    void beyondTheParkedLimitAStuckReaderIsClosed() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.ScheduledExecutorService watchdog =
                java.util.concurrent.Executors.newScheduledThreadPool(1);
        try {
            PushTopics laned = new PushTopics(1000, 60_000, now::get);
            laned.deliverInLanes(pool, 1, watchdog, 3_600_000, 0, 7_200_000);
            FakeSocket stuck = new FakeSocket();
            FakeSocket other = new FakeSocket();
            laned.subscribe("chat:global", outbox(stuck), null);
            laned.subscribe("chat:global", outbox(other), null);
            stuck.holdDirect = new java.util.concurrent.CountDownLatch(1);
            laned.publish("chat:global", "{\"n\":1}");
            while (stuck.directWriters.size() < 1) {
                Thread.sleep(1);
            }
            now.addAndGet(3_600_000);
            assertThat(laned.watchLanes()).isZero();
            assertThat(laned.watchLanes()).isEqualTo(1);
            awaitAll(java.util.List.of(other), 2);
            assertThat(stuck.closedWith.getCloseCode().getCode()).isEqualTo(4001);
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    @Test
    void aWriteLeftStuckTooLongClosesItsSocketEvenWhenNothingMoreIsSent() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newCachedThreadPool();
        java.util.concurrent.ScheduledExecutorService watchdog =
                java.util.concurrent.Executors.newScheduledThreadPool(1);
        try {
            PushTopics laned = new PushTopics(1000, 60_000, now::get);
            laned.deliverInLanes(pool, 1, watchdog, 3_600_000, 8, 7_200_000);
            FakeSocket stuck = new FakeSocket();
            laned.subscribe("chat:global", outbox(stuck), null);
            stuck.holdDirect = new java.util.concurrent.CountDownLatch(1);
            laned.publish("chat:global", "{\"n\":1}");
            while (stuck.directWriters.isEmpty()) {
                Thread.sleep(1);
            }
            now.addAndGet(3_600_000);
            laned.watchLanes();
            assertThat(laned.watchLanes()).isEqualTo(1);
            assertThat(laned.parkedWrites()).isEqualTo(1);
            assertThat(stuck.closedWith).isNull();
            // the room goes quiet; the write stays stuck past the limit: the watch closes it, which ends the write
            now.addAndGet(7_200_000);
            laned.watchLanes();
            assertThat(stuck.closedWith.getCloseCode().getCode()).isEqualTo(4001);
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (laned.parkedWrites() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertThat(laned.parkedWrites()).isZero();
        } finally {
            pool.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private static void awaitAll(java.util.List<FakeSocket> sockets, int frames) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sockets.stream().anyMatch(socket -> socket.written.size() < frames) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        for (FakeSocket socket : sockets) {
            assertThat(socket.written).hasSizeGreaterThanOrEqualTo(frames);
        }
    }
}
