package org.codearena.web.interfaces.push;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.codearena.contest.Leaderboard;
import org.codearena.contest.Leaderboards;
import org.codearena.domain.model.run.Run;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.web.application.RunRepository;
import org.codearena.web.application.SubmissionService;
import org.codearena.web.interfaces.rest.ContestResource;
import org.codearena.web.interfaces.rest.RunView;
import org.codearena.web.interfaces.rest.SubmissionView;

/**
 * Open push sockets by account; sends each run change (or, for a run that judges a submission, the
 * submission) to its owner's sockets, off the caller's thread.
 */
@ApplicationScoped
public class PushHub {

    private static final Logger LOG = Logger.getLogger(PushHub.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();

    private final Map<Long, Set<Session>> sessionsByAccount = new ConcurrentHashMap<>();
    /** the sockets of each page login, closed when it ends */
    private final Map<String, Set<Session>> socketsByHttpSession = new ConcurrentHashMap<>();

    @EJB
    private RunEvents runEvents;

    @EJB
    private RunRepository runs;

    @EJB
    private SubmissionService submissions;

    @Resource
    private ManagedExecutorService executor;

    private AutoCloseable subscription;
    private AutoCloseable leaderboardSubscription;
    private final Map<String, Set<Session>> watchersByContest = new ConcurrentHashMap<>();

    @EJB
    private Leaderboards leaderboards;

    void subscribe(@Observes @Initialized(ApplicationScoped.class) Object start) {
        subscription = runEvents.subscribe(this::runChanged);
        leaderboardSubscription = leaderboards.subscribe(this::leaderboardChanged);
    }

    @PreDestroy
    void unsubscribe() {
        for (AutoCloseable open : new AutoCloseable[] {subscription, leaderboardSubscription}) {
            if (open != null) {
                try {
                    open.close();
                } catch (Exception e) {
                    LOG.fine(() -> "event=push-unsubscribe-failed error=" + e);
                }
            }
        }
    }

    void join(long accountId, Session session, String httpSessionId) {
        sessionsByAccount.computeIfAbsent(accountId, id -> ConcurrentHashMap.newKeySet()).add(session);
        if (httpSessionId != null) {
            socketsByHttpSession.computeIfAbsent(httpSessionId, id -> ConcurrentHashMap.newKeySet()).add(session);
        }
    }

    void leave(Session session) {
        sessionsByAccount.values().forEach(sessions -> sessions.remove(session));
        watchersByContest.values().forEach(sessions -> sessions.remove(session));
        socketsByHttpSession.values().forEach(sessions -> sessions.remove(session));
    }

    /** The page's login ended (logout, expiry): its sockets close, and say why. */
    void httpSessionEnded(String httpSessionId) {
        Set<Session> sockets = socketsByHttpSession.remove(httpSessionId);
        if (sockets == null) {
            return;
        }
        for (Session socket : sockets) {
            leave(socket);
            try {
                socket.close(new jakarta.websocket.CloseReason(jakarta.websocket.CloseReason.CloseCodes.NORMAL_CLOSURE,
                        "logged out"));
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "event=push-close-failed session=" + socket.getId() + " error=" + e);
            }
        }
    }

    void watchContest(String slug, Session session) {
        watchersByContest.values().forEach(sessions -> sessions.remove(session));
        watchersByContest.computeIfAbsent(slug, s -> ConcurrentHashMap.newKeySet()).add(session);
    }

    /** One serialisation per change, the same text to every watcher. */
    private void leaderboardChanged(Leaderboard board) {
        Set<Session> watchers = watchersByContest.get(board.slug());
        if (watchers == null || watchers.isEmpty()) {
            return;
        }
        executor.execute(() -> {
            String message = ContestResource.rendered(board, null, 100);
            for (Session session : watchers) {
                send(session, message);
            }
        });
    }

    private void runChanged(RunChanged event) {
        Set<Session> sessions = sessionsByAccount.get(event.accountId());
        if (sessions == null || sessions.isEmpty()) {
            return;
        }
        Run stored = event.run();
        if (stored != null && stored.getSubmissionId() == null && stored.getAccountId() == event.accountId()) {
            // a plain run, as it was just stored here: nothing to read again
            String message = JSON.toJson(RunView.of(stored));
            executor.execute(() -> sessions.forEach(session -> send(session, message)));
            return;
        }
        executor.execute(() -> {
            // a run that judges a submission is shown as the submission, with its tests so far
            String message = submissions.detailForRun(event.runId(), event.accountId())
                    .map(detail -> JSON.toJson(SubmissionView.of(detail)))
                    .orElseGet(() -> JSON.toJson(RunView.of(runs.ownedBy(event.runId(), event.accountId()))));
            for (Session session : sessions) {
                send(session, message);
            }
        });
    }

    private static void send(Session session, String message) {
        // one write at a time per socket: the container's basic remote is not safe for concurrent senders
        synchronized (session) {
            if (!session.isOpen()) {
                return;
            }
            try {
                session.getBasicRemote().sendText(message);
            } catch (IOException e) {
                LOG.fine(() -> "event=push-send-failed session=" + session.getId() + " error=" + e);
            }
        }
    }
}
