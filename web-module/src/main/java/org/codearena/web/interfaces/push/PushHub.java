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
    /** ADMINs' console pages: sent the queues, runners, alerts and autoscaler every {@value #CONSOLE_MILLIS} ms */
    private final Set<Session> consoleWatchers = ConcurrentHashMap.newKeySet();
    static final long CONSOLE_MILLIS = 2000;
    private java.util.concurrent.ScheduledFuture<?> consoleFeed;

    @Resource
    private jakarta.enterprise.concurrent.ManagedScheduledExecutorService scheduler;

    @EJB
    private org.codearena.matchmaker.application.Matchmaker matchmaker;

    @EJB
    private org.codearena.matchmaker.application.Autoscaling autoscaling;

    @EJB
    private org.codearena.web.application.Alerts alerts;

    @EJB
    private org.codearena.web.application.ConsoleHistory history;

    @EJB
    private Leaderboards leaderboards;

    @EJB
    private org.codearena.web.application.ContestService contests;

    void subscribe(@Observes @Initialized(ApplicationScoped.class) Object start) {
        subscription = runEvents.subscribe(this::runChanged);
        leaderboardSubscription = leaderboards.subscribe(this::leaderboardChanged);
        consoleFeed = scheduler.scheduleAtFixedRate(this::feedConsoles, CONSOLE_MILLIS, CONSOLE_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void unsubscribe() {
        if (consoleFeed != null) {
            consoleFeed.cancel(false);
        }
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
        added(sessionsByAccount, accountId, session);
        if (httpSessionId != null) {
            added(socketsByHttpSession, httpSessionId, session);
        }
    }

    void leave(Session session) {
        sessionsByAccount.keySet().forEach(account -> removed(sessionsByAccount, account, session));
        unwatch(session);
        socketsByHttpSession.keySet().forEach(id -> removed(socketsByHttpSession, id, session));
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

    /** Watches an existing contest (unknown slugs are ignored: the list holds contests, not what clients send). */
    void watchContest(String slug, Session session) {
        unwatch(session);
        if (!contests.exists(slug)) {
            return;
        }
        added(watchersByContest, slug, session);
    }

    private void unwatch(Session session) {
        watchersByContest.keySet().forEach(slug -> removed(watchersByContest, slug, session));
        consoleWatchers.remove(session);
    }

    /** An ADMIN's console page: it is sent what the console shows, every two seconds, while it is open. */
    void watchConsole(Session session, org.codearena.web.interfaces.rest.Caller caller) {
        if (caller == null || !caller.roles().contains(org.codearena.web.interfaces.rest.Caller.ADMIN)) {
            send(session, JSON.toJson(Map.of("type", "error", "error", "the admin console is for the ADMIN role")));
            return;
        }
        consoleWatchers.add(session);
        executor.execute(() -> send(session, consoleMessage()));
    }

    /** One snapshot for every console open on this server, serialised once. */
    private void feedConsoles() {
        if (consoleWatchers.isEmpty()) {
            return;
        }
        String message;
        try {
            message = consoleMessage();
        } catch (RuntimeException e) {
            LOG.fine(() -> "event=console-feed-failed error=" + e);
            return;
        }
        for (Session session : consoleWatchers) {
            send(session, message);
        }
    }

    private String consoleMessage() {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("type", "console");
        message.put("matchmaker", matchmaker.snapshot());
        message.put("alerts", alerts.current());
        message.put("scaling", autoscaling.status());
        java.util.List<org.codearena.web.application.ConsoleHistory.Sample> samples = history.lastHour();
        message.put("sample", samples.isEmpty() ? null : samples.get(samples.size() - 1));
        return JSON.toJson(message);
    }

    /** Adds to the key's set, made when missing: atomic per key, so that no add lands in a set being dropped. */
    private static <K> void added(Map<K, Set<Session>> map, K key, Session session) {
        map.compute(key, (k, sessions) -> {
            Set<Session> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            set.add(session);
            return set;
        });
    }

    /** Removes from the key's set, and the set once empty: the maps hold who is connected, nothing more. */
    private static <K> void removed(Map<K, Set<Session>> map, K key, Session session) {
        map.computeIfPresent(key, (k, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
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
