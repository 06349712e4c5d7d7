package org.codearena.matchmaker.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.matchmaker.application.QueueFullException;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.matchmaker.domain.model.MatchBoard;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.matchmaker.domain.model.TicketQueue;
import org.codearena.matchmaker.infrastructure.messaging.RunDispatcher;
import org.codearena.matchmaker.infrastructure.persistence.LeaseStore;
import org.codearena.matchmaker.infrastructure.persistence.RunStore;
import org.codearena.protocol.RunnerAnnouncement;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The matchmaker: one per server, started after the schema. Decisions are made under a short lock on the
 * in-memory board; sending the matched jobs (database read, JMS send) happens after the lock is released,
 * so that submissions never wait for a dispatch. The payload never passes through here.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MatchmakerBean implements Matchmaker {

    private static final Logger LOG = Logger.getLogger(MatchmakerBean.class.getName());

    @Inject
    @ConfigProperty(name = "codearena.runner.heartbeat.timeout.millis", defaultValue = "3000")
    long heartbeatTimeoutMillis;

    @Inject
    SchedulingSettings scheduling;

    @Inject
    @ConfigProperty(name = "codearena.matchmaker.lease.millis", defaultValue = "5000")
    long leaseMillis;

    @Inject
    @ConfigProperty(name = "codearena.server.id")
    java.util.Optional<String> configuredServerId;

    @EJB
    private LeaseStore lease;

    @EJB
    private RunStore runStore;

    @EJB
    private RunDispatcher dispatcher;

    private final ReentrantLock lock = new ReentrantLock();
    private final java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();
    private MatchBoard board;
    private String serverId;
    /** the fencing epoch of our lease, 0 while another server holds it */
    private volatile long epoch;
    private volatile long leaseValidUntilNanos;

    @PostConstruct
    void start() {
        serverId = configuredServerId.filter(id -> !id.isBlank()).orElseGet(MatchmakerBean::defaultServerId);
        board = newBoard();
        LOG.info(() -> "event=matchmaker-started serverId=" + serverId + " heartbeatTimeoutMillis="
                + heartbeatTimeoutMillis + " leaseMillis=" + leaseMillis + " mode=" + scheduling.mode());
        holdLease();
    }

    @PreDestroy
    void stop() {
        if (epoch != 0) {
            lease.release(serverId);
            LOG.info(() -> "event=matchmaker-lease-released serverId=" + serverId + " epoch=" + epoch);
        }
    }

    private static String defaultServerId() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "server";
        }
        return host + "-" + ProcessHandle.current().pid() + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    private MatchBoard newBoard() {
        return new MatchBoard(Duration.ofMillis(heartbeatTimeoutMillis), scheduling.policy(), scheduling.mode());
    }

    /**
     * Takes or renews the lease. A server that becomes the holder rebuilds its queue from the
     * accepted-but-unfinished runs in PostgreSQL; one that loses it stops matching (its runs are in the
     * database, and the new holder rebuilds from there).
     */
    private void holdLease() {
        java.util.OptionalLong held;
        try {
            held = lease.acquireOrRenew(serverId, leaseMillis);
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=matchmaker-lease-unreachable serverId=" + serverId + " error=" + e);
            held = java.util.OptionalLong.empty();
            if (epoch != 0 && System.nanoTime() < leaseValidUntilNanos) {
                return; // our lease has not run out yet: keep going, try again at the next tick
            }
        }
        if (held.isPresent()) {
            leaseValidUntilNanos = System.nanoTime() + leaseMillis * 1_000_000L;
            long newEpoch = held.getAsLong();
            if (newEpoch != epoch) {
                List<Ticket> unfinished = runStore.unfinishedTickets();
                locked(() -> {
                    MatchBoard rebuilt = newBoard();
                    unfinished.forEach(rebuilt::submit);
                    board.runners().forEach(runner -> rebuilt.runnerSeen(runner.runnerId(), runner.runnerTypes(),
                            runner.host(), runner.lastHeartbeat()));
                    board = rebuilt;
                    epoch = newEpoch;
                    return null;
                });
                LOG.info(() -> "event=matchmaker-lease-taken serverId=" + serverId + " epoch=" + newEpoch
                        + " requeued=" + unfinished.size());
            }
        } else if (epoch != 0) {
            LOG.warning(() -> "event=matchmaker-lease-lost serverId=" + serverId + " epoch=" + epoch);
            locked(() -> {
                MatchBoard follower = newBoard();
                board.runners().forEach(runner -> follower.runnerSeen(runner.runnerId(), runner.runnerTypes(),
                        runner.host(), runner.lastHeartbeat()));
                board = follower;
                epoch = 0;
                return null;
            });
        }
    }

    private <T> T locked(Supplier<T> decision) {
        lock.lock();
        try {
            return decision.get();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void admit(PriorityClass priorityClass) {
        if (!locked(() -> board.admits(priorityClass))) {
            throw new QueueFullException(priorityClass, scheduling.retryAfterSeconds());
        }
    }

    @Override
    public void submit(Ticket ticket) {
        if (epoch == 0) {
            // another server holds the matchmaker: the run is safe in PostgreSQL and the holder's rebuild finds it
            LOG.fine(() -> "event=ticket-left-for-holder runId=" + ticket.runId() + " serverId=" + serverId);
            return;
        }
        dispatch(locked(() -> board.submit(ticket)));
    }

    @Override
    public void runnerAnnounced(RunnerAnnouncement announcement) {
        Instant now = Instant.now();
        dispatch(locked(() -> switch (announcement.kind()) {
            case REGISTER, HEARTBEAT -> board.runnerSeen(announcement.runnerId(),
                    new HashSet<>(announcement.runnerTypes()), announcement.host(), now, announcement.currentRunId());
            case GOODBYE -> board.runnerLeft(announcement.runnerId());
        }));
        long seen = announcement.newestEpoch();
        if (epoch != 0 && seen > epoch) {
            lease.raiseEpochAbove(serverId, seen).ifPresent(raised -> {
                epoch = raised;
                LOG.warning(() -> "event=matchmaker-epoch-raised serverId=" + serverId + " epoch=" + raised
                        + " runnerId=" + announcement.runnerId() + " agentSawEpoch=" + seen);
            });
        }
        if (announcement.kind() != RunnerAnnouncement.Kind.HEARTBEAT) {
            LOG.info(() -> "event=runner-" + announcement.kind().name().toLowerCase()
                    + " runnerId=" + announcement.runnerId() + " types=" + announcement.runnerTypes()
                    + " host=" + announcement.host());
        }
    }

    @Override
    public void runFinished(String runnerId, long runId, boolean failed) {
        dispatch(locked(() -> board.runFinished(runnerId, runId, failed)));
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        // a slow database must not make two ticks (and two rebuilds) run at once
        if (!ticking.compareAndSet(false, true)) {
            return;
        }
        try {
            tickOnce();
        } finally {
            ticking.set(false);
        }
    }

    private void tickOnce() {
        holdLease();
        List<Match> matches = locked(() -> {
            List<Ticket> requeued = board.expireSilentRunners(Instant.now());
            requeued.forEach(ticket -> LOG.warning(() -> "event=runner-lost-job-requeued runId=" + ticket.runId()));
            return board.matchAll();
        });
        dispatch(matches);
    }

    @Override
    public MatchmakerSnapshot snapshot() {
        return locked(() -> {
            Instant now = Instant.now();
            Map<String, Map<PriorityClass, TicketQueue.LineView>> waitingLines = board.lines();
            Map<String, Set<PriorityClass>> allLines = new TreeMap<>(board.statistics().lines());
            waitingLines.forEach((type, byClass) -> allLines.computeIfAbsent(type,
                    t -> EnumSet.noneOf(PriorityClass.class)).addAll(byClass.keySet()));
            List<MatchmakerSnapshot.LineView> queues = new ArrayList<>();
            allLines.forEach((type, classes) -> classes.forEach(priorityClass -> {
                TicketQueue.LineView waitingNow = waitingLines.getOrDefault(type, Map.of()).get(priorityClass);
                queues.add(new MatchmakerSnapshot.LineView(type, priorityClass.name(),
                        waitingNow == null ? 0 : waitingNow.depth(),
                        waitingNow == null ? 0 : Duration.between(waitingNow.oldestAcceptedAt(), now).toMillis(),
                        board.statistics().waitOf(type, priorityClass),
                        board.statistics().roundTripOf(type, priorityClass)));
            }));
            List<MatchmakerSnapshot.RunnerView> runners = board.runners().stream()
                    .map(runner -> new MatchmakerSnapshot.RunnerView(runner.runnerId(),
                            runner.runnerTypes().stream().sorted().toList(), runner.host(),
                            runner.isFree() ? "IDLE" : "BUSY",
                            runner.isFree() ? null : runner.currentJob().runId(),
                            runner.lastHeartbeat(), runner.jobsDone(), runner.jobsFailed(), runner.ownQueue().size()))
                    .toList();
            return new MatchmakerSnapshot(serverId, epoch, queues, runners);
        });
    }

    /** Sends each match; outside the lock. A match that cannot be sent frees its runner again. */
    private void dispatch(List<Match> matches) {
        for (Match match : matches) {
            boolean sent;
            try {
                long fencingEpoch = epoch;
                if (fencingEpoch == 0) {
                    locked(() -> {
                        board.dispatchFailed(match);
                        return null;
                    });
                    continue;
                }
                sent = dispatcher.dispatch(match, fencingEpoch);
            } catch (RuntimeException e) {
                // broker or database unreachable: keep the ticket at the front; the next tick retries
                LOG.warning(() -> "event=dispatch-failed runId=" + match.ticket().runId()
                        + " runnerId=" + match.runnerId() + " error=" + e);
                locked(() -> {
                    board.dispatchFailed(match);
                    return null;
                });
                continue;
            }
            if (!sent) {
                // the run is gone, finished or out of attempts: free the runner for the next one
                dispatch(locked(() -> board.runFinished(match.runnerId(), match.ticket().runId(), true)));
            }
        }
    }
}
