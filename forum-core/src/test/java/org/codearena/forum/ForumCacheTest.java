package org.codearena.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ForumCacheTest {

    private static ForumViews.ThreadPage page(String title) {
        ForumViews.Thread thread = new ForumViews.Thread(1, title, 1, "a", null, null, 1, false, false, false, 0);
        return new ForumViews.ThreadPage(thread, 1, 1, List.of(), title);
    }

    @Test
    void aChangedThreadIsLoadedAgainAndOthersAreNot() {
        ForumCache cache = new ForumCache(Duration.ofMinutes(1), 100);
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.threadPage(1, 1, () -> page("v" + loads.incrementAndGet())).thread().title()).isEqualTo("v1");
        assertThat(cache.threadPage(1, 1, () -> page("v" + loads.incrementAndGet())).thread().title()).isEqualTo("v1");
        cache.threadChanged(2);
        assertThat(cache.threadPage(1, 1, () -> page("v" + loads.incrementAndGet())).thread().title()).isEqualTo("v1");
        cache.threadChanged(1);
        assertThat(cache.threadPage(1, 1, () -> page("v" + loads.incrementAndGet())).thread().title()).isEqualTo("v2");
        assertThat(loads).hasValue(2);
    }

    @Test
    void aRushOnAMissingPageLoadsItOnce() throws Exception {
        ForumCache cache = new ForumCache(Duration.ofMinutes(1), 100);
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ForumViews.ThreadPage>> readers = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                readers.add(pool.submit(() -> {
                    start.await();
                    return cache.threadPage(5, 1, () -> {
                        loads.incrementAndGet();
                        try {
                            Thread.sleep(200);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return page("once");
                    });
                }));
            }
            start.countDown();
            for (Future<ForumViews.ThreadPage> reader : readers) {
                assertThat(reader.get().thread().title()).isEqualTo("once");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void switchedOffEveryReadLoads() {
        ForumCache cache = new ForumCache(Duration.ofMinutes(1), 100);
        AtomicInteger loads = new AtomicInteger();
        cache.setEnabled(false);
        cache.threadPage(1, 1, () -> page("x" + loads.incrementAndGet()));
        cache.threadPage(1, 1, () -> page("x" + loads.incrementAndGet()));
        assertThat(loads).hasValue(2);
    }
}
