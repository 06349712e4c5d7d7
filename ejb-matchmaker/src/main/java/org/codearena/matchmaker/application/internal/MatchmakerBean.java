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
import org.codearena.matchmaker.application.HolderQueues;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.matchmaker.application.QueueFullException;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.matchmaker.domain.model.MatchBoard;
import org.codearena.matchmaker.domain.model.Runner;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.matchmaker.domain.model.TicketQueue;
import org.codearena.matchmaker.infrastructure.cluster.ClusterBus;
import org.codearena.matchmaker.infrastructure.cluster.ClusterMessage;
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
    /** a holder status older than this is not used: the holder may be gone */
    private static final long HOLDER_STATUS_FRESH_MILLIS = 3_000;

    @Inject
    @ConfigProperty(name = "codearena.runner.heartbeat.timeout.millis", defaultValue = "3000")
    long heartbeatTimeoutMillis;

    @Inject
    SchedulingSettings scheduling;

    @Inject
    @ConfigProperty(name = "codearena.matchmaker.lease.millis", defaultValue = "4000")
    long leaseMillis;

    @Inject
    @ConfigProperty(name = "codearena.matchmaker.sweep.seconds", defaultValue = "10")
    long sweepSeconds;

    @Inject
    ServerIdentity identity;

    @EJB
    private ClusterBus cluster;

    @EJB
    private LeaseStore lease;

    @EJB
    private RunStore runStore;

    @EJB
    private org.codearena.matchmaker.infrastructure.persistence.ControlStore controls;

    @EJB
    private org.codearena.matchmaker.application.RunEvents runEvents;

    @EJB
    private org.codearena.matchmaker.infrastructure.messaging.SubmissionHandOff submissionHandOff;

    @EJB
    private RunDispatcher dispatcher;

    @EJB
    private org.codearena.matchmaker.infrastructure.messaging.DirectSender direct;

    private final ReentrantLock lock = new ReentrantLock();
    /** each runner agent's current start (from its announcements): every job is addressed to one start */
    private final Map<String, String> incarnations = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();
    private MatchBoard board;
    /** the queue bound of each class, as configured here (published to the other servers) */
    private Map<PriorityClass, Long> bounds;
    private String serverId;
    /** the fencing epoch of our lease, 0 while another server holds it */
    private volatile long epoch;
    private volatile long leaseValidUntilNanos;
    private long nextSweepNanos;
    /** the holder's latest queue depths, for backpressure on a server that does not hold the matchmaker */
    private volatile HolderQueues holderStatus;

    @PostConstruct
    void start() {
        serverId = identity.serverId();
        board = newBoard();
        Map<PriorityClass, Long> configuredBounds = new java.util.EnumMap<>(PriorityClass.class);
        for (PriorityClass priorityClass : PriorityClass.values()) {
            configuredBounds.put(priorityClass, (long) scheduling.policy().maxQueued(priorityClass));
        }
        bounds = Map.copyOf(configuredBounds);
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
                List<Match> matches = locked(() -> {
                    MatchBoard rebuilt = newBoard();
                    Map<Long, Ticket> byRun = new java.util.LinkedHashMap<>();
                    unfinished.forEach(ticket -> byRun.put(ticket.runId(), ticket));
                    for (Runner runner : board.runners()) {
                        rebuilt.runnerSeen(runner.runnerId(), runner.runnerTypes(), runner.host(),
                                runner.lastHeartbeat(), runner.reportedRunId());
                        // a run the agent says it executes (sent by the previous holder) is not sent again
                        Ticket running = byRun.remove(runner.reportedRunId());
                        if (running != null) {
                            rebuilt.adopt(runner.runnerId(), running);
                        }
                    }
                    board = rebuilt;
                    epoch = newEpoch;
                    return rebuilt.submitAll(byRun.values());
                });
                nextSweepNanos = System.nanoTime() + sweepSeconds * 1_000_000_000L;
                LOG.info(() -> "event=matchmaker-lease-taken serverId=" + serverId + " epoch=" + newEpoch
                        + " unfinished=" + unfinished.size() + " dispatchedNow=" + matches.size());
                dispatch(matches);
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
        boolean room;
        if (epoch != 0) {
            room = locked(() -> board.admits(priorityClass));
        } else {
            // another server holds the queue: judge by the depths it published last (at most a second old)
            HolderQueues status = holderStatus;
            room = status == null || status.at().isBefore(Instant.now().minusMillis(HOLDER_STATUS_FRESH_MILLIS))
                    || status.admits(priorityClass);
        }
        if (!room) {
            throw new QueueFullException(priorityClass, scheduling.retryAfterSeconds());
        }
    }

    @Override
    public void submit(Ticket ticket) {
        if (epoch == 0) {
            // another server holds the matchmaker: the run is safe in PostgreSQL; the ticket goes to the holder
            cluster.publish(new ClusterMessage.TicketAccepted(serverId, ticket));
            return;
        }
        dispatch(locked(() -> board.submit(ticket)));
    }

    @Override
    public java.util.Optional<org.codearena.matchmaker.application.Reservation> reserveAtOnce(Ticket ticket) {
        long fencingEpoch = epoch;
        if (fencingEpoch == 0) {
            return java.util.Optional.empty();
        }
        // the epoch is read again under the lock: a lease lost meanwhile must not reserve on the follower's board
        return locked(() -> epoch == fencingEpoch ? board.matchAtOnce(ticket) : java.util.Optional.<Match>empty())
                .map(match -> new org.codearena.matchmaker.application.Reservation(
                        match, fencingEpoch, incarnations.getOrDefault(match.runnerId(), "")));
    }

    @Override
    public boolean wouldReserveAtOnce(String runnerType, PriorityClass priorityClass) {
        return epoch != 0 && locked(() -> board.wouldMatchAtOnce(runnerType, priorityClass));
    }

    @Override
    public void sendReserved(org.codearena.matchmaker.application.Reservation reservation,
                             org.codearena.domain.model.run.Run run) {
        if (!locked(() -> board.holds(reservation.match()))) {
            // taken back while the run was being stored (a slow commit past the heartbeat timeout, the agent
            // restarted, the lease changed hands): the run joins its line like any other
            LOG.warning(() -> "event=reservation-lost runId=" + run.getId() + " runnerId=" + reservation.runnerId());
            submit(reservation.match().ticket());
            return;
        }
        try {
            dispatcher.sendClaimed(reservation.match(), reservation.epoch(), reservation.runnerIncarnation(), run);
        } catch (RuntimeException e) {
            // as any failed dispatch: the claim was undone, the ticket goes back to the front, the next tick retries
            LOG.warning(() -> "event=dispatch-failed runId=" + run.getId() + " runnerId=" + reservation.runnerId()
                    + " error=" + e);
            locked(() -> {
                board.dispatchFailed(reservation.match());
                return null;
            });
        }
    }

    @Override
    public void releaseReserved(org.codearena.matchmaker.application.Reservation reservation) {
        dispatch(locked(() -> board.notNeeded(reservation.match())));
    }

    @Override
    public void ticketFromPeer(Ticket ticket) {
        if (epoch != 0) {
            dispatch(locked(() -> board.submit(ticket)));
        }
    }

    @Override
    public void runnerFreedByPeer(String runnerId, long runId, boolean failed) {
        if (epoch != 0) {
            dispatch(locked(() -> board.runFinished(runnerId, runId, failed)));
        }
    }

    @Override
    public void holderStatus(HolderQueues queues) {
        holderStatus = queues;
    }

    @Override
    public void runnerAnnounced(RunnerAnnouncement announcement) {
        Instant now = Instant.now();
        String incarnation = announcement.incarnation();
        String known = incarnation.isEmpty() ? null : incarnations.put(announcement.runnerId(), incarnation);
        // a heartbeat from a new start of the agent whose registration we missed: that start has none of our jobs
        boolean restarted = known != null && !known.equals(incarnation);
        dispatch(locked(() -> switch (restarted ? RunnerAnnouncement.Kind.REGISTER : announcement.kind()) {
            case REGISTER -> board.runnerRegistered(announcement.runnerId(),
                    new HashSet<>(announcement.runnerTypes()), announcement.host(), now);
            case HEARTBEAT -> board.runnerSeen(announcement.runnerId(),
                    new HashSet<>(announcement.runnerTypes()), announcement.host(), now, announcement.currentRunId());
            case GOODBYE -> {
                incarnations.remove(announcement.runnerId());
                yield board.runnerLeft(announcement.runnerId());
            }
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
        if (epoch == 0) {
            // the holder is elsewhere: tell it the runner is free
            cluster.publish(new ClusterMessage.RunnerFreed(serverId, runnerId, runId, failed));
        }
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
        if (epoch != 0) {
            applyControls();
        }
        List<Match> matches = locked(() -> {
            List<Ticket> requeued = board.expireSilentRunners(Instant.now());
            requeued.forEach(ticket -> LOG.warning(() -> "event=runner-lost-job-requeued runId=" + ticket.runId()));
            return board.matchAll();
        });
        dispatch(matches);
        if (epoch != 0) {
            Map<PriorityClass, Long> queued = locked(() -> {
                Map<PriorityClass, Long> depths = new java.util.EnumMap<>(PriorityClass.class);
                for (PriorityClass priorityClass : PriorityClass.values()) {
                    depths.put(priorityClass, board.queued(priorityClass));
                }
                return depths;
            });
            cluster.publish(new ClusterMessage.HolderStatus(serverId, epoch, queued, bounds, Instant.now()));
            if (System.nanoTime() - nextSweepNanos >= 0) {
                nextSweepNanos = System.nanoTime() + sweepSeconds * 1_000_000_000L;
                sweep();
            }
        }
    }

    /**
     * The safety net: every run accepted and not finished in PostgreSQL that the board does not know (a
     * ticket message lost, a run accepted on another server while this one was taking over) joins its line.
     */
    private void sweep() {
        List<Ticket> unfinished = runStore.unfinishedTickets();
        long[] found = new long[1];
        List<Match> matches = locked(() -> {
            long before = totalQueued();
            List<Match> matched = board.submitAll(unfinished);
            found[0] = totalQueued() + matched.size() - before;
            return matched;
        });
        if (found[0] > 0) {
            LOG.warning(() -> "event=matchmaker-sweep-found-runs count=" + found[0] + " serverId=" + serverId);
        }
        dispatch(matches);
    }

    private long totalQueued() {
        long total = 0;
        for (PriorityClass priorityClass : PriorityClass.values()) {
            total += board.queued(priorityClass);
        }
        return total;
    }

    /** Operators' decisions, as stored: runners draining, lanes paused (read every second by the holder). */
    private void applyControls() {
        org.codearena.matchmaker.infrastructure.persistence.ControlStore.Controls now;
        try {
            now = controls.current();
        } catch (RuntimeException e) {
            LOG.fine(() -> "event=matchmaker-controls-unreadable error=" + e);
            return;
        }
        dispatch(locked(() -> board.control(now.drainingRunners(), now.pausedLines())));
    }

    @Override
    public void drain(String runnerId, boolean draining, String by) {
        controls.set(org.codearena.matchmaker.infrastructure.persistence.ControlStore.DRAIN, runnerId, draining, by);
        LOG.info(() -> "event=runner-" + (draining ? "draining" : "in-service") + " runnerId=" + runnerId + " by=" + by);
        if (epoch != 0) {
            applyControls();
        }
    }

    @Override
    public void pause(String runnerType, PriorityClass priorityClass, boolean paused, String by) {
        controls.set(org.codearena.matchmaker.infrastructure.persistence.ControlStore.PAUSE,
                TicketQueue.lineKey(runnerType, priorityClass), paused, by);
        LOG.info(() -> "event=lane-" + (paused ? "paused" : "resumed") + " runnerType=" + runnerType + " class="
                + priorityClass + " by=" + by);
        if (epoch != 0) {
            applyControls();
        }
    }

    @Override
    public boolean stop(long runId, String by) {
        java.util.Optional<RunStore.Stopped> stopped = runStore.stopWaiting(runId, by);
        if (stopped.isEmpty()) {
            return stopRunning(runId, by);
        }
        LOG.info(() -> "event=run-stopped runId=" + runId + " by=" + by);
        if (epoch != 0) {
            locked(() -> {
                board.forget(runId);
                return null;
            });
        }
        if (stopped.get().judged()) {
            submissionHandOff.finished(stopped.get().result());
        } else {
            runEvents.publish(new org.codearena.matchmaker.application.RunChanged(runId, stopped.get().accountId(),
                    org.codearena.domain.model.run.RunStatus.FINISHED.name()));
        }
        return true;
    }

    /**
     * A running run: its runner is asked to end it (a stop request on the runner's own queue); the runner reports
     * the verdict STOPPED as its result. Should the runner die first, the run is given to another runner as any
     * run of a dead runner is.
     */
    private boolean stopRunning(long runId, String by) {
        java.util.Optional<String> runner = runStore.runnerOfRunning(runId);
        if (runner.isEmpty()) {
            return false;
        }
        try {
            direct.toQueue(org.codearena.protocol.Destinations.runnerStopQueue(runner.get()), 60_000,
                    message -> message.setLong("runId", runId));
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException("could not ask " + runner.get() + " to stop run " + runId + ": " + e, e);
        }
        LOG.info(() -> "event=run-stop-sent runId=" + runId + " runnerId=" + runner.get() + " by=" + by);
        return true;
    }

    @Override
    public boolean move(long runId, PriorityClass to, String by) {
        java.util.Optional<Ticket> moved = runStore.reclassifyWaiting(runId, to);
        if (moved.isEmpty()) {
            return false;
        }
        LOG.info(() -> "event=run-moved runId=" + runId + " class=" + to + " by=" + by);
        if (epoch != 0) {
            dispatch(locked(() -> board.reclassify(moved.get())));
        } else {
            cluster.publish(new ClusterMessage.TicketMoved(serverId, moved.get()));
        }
        return true;
    }

    @Override
    public void ticketMovedByPeer(Ticket ticket) {
        if (epoch != 0) {
            dispatch(locked(() -> board.reclassify(ticket)));
        }
    }

    @Override
    public MatchmakerSnapshot snapshot() {
        return locked(() -> {
            Instant now = Instant.now();
            Map<String, Map<PriorityClass, TicketQueue.LineView>> waitingLines = board.lines();
            Map<String, Set<PriorityClass>> allLines = new TreeMap<>(board.statistics().lines());
            waitingLines.forEach((type, byClass) -> allLines.computeIfAbsent(type,
                    t -> EnumSet.noneOf(PriorityClass.class)).addAll(byClass.keySet()));
            for (String line : board.pausedLines()) {
                String[] parts = line.split("\\|");
                allLines.computeIfAbsent(parts[0], t -> EnumSet.noneOf(PriorityClass.class))
                        .add(PriorityClass.valueOf(parts[1]));
            }
            List<MatchmakerSnapshot.LineView> queues = new ArrayList<>();
            allLines.forEach((type, classes) -> classes.forEach(priorityClass -> {
                TicketQueue.LineView waitingNow = waitingLines.getOrDefault(type, Map.of()).get(priorityClass);
                queues.add(new MatchmakerSnapshot.LineView(type, priorityClass.name(),
                        waitingNow == null ? 0 : waitingNow.depth(),
                        waitingNow == null ? 0 : Duration.between(waitingNow.oldestAcceptedAt(), now).toMillis(),
                        board.statistics().waitOf(type, priorityClass),
                        board.statistics().roundTripOf(type, priorityClass),
                        board.pausedLines().contains(TicketQueue.lineKey(type, priorityClass))));
            }));
            List<MatchmakerSnapshot.RunnerView> runners = board.runners().stream()
                    .map(runner -> new MatchmakerSnapshot.RunnerView(runner.runnerId(),
                            runner.runnerTypes().stream().sorted().toList(), runner.host(),
                            runner.isDraining() ? (runner.isFree() ? "DRAINED" : "DRAINING")
                                    : runner.isFree() ? "IDLE" : "BUSY",
                            runner.isFree() ? null : runner.currentJob().runId(),
                            runner.lastHeartbeat(), runner.jobsDone(), runner.jobsFailed(), runner.ownQueue().size()))
                    .toList();
            return new MatchmakerSnapshot(serverId, epoch, queues, runners, board.recentLoads());
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
                sent = dispatcher.dispatch(match, fencingEpoch,
                        incarnations.getOrDefault(match.runnerId(), ""));
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
                dispatch(locked(() -> board.notNeeded(match)));
            }
        }
    }
}
