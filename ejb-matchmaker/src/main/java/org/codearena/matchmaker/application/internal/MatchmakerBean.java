package org.codearena.matchmaker.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Lock;
import jakarta.ejb.LockType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.matchmaker.domain.model.MatchBoard;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.matchmaker.infrastructure.messaging.RunDispatcher;
import org.codearena.matchmaker.infrastructure.persistence.RunStore;
import org.codearena.protocol.RunnerAnnouncement;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The matchmaker: one per server, started after the schema. Decisions happen under the bean's write lock;
 * the payload never passes through here, the dispatcher reads it from PostgreSQL for the matched runner.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
@ConcurrencyManagement(ConcurrencyManagementType.CONTAINER)
@Lock(LockType.WRITE)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class MatchmakerBean implements Matchmaker {

    private static final Logger LOG = Logger.getLogger(MatchmakerBean.class.getName());

    @Inject
    @ConfigProperty(name = "codearena.runner.heartbeat.timeout.millis", defaultValue = "3000")
    long heartbeatTimeoutMillis;

    @EJB
    private RunStore runStore;

    @EJB
    private RunDispatcher dispatcher;

    private MatchBoard board;

    @PostConstruct
    void rebuildQueue() {
        board = new MatchBoard(Duration.ofMillis(heartbeatTimeoutMillis));
        List<Ticket> unfinished = runStore.unfinishedTickets();
        unfinished.forEach(board::submit);
        LOG.info(() -> "event=matchmaker-started requeued=" + unfinished.size()
                + " heartbeatTimeoutMillis=" + heartbeatTimeoutMillis);
    }

    @Override
    public void submit(Ticket ticket) {
        dispatch(board.submit(ticket));
    }

    @Override
    public void runnerAnnounced(RunnerAnnouncement announcement) {
        switch (announcement.kind()) {
            case REGISTER, HEARTBEAT -> dispatch(board.runnerSeen(announcement.runnerId(),
                    new HashSet<>(announcement.runnerTypes()), announcement.host(), Instant.now()));
            case GOODBYE -> dispatch(board.runnerLeft(announcement.runnerId()));
        }
        if (announcement.kind() != RunnerAnnouncement.Kind.HEARTBEAT) {
            LOG.info(() -> "event=runner-" + announcement.kind().name().toLowerCase()
                    + " runnerId=" + announcement.runnerId() + " types=" + announcement.runnerTypes()
                    + " host=" + announcement.host());
        }
    }

    @Override
    public void runFinished(String runnerId, long runId) {
        dispatch(board.runFinished(runnerId, runId));
    }

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void expireSilentRunners() {
        List<Ticket> requeued = board.expireSilentRunners(Instant.now());
        requeued.forEach(ticket -> LOG.warning(() -> "event=runner-lost-job-requeued runId=" + ticket.runId()));
        dispatch(board.matchAll());
    }

    @Override
    @Lock(LockType.READ)
    public MatchmakerSnapshot snapshot() {
        List<MatchmakerSnapshot.RunnerView> runners = board.runners().stream()
                .map(runner -> new MatchmakerSnapshot.RunnerView(runner.runnerId(),
                        runner.runnerTypes().stream().sorted().toList(), runner.host(),
                        runner.isFree() ? "IDLE" : "BUSY",
                        runner.isFree() ? null : runner.currentJob().runId(),
                        runner.lastHeartbeat(), runner.jobsDone()))
                .toList();
        return new MatchmakerSnapshot(board.queueDepths(), runners);
    }

    private void dispatch(List<Match> matches) {
        for (Match match : matches) {
            boolean sent;
            try {
                sent = dispatcher.dispatch(match);
            } catch (RuntimeException e) {
                // broker or database unreachable: keep the ticket at the front; the next tick retries
                LOG.warning(() -> "event=dispatch-failed runId=" + match.ticket().runId()
                        + " runnerId=" + match.runnerId() + " error=" + e);
                board.dispatchFailed(match);
                continue;
            }
            if (!sent) {
                // the run is gone, finished or out of attempts: free the runner for the next one
                dispatch(board.runFinished(match.runnerId(), match.ticket().runId()));
            }
        }
    }
}
