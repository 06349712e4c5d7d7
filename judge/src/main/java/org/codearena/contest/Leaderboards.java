package org.codearena.contest;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ehcache.Cache;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;

/**
 * Every contest's leaderboard, computed once per change and served from an Ehcache cache (on-heap, by
 * reference: every viewer gets the same immutable board). A changed standing marks the contest; within
 * {@code codearena.leaderboard.debounce.millis} the board is computed again (many results in a burst cost
 * one computation), stored, and handed to the listeners (the push sockets of the contest's watchers). Every
 * server keeps its own cache: a change is announced on the cluster topic, and each server recomputes once.
 * With {@code codearena.leaderboard.cache=false} every read computes the board (the baseline the load
 * test compares against).
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// a read from the cache needs no transaction; the computation reads without one too
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Leaderboards {

    private static final Logger LOG = Logger.getLogger(Leaderboards.class.getName());

    @EJB
    private ContestStore store;

    /** the other servers hear of a changed board under this topic */
    static final String CHANGED = "leaderboard";

    @EJB
    private ClusterNotices cluster;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "codearena.leaderboard.cache", defaultValue = "true")
    boolean cacheEnabled;

    @Inject
    @ConfigProperty(name = "codearena.leaderboard.debounce.millis",
            defaultValue = "250")
    long debounceMillis;

    private CacheManager cacheManager;
    private Cache<Long, Leaderboard> cache;
    private final Set<Long> refreshing = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<Long, Object> computeLocks = new ConcurrentHashMap<>();
    private final List<Consumer<Leaderboard>> listeners = new CopyOnWriteArrayList<>();

    @PostConstruct
    void open() {
        cacheManager = CacheManagerBuilder.newCacheManagerBuilder()
                .withCache("leaderboards", CacheConfigurationBuilder.newCacheConfigurationBuilder(Long.class,
                        Leaderboard.class, ResourcePoolsBuilder.heap(10_000)))
                .build(true);
        cache = cacheManager.getCache("leaderboards", Long.class, Leaderboard.class);
        cluster.listen(CHANGED, this::changedHere);
    }

    @PreDestroy
    void close() {
        cacheManager.close();
    }

    /** The contest's leaderboard: from the cache; computed once (not once per viewer) when it is not there. */
    public Leaderboard board(long contestId) {
        if (!cacheEnabled) {
            return store.compute(contestId);
        }
        Leaderboard cached = cache.get(contestId);
        if (cached != null) {
            return cached;
        }
        synchronized (computeLocks.computeIfAbsent(contestId, id -> new Object())) {
            cached = cache.get(contestId);
            if (cached == null) {
                cached = store.compute(contestId);
                cache.put(contestId, cached);
            }
            return cached;
        }
    }

    /** A standing changed on this server: every server's board is computed again soon. */
    public void standingChanged(long contestId) {
        cluster.announce(CHANGED, contestId);
        changedHere(contestId);
    }

    /** A standing changed (here or on another server): this server's board is computed again soon. */
    public void changedHere(long contestId) {
        if (refreshing.add(contestId)) {
            scheduler.schedule(() -> refresh(contestId), debounceMillis, TimeUnit.MILLISECONDS);
        }
    }

    public AutoCloseable subscribe(Consumer<Leaderboard> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void refresh(long contestId) {
        refreshing.remove(contestId);
        try {
            Leaderboard board = store.compute(contestId);
            if (cacheEnabled) {
                cache.put(contestId, board);
            }
            for (Consumer<Leaderboard> listener : listeners) {
                listener.accept(board);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=leaderboard-refresh-failed contestId=" + contestId, e);
        }
    }
}
