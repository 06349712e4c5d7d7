package org.codearena.forum;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * Per person, how far they have read each thread (the number of the last post they saw): the unread markers. Kept in
 * memory for the people reading now (loaded with one query the first time, then updated in place) and written to
 * PostgreSQL behind the pages, in one batch every few seconds ({@link #flush}), so that reading a page writes
 * nothing on its way. A mark only moves forward.
 */
public final class ReadMarks {

    private static final ReadMarks INSTANCE = new ReadMarks();

    public static ReadMarks get() {
        return INSTANCE;
    }

    /** one person's marks: thread id to the last post number read */
    public static final class Marks {
        private final ConcurrentHashMap<Long, AtomicInteger> byThread = new ConcurrentHashMap<>();

        public int lastRead(long threadId) {
            AtomicInteger mark = byThread.get(threadId);
            return mark == null ? 0 : mark.get();
        }

        boolean advance(long threadId, int number) {
            AtomicInteger mark = byThread.computeIfAbsent(threadId, id -> new AtomicInteger());
            int before = mark.getAndAccumulate(number, Math::max);
            return number > before;
        }
    }

    private record Pending(long accountId, long threadId) {
    }

    /** marks per INSERT (three parameters each, far below PostgreSQL's 65,535) */
    private static final int MAX_BATCH = 5_000;

    private final CacheManager manager;
    private final Cache<Long, Marks> marks;
    private final ConcurrentHashMap<Pending, Integer> pending = new ConcurrentHashMap<>();

    private ReadMarks() {
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("forum-read-marks", CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class,
                                Marks.class, ResourcePoolsBuilder.heap(50_000))
                        .withExpiry(ExpiryPolicyBuilder.timeToIdleExpiration(Duration.ofMinutes(30))))
                .build(true);
        marks = manager.getCache("forum-read-marks", Long.class, Marks.class);
    }

    /** The person's marks: from memory, or loaded once (the only query this makes on a page view). */
    public Marks of(long accountId, EntityManager em) {
        Marks known = marks.get(accountId);
        if (known != null && ForumCache.get().enabled()) {
            return known;
        }
        Marks loaded = new Marks();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT thread_id, last_read_number FROM forum_read WHERE account_id = ?1")
                .setParameter(1, accountId).getResultList();
        for (Object[] row : rows) {
            loaded.advance(((Number) row[0]).longValue(), ((Number) row[1]).intValue());
        }
        // marks read since that are not written yet
        pending.forEach((key, number) -> {
            if (key.accountId() == accountId) {
                loaded.advance(key.threadId(), number);
            }
        });
        if (ForumCache.get().enabled()) {
            Marks raced = marks.putIfAbsent(accountId, loaded);
            return raced == null ? loaded : raced;
        }
        return loaded;
    }

    /** The person has seen the thread up to this post; written with the next flush. */
    public void read(long accountId, Marks of, long threadId, int number) {
        if (of.advance(threadId, number)) {
            pending.merge(new Pending(accountId, threadId), number, Math::max);
        }
    }

    /** Writes the marks read since the last flush, in one batch; returns how many. */
    public int flush(EntityManager em) {
        if (pending.isEmpty()) {
            return 0;
        }
        List<Map.Entry<Pending, Integer>> batch = new ArrayList<>(MAX_BATCH);
        for (Map.Entry<Pending, Integer> each : pending.entrySet()) {
            if (batch.size() == MAX_BATCH) {
                break;
            }
            batch.add(Map.entry(each.getKey(), each.getValue()));
        }
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < batch.size(); i++) {
            values.append(i == 0 ? "" : ",").append("(?").append(3 * i + 1).append(",?").append(3 * i + 2)
                    .append(",?").append(3 * i + 3).append(')');
        }
        var insert = em.createNativeQuery("INSERT INTO forum_read (account_id, thread_id, last_read_number) "
                + "SELECT v.a, v.t, v.n FROM (VALUES " + values + ") AS v(a, t, n) "
                + "JOIN forum_thread ON forum_thread.id = v.t JOIN account ON account.id = v.a "
                + "ON CONFLICT (account_id, thread_id) DO UPDATE "
                + "SET last_read_number = greatest(forum_read.last_read_number, EXCLUDED.last_read_number)");
        for (int i = 0; i < batch.size(); i++) {
            insert.setParameter(3 * i + 1, batch.get(i).getKey().accountId());
            insert.setParameter(3 * i + 2, batch.get(i).getKey().threadId());
            insert.setParameter(3 * i + 3, batch.get(i).getValue());
        }
        insert.executeUpdate();
        for (Map.Entry<Pending, Integer> written : batch) {
            pending.remove(written.getKey(), written.getValue());
        }
        return batch.size();
    }
}
