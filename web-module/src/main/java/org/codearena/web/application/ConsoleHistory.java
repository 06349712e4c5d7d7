package org.codearena.web.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;

/**
 * The last hour of the queues, for the admin console's charts: every {@value #EVERY_SECONDS} s, each lane's
 * depth, oldest wait, runs dispatched and finished per second (from the matchmaker's counts) and its wait and round
 * trip percentiles, and how many runners are in each state. Kept in this server's memory, so that the charts
 * survive a page reload (not a server restart); on a server that does not hold the matchmaker the lanes are
 * empty and the console says which server holds it.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ConsoleHistory {

    private static final Logger LOG = Logger.getLogger(ConsoleHistory.class.getName());
    static final int EVERY_SECONDS = 10;
    /** an hour of samples */
    static final int KEPT = 3600 / EVERY_SECONDS;

    /**
     * One lane in one sample; arrivals are what joined the line (dispatched plus the growth of its depth: a line's
     * depth is what arrived less what left it).
     */
    public record Lane(String runnerType, String priorityClass, int depth, long oldestWaitMillis,
                       double arrivedPerSecond, double dispatchedPerSecond, double finishedPerSecond, Long waitP50, Long waitP90,
                       Long waitP99, Long roundTripP50, Long roundTripP90, Long roundTripP99) {
    }

    public record Sample(Instant at, List<Lane> lanes, Map<String, Integer> runnersByState) {
    }

    @EJB
    private Matchmaker matchmaker;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    private final ArrayDeque<Sample> samples = new ArrayDeque<>();
    private Map<String, long[]> lastCounts = new HashMap<>();
    private Instant lastAt;
    private ScheduledFuture<?> sampling;

    @PostConstruct
    void start() {
        sampling = scheduler.scheduleAtFixedRate(this::sample, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (sampling != null) {
            sampling.cancel(false);
        }
    }

    /** The samples of the last hour, oldest first. */
    public synchronized List<Sample> lastHour() {
        return List.copyOf(samples);
    }

    synchronized void sample() {
        try {
            MatchmakerSnapshot snapshot = matchmaker.snapshot();
            Instant now = Instant.now();
            double seconds = lastAt == null ? 0 : Math.max(1, now.toEpochMilli() - lastAt.toEpochMilli()) / 1000.0;
            Map<String, long[]> counts = new HashMap<>();
            List<Lane> lanes = new ArrayList<>();
            for (MatchmakerSnapshot.LineView line : snapshot.queues()) {
                String key = line.runnerType() + "|" + line.priorityClass();
                long dispatched = line.waitMillis() == null ? 0 : line.waitMillis().count();
                long finished = line.roundTripMillis() == null ? 0 : line.roundTripMillis().count();
                counts.put(key, new long[] {dispatched, finished, line.depth()});
                long[] before = lastCounts.get(key);
                double dispatches = before == null || seconds == 0 ? 0 : Math.max(0, dispatched - before[0]) / seconds;
                double arrivals = before == null || seconds == 0 ? 0
                        : Math.max(0, dispatched - before[0] + line.depth() - before[2]) / seconds;
                double completions = before == null || seconds == 0 ? 0 : Math.max(0, finished - before[1]) / seconds;
                var wait = line.waitMillis();
                var trip = line.roundTripMillis();
                lanes.add(new Lane(line.runnerType(), line.priorityClass(), line.depth(), line.oldestWaitMillis(),
                        arrivals, dispatches, completions, wait == null ? null : wait.p50(), wait == null ? null : wait.p90(),
                        wait == null ? null : wait.p99(), trip == null ? null : trip.p50(),
                        trip == null ? null : trip.p90(), trip == null ? null : trip.p99()));
            }
            Map<String, Integer> states = new HashMap<>();
            snapshot.runners().forEach(runner -> states.merge(runner.state(), 1, Integer::sum));
            samples.addLast(new Sample(now, List.copyOf(lanes), Map.copyOf(states)));
            while (samples.size() > KEPT) {
                samples.removeFirst();
            }
            lastCounts = counts;
            lastAt = now;
        } catch (RuntimeException e) {
            LOG.fine(() -> "event=console-sample-failed error=" + e);
        }
    }
}
