package org.codearena.matchmaker.application.internal;

import jakarta.annotation.PostConstruct;
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

    @EJB
    private RunStore runStore;

    @EJB
    private RunDispatcher dispatcher;

    private final ReentrantLock lock = new ReentrantLock();
    private MatchBoard board;

    @PostConstruct
    void rebuildQueue() {
        board = new MatchBoard(Duration.ofMillis(heartbeatTimeoutMillis), scheduling.policy(), scheduling.mode());
        List<Ticket> unfinished = runStore.unfinishedTickets();
        unfinished.forEach(board::submit);
        LOG.info(() -> "event=matchmaker-started requeued=" + unfinished.size()
                + " heartbeatTimeoutMillis=" + heartbeatTimeoutMillis + " mode=" + scheduling.mode());
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
        dispatch(locked(() -> board.submit(ticket)));
    }

    @Override
    public void runnerAnnounced(RunnerAnnouncement announcement) {
        Instant now = Instant.now();
        dispatch(locked(() -> switch (announcement.kind()) {
            case REGISTER, HEARTBEAT -> board.runnerSeen(announcement.runnerId(),
                    new HashSet<>(announcement.runnerTypes()), announcement.host(), now);
            case GOODBYE -> board.runnerLeft(announcement.runnerId());
        }));
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
    void expireSilentRunners() {
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
            return new MatchmakerSnapshot(queues, runners);
        });
    }

    /** Sends each match; outside the lock. A match that cannot be sent frees its runner again. */
    private void dispatch(List<Match> matches) {
        for (Match match : matches) {
            boolean sent;
            try {
                sent = dispatcher.dispatch(match);
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
