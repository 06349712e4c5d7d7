package org.codearena.forum;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * The forum's views in memory (Ehcache, on the heap, by reference): the category list, category pages and thread
 * pages, shared by the forum's pages and its API (one instance per application: this class sits in the EAR's
 * lib). A view is made once however many read it at that moment (one loader per key, the others wait for it).
 *
 * <p>A change makes the views it touches unreachable at once: every thread and category has a generation that is
 * part of its pages' keys, and a write moves it on (here, and on the other servers through the cluster topic), so
 * the writer sees the change on the next read and everyone else as soon as the notice arrives. Entries also expire
 * ({@code ttl}), which bounds how stale a server that missed a notice can be.
 *
 * <p>It can be switched off (ADMIN API) to compare: then every read goes to the database.
 */
public final class ForumCache {

    private static final ForumCache INSTANCE = new ForumCache(Duration.ofSeconds(setting(
            "codearena.forum.cache.ttl.seconds", 60)), (int) setting("codearena.forum.cache.entries", 20_000));

    /** A setting from MicroProfile Config (server.xml variables, environment), or its default outside a server. */
    private static long setting(String name, long fallback) {
        try {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(name, Long.class)
                    .orElse(fallback);
        } catch (RuntimeException | LinkageError e) {
            return fallback;
        }
    }

    public static ForumCache get() {
        return INSTANCE;
    }

    private record Key(char kind, long id, long generation, int page) {
    }

    private final CacheManager manager;
    private final Cache<Key, Object> views;
    private final ConcurrentHashMap<Long, AtomicLong> threadGenerations = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, AtomicLong> categoryGenerations = new ConcurrentHashMap<>();
    private final AtomicLong categoriesGeneration = new AtomicLong();
    private final ConcurrentHashMap<Key, Object> loading = new ConcurrentHashMap<>();
    private volatile boolean enabled = true;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    ForumCache(Duration ttl, int entries) {
        manager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("forum-views", CacheConfigurationBuilder.newCacheConfigurationBuilder(Key.class,
                                Object.class, ResourcePoolsBuilder.heap(entries))
                        .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(ttl)))
                .build(true);
        views = manager.getCache("forum-views", Key.class, Object.class);
    }

    public ForumViews.Categories categories(Supplier<ForumViews.Categories> load) {
        return cached(new Key('i', 0, categoriesGeneration.get(), 0), load);
    }

    public ForumViews.CategoryPage categoryPage(long categoryId, int page, Supplier<ForumViews.CategoryPage> load) {
        return cached(new Key('c', categoryId, generation(categoryGenerations, categoryId), page), load);
    }

    public ForumViews.ThreadPage threadPage(long threadId, int page, Supplier<ForumViews.ThreadPage> load) {
        return cached(new Key('t', threadId, generation(threadGenerations, threadId), page), load);
    }

    /** A thread changed (a post, an edit, a moderator's action): its pages, its category's and the list are new. */
    public void threadChanged(long threadId) {
        threadGenerations.computeIfAbsent(threadId, id -> new AtomicLong()).incrementAndGet();
    }

    /** A category's threads or counters changed: its pages and the category list are new. */
    public void categoryChanged(long categoryId) {
        categoryGenerations.computeIfAbsent(categoryId, id -> new AtomicLong()).incrementAndGet();
        categoriesGeneration.incrementAndGet();
    }

    /** The list of categories is new (one was made outside the forum: a task's, a contest's). */
    public void categoriesChanged() {
        categoriesGeneration.incrementAndGet();
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
        if (!enabled) {
            views.clear();
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    @SuppressWarnings("unchecked")
    private <T> T cached(Key key, Supplier<T> load) {
        if (!enabled) {
            misses.increment();
            return load.get();
        }
        Object view = views.get(key);
        if (view != null) {
            hits.increment();
            return (T) view;
        }
        // one loader per key: a rush of readers on a page that is not in memory makes one set of queries
        Object lock = loading.computeIfAbsent(key, k -> new Object());
        try {
            synchronized (lock) {
                view = views.get(key);
                if (view != null) {
                    hits.increment();
                    return (T) view;
                }
                misses.increment();
                T loaded = load.get();
                views.put(key, loaded);
                return loaded;
            }
        } finally {
            loading.remove(key, lock);
        }
    }

    private static long generation(ConcurrentHashMap<Long, AtomicLong> generations, long id) {
        AtomicLong generation = generations.get(id);
        return generation == null ? 0 : generation.get();
    }
}
