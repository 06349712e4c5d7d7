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
import org.codearena.push.Outbox;
import org.codearena.push.PushTopics;
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

    /** the sockets of each page login, closed when it ends */
    private final Map<String, Set<Session>> socketsByHttpSession = new ConcurrentHashMap<>();
    private final PushTopics topics = PushTopics.get();
    static final String OUTBOX = "codearena.outbox";

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
    /** ADMINs' console pages: sent the queues, runners, alerts and autoscaler every {@value #CONSOLE_MILLIS} ms */
    static final String CONSOLE = "console";
    static final long CONSOLE_MILLIS = 2000;
    private java.util.concurrent.ScheduledFuture<?> consoleFeed;
    private java.util.concurrent.ScheduledFuture<?> sweeper;
    private java.util.concurrent.ScheduledFuture<?> expirySweeper;
    private java.util.concurrent.ScheduledFuture<?> laneWatch;
    /** a direct write that has not returned after this long is left to itself and its socket written asynchronously */
    static final long STALL_MILLIS = 50;
    /** writes left stuck at once beyond which the stuck socket is closed as well (ending its write) */
    static final int MAX_PARKED = 32;

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

    @jakarta.inject.Inject
    private org.codearena.web.application.chat.ChatHub chat;

    /** the close code of a socket whose bearer token expired: the client gets a new token and opens another */
    static final jakarta.websocket.CloseReason.CloseCode TOKEN_EXPIRED =
            jakarta.websocket.CloseReason.CloseCodes.getCloseCode(4003);

    void subscribe(@Observes @Initialized(ApplicationScoped.class) Object start) {
        // broadcasts are written in one lane per core, off the thread that published them; a lane whose write is
        // stuck for STALL_MILLIS goes on without it
        laneWatch = topics.deliverInLanes(executor, Math.max(2, Runtime.getRuntime().availableProcessors()),
                scheduler, STALL_MILLIS, MAX_PARKED, Outbox.Limits.DEFAULT.stallMillis());
        subscription = runEvents.subscribe(this::runChanged);
        leaderboardSubscription = leaderboards.subscribe(this::leaderboardChanged);
        consoleFeed = scheduler.scheduleAtFixedRate(this::feedConsoles, CONSOLE_MILLIS, CONSOLE_MILLIS,
                java.util.concurrent.TimeUnit.MILLISECONDS);
        sweeper = scheduler.scheduleAtFixedRate(topics::sweep, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
        expirySweeper = scheduler.scheduleAtFixedRate(this::closeExpiredSockets, EXPIRY_SWEEP_MILLIS,
                EXPIRY_SWEEP_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void unsubscribe() {
        if (consoleFeed != null) {
            consoleFeed.cancel(false);
        }
        if (sweeper != null) {
            sweeper.cancel(false);
        }
        if (expirySweeper != null) {
            expirySweeper.cancel(false);
        }
        if (laneWatch != null) {
            laneWatch.cancel(false);
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

    /**
     * A socket opened: it gets an outbox (its writes never hold anyone up) and follows its person's topic; a client
     * coming back names the topics and the last sequence it saw of each ({@code resume}: "user:7@12,contest:cup@3"),
     * and gets what it missed first.
     */
    void join(org.codearena.web.interfaces.rest.Caller caller, Session session, String httpSessionId, String resume) {
        Outbox outbox = new Outbox(session, Outbox.Limits.DEFAULT, executor);
        session.getUserProperties().put(OUTBOX, outbox);
        if (httpSessionId != null) {
            added(socketsByHttpSession, httpSessionId, session);
        }
        Map<String, Long> resumed = resumePositions(resume);
        String own = userTopic(caller.accountId());
        topics.subscribe(own, outbox, resumed.get(own));
        resumed.forEach((topic, seq) -> {
            if (topic.startsWith("contest:") && contests.exists(topic.substring("contest:".length()))) {
                topics.subscribe(topic, outbox, seq);
            } else if (topic.equals(CONSOLE) && caller.roles().contains(org.codearena.web.interfaces.rest.Caller.ADMIN)) {
                topics.subscribe(topic, outbox, seq);
            } else if (topic.startsWith("chat:")) {
                try {
                    chat.join(outbox, sender(caller), topic.substring("chat:".length()), seq);
                } catch (org.codearena.chat.ChatException refused) {
                    // a room the person may no longer enter is not resumed
                }
            }
        });
        Object expires = session.getUserProperties().get(SessionCallerConfigurator.EXPIRES);
        if (expires instanceof java.time.Instant at) {
            // one sweep for every token socket (a timer each would cost the scheduler a scan of all of them)
            expiring.put(session, at.toEpochMilli());
        }
    }

    /** token sockets and when their token expires: closed by the sweep every {@value #EXPIRY_SWEEP_MILLIS} ms */
    private final Map<Session, Long> expiring = new ConcurrentHashMap<>();
    static final long EXPIRY_SWEEP_MILLIS = 5_000;

    private void closeExpiredSockets() {
        long now = System.currentTimeMillis();
        expiring.forEach((session, at) -> {
            if (!session.isOpen()) {
                expiring.remove(session);
            } else if (at <= now) {
                expiring.remove(session);
                executor.execute(() -> closeExpired(session));
            }
        });
    }

    private void closeExpired(Session session) {
        if (!session.isOpen()) {
            return;
        }
        leave(session);
        try {
            session.close(new jakarta.websocket.CloseReason(TOKEN_EXPIRED, "the token expired; get a new one"));
        } catch (IOException | RuntimeException e) {
            LOG.fine(() -> "event=push-close-failed session=" + session.getId() + " error=" + e);
        }
    }

    static org.codearena.web.application.chat.ChatHub.Sender sender(org.codearena.web.interfaces.rest.Caller caller) {
        return new org.codearena.web.application.chat.ChatHub.Sender(caller.accountId(), caller.username(),
                caller.roles());
    }

    /**
     * A chat command on the socket: {"chat": "join"|"leave"|"send"|"typing"|"read", "room": KEY, ...}. What is refused
     * comes back as {"type": "chat-error", ...} with the words of the refusal; a send is acknowledged with
     * {"type": "chat-ack", "clientId", "id"} once it is stored.
     */
    void chat(Session session, org.codearena.web.interfaces.rest.Caller caller, Map<?, ?> request) {
        Outbox outbox = outbox(session);
        if (outbox == null || caller == null) {
            return;
        }
        String command = String.valueOf(request.get("chat"));
        String room = request.get("room") == null ? null : String.valueOf(request.get("room"));
        String clientId = request.get("clientId") instanceof String id ? id : null;
        try {
            switch (command) {
                case "join" -> chat.join(outbox, sender(caller), room, null);
                case "leave" -> chat.leave(outbox, room);
                case "typing" -> chat.typing(sender(caller), room);
                case "read" -> chat.read(sender(caller), room, number(request.get("id")));
                case "send" -> {
                    Object replyTo = request.get("replyTo");
                    chat.send(sender(caller), room, new org.codearena.web.application.chat.ChatHub.Outgoing(
                                    request.get("text") instanceof String text ? text : null, clientId,
                                    replyTo == null ? null : number(replyTo),
                                    request.get("to") instanceof String to ? to : null))
                            .whenComplete((stored, failed) -> {
                                Map<String, Object> answer = new java.util.LinkedHashMap<>();
                                answer.put("type", failed == null ? "chat-ack" : "chat-error");
                                answer.put("room", room);
                                answer.put("clientId", clientId);
                                if (failed == null) {
                                    answer.put("id", stored.id());
                                } else {
                                    answer.put("status", 503);
                                    answer.put("error", "the message was not stored; it is sent again");
                                }
                                outbox.offer(JSON.toJson(answer));
                            });
                }
                default -> throw new org.codearena.chat.ChatException(400, "chat commands are join, leave, send, "
                        + "typing and read");
            }
        } catch (org.codearena.chat.ChatException refused) {
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("type", "chat-error");
            answer.put("room", room);
            answer.put("clientId", clientId);
            answer.put("command", command);
            answer.put("status", refused.status());
            answer.put("error", refused.getMessage());
            if (refused.retryAfterSeconds() > 0) {
                answer.put("retryAfter", refused.retryAfterSeconds());
            }
            outbox.offer(JSON.toJson(answer));
        } catch (RuntimeException e) {
            LOG.log(java.util.logging.Level.WARNING, "event=chat-command-failed command=" + command, e);
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("type", "chat-error");
            answer.put("room", room);
            answer.put("clientId", clientId);
            answer.put("command", command);
            answer.put("status", org.codearena.web.infrastructure.persistence.DatabaseOutage.causedBy(e) ? 503 : 500);
            answer.put("error", "the chat could not do this just now; try again in a moment");
            outbox.offer(JSON.toJson(answer));
        }
    }

    private static long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new org.codearena.chat.ChatException(400, "a message id is a number");
        }
    }

    void leave(Session session) {
        expiring.remove(session);
        Outbox outbox = outbox(session);
        if (outbox != null) {
            chat.closed(outbox);
            topics.remove(outbox);
            outbox.closed();
        }
        socketsByHttpSession.keySet().forEach(id -> removed(socketsByHttpSession, id, session));
    }

    static String userTopic(long accountId) {
        return PushTopics.userTopic(accountId);
    }

    private static Outbox outbox(Session session) {
        return (Outbox) session.getUserProperties().get(OUTBOX);
    }

    /** "user:7@12,contest:cup@3" as topics and sequences; what does not parse is left out. */
    static Map<String, Long> resumePositions(String resume) {
        Map<String, Long> positions = new java.util.LinkedHashMap<>();
        if (resume == null || resume.isBlank() || resume.length() > 2000) {
            return positions;
        }
        for (String part : resume.split(",")) {
            int at = part.lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            try {
                positions.put(part.substring(0, at).strip(), Long.parseLong(part.substring(at + 1).strip()));
            } catch (NumberFormatException e) {
                // left out
            }
        }
        return positions;
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
        Outbox outbox = outbox(session);
        if (outbox == null) {
            return;
        }
        for (String topic : topics.topicsOf(outbox)) {
            if (topic.startsWith("contest:") && !topic.equals("contest:" + slug)) {
                topics.unsubscribe(topic, outbox);
            }
        }
        if (!contests.exists(slug) || topics.topicsOf(outbox).contains("contest:" + slug)) {
            return;
        }
        topics.subscribe("contest:" + slug, outbox, null);
    }

    /** An ADMIN's console page: it is sent what the console shows, every two seconds, while it is open. */
    void watchConsole(Session session, org.codearena.web.interfaces.rest.Caller caller) {
        Outbox outbox = outbox(session);
        if (outbox == null) {
            return;
        }
        if (caller == null || !caller.roles().contains(org.codearena.web.interfaces.rest.Caller.ADMIN)) {
            outbox.offer(JSON.toJson(Map.of("type", "error", "error", "the admin console is for the ADMIN role")));
            return;
        }
        if (!topics.topicsOf(outbox).contains(CONSOLE)) {
            topics.subscribe(CONSOLE, outbox, null);
        }
        executor.execute(() -> outbox.offer(consoleMessage()));
    }

    /** One snapshot for every console open on this server, serialised once. */
    private void feedConsoles() {
        if (topics.subscribers(CONSOLE) == 0) {
            return;
        }
        String message;
        try {
            message = consoleMessage();
        } catch (RuntimeException e) {
            LOG.fine(() -> "event=console-feed-failed error=" + e);
            return;
        }
        topics.publish(CONSOLE, message);
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

    /** One serialisation per change, the same frame to every watcher (kept for those who come back). */
    private void leaderboardChanged(Leaderboard board) {
        String topic = "contest:" + board.slug();
        if (!topics.known(topic)) {
            return;
        }
        executor.execute(() -> topics.publish(topic, ContestResource.rendered(board, null, 100)));
    }

    /**
     * A run changed: its owner's topic gets it (a run that judges a submission as the submission, with its tests so
     * far), while the owner has a socket or had one in the last minutes (and may come back for it).
     */
    private void runChanged(RunChanged event) {
        String topic = userTopic(event.accountId());
        if (!topics.known(topic)) {
            return;
        }
        Run stored = event.run();
        if (stored != null && stored.getSubmissionId() == null && stored.getAccountId() == event.accountId()) {
            // a plain run, as it was just stored here: nothing to read again, and nothing that waits, so it is
            // published from this thread (the sockets are written by the topics' lanes, off it): a hop through
            // the executor first cost the round trip about a millisecond on a busy machine
            topics.publish(topic, JSON.toJson(RunView.of(stored)));
            return;
        }
        executor.execute(() -> topics.publish(topic, submissions.detailForRun(event.runId(), event.accountId())
                .map(detail -> JSON.toJson(SubmissionView.of(detail)))
                .orElseGet(() -> JSON.toJson(RunView.of(runs.ownedBy(event.runId(), event.accountId()))))));
    }
}
