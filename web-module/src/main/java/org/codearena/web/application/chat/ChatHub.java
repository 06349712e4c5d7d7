package org.codearena.web.application.chat;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.codearena.chat.ChatException;
import org.codearena.chat.ChatLimits;
import org.codearena.chat.ChatMessage;
import org.codearena.chat.ChatStore;
import org.codearena.chat.ChatText;
import org.codearena.chat.Presence;
import org.codearena.chat.RoomKey;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;
import org.codearena.push.Outbox;
import org.codearena.push.PushTopics;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The chat on this server: who is in which room, sending (checked, numbered, out to the room at once, stored in
 * the next batch), typing, read marks, moderation, and the frames that go to the other servers over the cluster
 * topic. Its frames travel on the page's one push socket: a room is the topic {@code chat:KEY}; what only one person
 * may see (an acknowledgement, a private answer, a mention) goes on their own topic {@code user:ID}.
 */
@ApplicationScoped
public class ChatHub {

    private static final Logger LOG = Logger.getLogger(ChatHub.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    /** the cluster notices' topic for the chat's frames and presence */
    static final String CLUSTER_TOPIC = "chat";
    private static final long ROOM_CACHE_MILLIS = 30_000;
    private static final long MUTE_CACHE_MILLIS = 10_000;
    private static final long TYPING_EVERY_MILLIS = 2_000;
    private static final long PRESENCE_HEARTBEAT_MILLIS = 10_000;

    /** Who is sending: the caller of a request or the owner of a socket. */
    public record Sender(long accountId, String username, Set<String> roles) {
    }

    /** What a person sends. {@code to}: a recruiter's private answer to one candidate (a username). */
    public record Outgoing(String text, String clientId, Long replyTo, String to) {
    }

    private record Cached<T>(T value, long until) {
    }

    private final PushTopics topics = PushTopics.get();
    private final Presence presence = new Presence(30_000);
    private final Map<String, Cached<ChatRooms.Room>> roomCache = new ConcurrentHashMap<>();
    private final Map<String, Cached<Optional<Optional<Instant>>>> muteCache = new ConcurrentHashMap<>();
    private final Map<String, Cached<ChatMessage>> recentByClientId = new ConcurrentHashMap<>();
    private final Map<String, Long> lastTyping = new ConcurrentHashMap<>();
    private final Map<String, Cached<String>> presenceFrames = new ConcurrentHashMap<>();
    /** per socket: the rooms it is in, and whose socket it is */
    private final Map<Outbox, Map<String, Long>> joined = new ConcurrentHashMap<>();
    private ChatLimits limits;
    private ChatStore store;
    private ScheduledFuture<?> flusher;
    private ScheduledFuture<?> presenceTicker;
    private ScheduledFuture<?> sweeper;
    private long lastHeartbeat;

    @Resource(lookup = "jdbc/arena", shareable = false)
    private DataSource dataSource;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Resource
    private ManagedExecutorService executor;

    @EJB
    private ChatRooms rooms;

    @EJB
    private ClusterNotices cluster;

    @Inject
    @ConfigProperty(name = "codearena.chat.messages.per.window", defaultValue = "8")
    int perWindow;

    @Inject
    @ConfigProperty(name = "codearena.chat.window.seconds", defaultValue = "10")
    int windowSeconds;

    @Inject
    @ConfigProperty(name = "codearena.chat.store.waiting.max", defaultValue = "50000")
    int waitingMax;

    @Inject
    @ConfigProperty(name = "codearena.chat.flush.millis", defaultValue = "200")
    long flushMillis;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        limits = new ChatLimits(perWindow, windowSeconds * 1000L);
        store = new ChatStore(dataSource, waitingMax);
        flusher = scheduler.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        presenceTicker = scheduler.scheduleWithFixedDelay(this::presenceTick, 1, 1, TimeUnit.SECONDS);
        sweeper = scheduler.scheduleWithFixedDelay(this::sweep, 60, 60, TimeUnit.SECONDS);
        cluster.listenText(CLUSTER_TOPIC, this::fromOtherServer);
    }

    @PreDestroy
    void stop() {
        for (ScheduledFuture<?> task : new ScheduledFuture<?>[] {flusher, presenceTicker, sweeper}) {
            if (task != null) {
                task.cancel(false);
            }
        }
        if (store != null) {
            store.flush();
        }
    }

    /** Writes what waits (also called before a moderator's action reads the stored messages). */
    public void flush() {
        try {
            store.flush();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "event=chat-flush-error", e);
        }
    }

    /** Once a minute: forgets what no longer counts (expired cache entries, rate windows, typing marks). */
    private void sweep() {
        long now = System.currentTimeMillis();
        recentByClientId.values().removeIf(cached -> cached.until() < now);
        limits.sweep(now);
        roomCache.values().removeIf(cached -> cached.until() < now);
        muteCache.values().removeIf(cached -> cached.until() < now);
        lastTyping.values().removeIf(at -> at < now - 60_000);
        presenceFrames.values().removeIf(cached -> cached.until() < now);
    }

    public ChatStore store() {
        return store;
    }

    public Presence presence() {
        return presence;
    }

    /** The room as this person may use it (cached for half a minute: entering is checked against the database). */
    public ChatRooms.Room room(RoomKey key, Sender sender) {
        String cacheKey = sender.accountId() + "|" + key.key();
        long now = System.currentTimeMillis();
        Cached<ChatRooms.Room> cached = roomCache.get(cacheKey);
        if (cached != null && cached.until() > now) {
            return cached.value();
        }
        ChatRooms.Room room = rooms.enter(key, sender.accountId(), sender.roles());
        roomCache.put(cacheKey, new Cached<>(room, now + ROOM_CACHE_MILLIS));
        return room;
    }

    private void forgetRoom(String roomKey) {
        roomCache.keySet().removeIf(cacheKey -> cacheKey.endsWith("|" + roomKey));
    }

    // ---------------------------------------------------------------- sockets

    /** A socket enters a room: it follows the room's topic (from {@code after} on), and counts as present. */
    public ChatRooms.Room join(Outbox outbox, Sender sender, String roomText, Long after) {
        RoomKey key = RoomKey.parse(roomText);
        ChatRooms.Room room = room(key, sender);
        Map<String, Long> in = joined.computeIfAbsent(outbox, o -> new ConcurrentHashMap<>());
        if (in.putIfAbsent(key.key(), sender.accountId()) == null) {
            topics.subscribe(key.topic(), outbox, after);
            presence.join(key.key(), sender.accountId(), sender.username());
        }
        outbox.offer(presenceFrameText(key.key(), room.slowModeSeconds()));
        return room;
    }

    /**
     * The room's presence frame as a joining socket is sent it: made at most once a second per room (a join storm of
     * hundreds a second into one room would otherwise sort and serialise the same summary for each); whoever joined
     * since is in the next summary, sent to the room within the second.
     */
    private String presenceFrameText(String room, int slowModeSeconds) {
        long now = System.currentTimeMillis();
        String cacheKey = room + "|" + slowModeSeconds;
        Cached<String> cached = presenceFrames.get(cacheKey);
        if (cached != null && cached.until() > now) {
            return cached.value();
        }
        String text = JSON.toJson(presenceFrame(presence.summary(room), slowModeSeconds));
        presenceFrames.put(cacheKey, new Cached<>(text, now + 1_000));
        return text;
    }

    public void leave(Outbox outbox, String roomText) {
        RoomKey key = RoomKey.parse(roomText);
        Map<String, Long> in = joined.get(outbox);
        Long accountId = in == null ? null : in.remove(key.key());
        if (accountId != null) {
            topics.unsubscribe(key.topic(), outbox);
            presence.leave(key.key(), accountId);
        }
    }

    /** A socket closed: it leaves every room it was in. */
    public void closed(Outbox outbox) {
        Map<String, Long> in = joined.remove(outbox);
        if (in != null) {
            in.forEach((room, accountId) -> presence.leave(room, accountId));
        }
    }

    /** "X is typing" to the room, at most every two seconds per person and room (not in an assessment's room). */
    public void typing(Sender sender, String roomText) {
        RoomKey key = RoomKey.parse(roomText);
        ChatRooms.Room room = room(key, sender);
        if (key.kind() == RoomKey.Kind.ASSESSMENT && !room.staff()) {
            return;
        }
        long now = System.currentTimeMillis();
        String typist = sender.accountId() + "|" + key.key();
        Long last = lastTyping.get(typist);
        if (last != null && now - last < TYPING_EVERY_MILLIS) {
            return;
        }
        lastTyping.put(typist, now);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-typing");
        frame.put("room", key.key());
        frame.put("user", sender.username());
        publish(key.topic(), JSON.toJson(frame));
    }

    /** The person has read the room up to the message (written with the next flush). */
    public void read(Sender sender, String roomText, long messageId) {
        RoomKey key = RoomKey.parse(roomText);
        store.markRead(sender.accountId(), room(key, sender).id(), messageId);
    }

    // ---------------------------------------------------------------- sending

    /**
     * Sends a message: checked (room, text, mute, rate, slow mode), numbered, out to the room at once; the future
     * completes when it is stored. A message sent again with the same client id (after a reconnect) is the same
     * message: not sent twice.
     */
    public CompletableFuture<ChatMessage> send(Sender sender, String roomText, Outgoing outgoing) {
        RoomKey key = RoomKey.parse(roomText);
        ChatRooms.Room room = room(key, sender);
        String body = ChatText.clean(outgoing.text());
        String clientId = clientId(outgoing.clientId());
        if (clientId != null) {
            Cached<ChatMessage> before = recentByClientId.get(sender.accountId() + ":" + clientId);
            if (before != null) {
                return CompletableFuture.completedFuture(before.value());
            }
        }
        muted(sender.accountId(), room).ifPresent(until -> {
            throw new ChatException(403, until.map(at -> "a moderator muted you in this room until " + at
                    + "; you can read it meanwhile").orElse("a moderator muted you in this room; you can read it"));
        });
        if (!room.staff()) {
            limits.take(sender.accountId(), key.key(), room.slowModeSeconds(), System.currentTimeMillis());
        }
        Long recipientId = null;
        String questionState = null;
        ChatMessage answered = null;
        if (key.kind() == RoomKey.Kind.ASSESSMENT) {
            if (!room.staff()) {
                // a candidate's message is a question to the recruiter, seen by the two of them only
                recipientId = room.ownerId();
                questionState = "OPEN";
            } else if (outgoing.replyTo() != null) {
                answered = question(room, outgoing.replyTo());
                recipientId = answered.authorId();
            } else if (outgoing.to() != null && !outgoing.to().isBlank()) {
                recipientId = rooms.person(outgoing.to()).map(ChatRooms.Person::id).orElseThrow(() ->
                        new ChatException(404, "there is no one called '" + outgoing.to() + "'"));
                if (!mayEnter(room, recipientId)) {
                    // a private message in this room is for one of its candidates, not for anyone at all
                    throw new ChatException(400, outgoing.to() + " is not a candidate of this assessment");
                }
            }
        }
        ChatMessage message = new ChatMessage(store.nextId(), room.id(), key.key(), sender.accountId(),
                sender.username(), recipientId, clientId, body, outgoing.replyTo(), questionState, Instant.now(), false);
        CompletableFuture<ChatMessage> stored = store.append(message);
        if (clientId != null) {
            recentByClientId.put(sender.accountId() + ":" + clientId,
                    new Cached<>(message, System.currentTimeMillis() + 600_000));
        }
        String frame = JSON.toJson(messageFrame(message));
        if (recipientId == null) {
            publish(key.topic(), frame);
        } else {
            publish(userTopic(sender.accountId()), frame);
            publish(userTopic(recipientId), frame);
        }
        if (answered != null) {
            ChatMessage question = answered;
            stored.thenRunAsync(() -> questionAnswered(room, question, "ANSWERED"), executor);
        }
        if (body.indexOf('@') >= 0) {
            executor.execute(() -> mentions(message, room));
        }
        if (key.kind() == RoomKey.Kind.DIRECT) {
            long other = key.otherThan(sender.accountId());
            Map<String, Object> notice = new LinkedHashMap<>();
            notice.put("type", "chat-direct");
            notice.put("room", key.key());
            notice.put("from", sender.username());
            notice.put("id", message.id());
            notice.put("excerpt", ChatText.excerpt(body, 80));
            publish(userTopic(other), JSON.toJson(notice));
        }
        return stored;
    }

    private static String clientId(String clientId) {
        if (clientId == null || clientId.isBlank()) {
            return null;
        }
        if (clientId.length() > 40 || !clientId.matches("[A-Za-z0-9_.:-]+")) {
            throw new ChatException(400, "clientId is at most 40 letters, digits, '_', '.', ':' or '-'");
        }
        return clientId;
    }

    private Optional<Optional<Instant>> muted(long accountId, ChatRooms.Room room) {
        String cacheKey = accountId + "|" + room.id();
        long now = System.currentTimeMillis();
        Cached<Optional<Optional<Instant>>> cached = muteCache.get(cacheKey);
        if (cached != null && cached.until() > now) {
            return cached.value();
        }
        Optional<Optional<Instant>> mute = rooms.muted(accountId, room.id());
        muteCache.put(cacheKey, new Cached<>(mute, now + MUTE_CACHE_MILLIS));
        return mute;
    }

    /** A question of the room (stored or waiting), for its recruiter's answer. */
    private ChatMessage question(ChatRooms.Room room, long messageId) {
        for (ChatMessage waiting : store.waitingIn(room.id())) {
            if (waiting.id() == messageId && waiting.questionState() != null) {
                return waiting;
            }
        }
        ChatRooms.Stored stored = rooms.message(messageId).orElseThrow(() ->
                new ChatException(404, "there is no message " + messageId + " to answer"));
        if (!room.key().key().equals(stored.roomKey()) || stored.questionState() == null) {
            throw new ChatException(400, "message " + messageId + " is not a question of this room");
        }
        return new ChatMessage(messageId, room.id(), room.key().key(), stored.authorId(), null, stored.recipientId(),
                null, "", null, stored.questionState(), Instant.now(), false);
    }

    /** The recruiter answered (or marked) a question: stored, and both of them told. */
    public void questionAnswered(ChatRooms.Room room, ChatMessage question, String state) {
        store.flush();
        rooms.questionState(question.id(), state);
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-question");
        frame.put("room", room.key().key());
        frame.put("id", question.id());
        frame.put("state", state);
        String text = JSON.toJson(frame);
        publish(userTopic(question.authorId()), text);
        if (room.ownerId() != null) {
            publish(userTopic(room.ownerId()), text);
        }
    }

    /** Marks a question OPEN or ANSWERED by hand (the room's staff). */
    public void markQuestion(Sender sender, long messageId, String state) {
        if (!"OPEN".equals(state) && !"ANSWERED".equals(state)) {
            throw new ChatException(400, "a question's state is OPEN or ANSWERED");
        }
        store.flush();
        ChatRooms.Stored stored = rooms.message(messageId).orElseThrow(() ->
                new ChatException(404, "there is no message " + messageId));
        ChatRooms.Room room = room(RoomKey.parse(stored.roomKey()), sender);
        if (!room.staff()) {
            throw new ChatException(403, "only the assessment's recruiter marks its questions");
        }
        ChatMessage question = question(room, messageId);
        questionAnswered(room, question, state);
    }

    /** Tells each person named with @ who may read the room (on their own topic). */
    private void mentions(ChatMessage message, ChatRooms.Room room) {
        try {
            for (String name : ChatText.mentions(message.body())) {
                Optional<ChatRooms.Person> person = rooms.person(name);
                if (person.isEmpty() || person.get().id() == message.authorId()) {
                    continue;
                }
                long id = person.get().id();
                boolean mayRead = switch (room.key().kind()) {
                    case DIRECT -> room.key().between(id);
                    case ASSESSMENT -> message.recipientId() != null ? message.recipientId() == id : mayEnter(room, id);
                    default -> true;
                };
                if (!mayRead) {
                    continue;
                }
                Map<String, Object> frame = new LinkedHashMap<>();
                frame.put("type", "chat-mention");
                frame.put("room", room.key().key());
                frame.put("title", room.title());
                frame.put("id", message.id());
                frame.put("from", message.author());
                frame.put("excerpt", ChatText.excerpt(message.body(), 120));
                publish(userTopic(id), JSON.toJson(frame));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event=chat-mentions-failed id=" + message.id(), e);
        }
    }

    private boolean mayEnter(ChatRooms.Room room, long accountId) {
        try {
            rooms.enter(room.key(), accountId, Set.of());
            return true;
        } catch (ChatException refused) {
            return false;
        }
    }

    // ---------------------------------------------------------------- moderation

    /** Deletes a message: its author, or the room's staff. Everyone in the room sees it go. */
    public void delete(Sender sender, long messageId) {
        store.flush();
        ChatRooms.Stored stored = rooms.message(messageId).orElseThrow(() ->
                new ChatException(404, "there is no message " + messageId));
        RoomKey key = RoomKey.parse(stored.roomKey());
        ChatRooms.Room room = room(key, sender);
        long authorId = stored.authorId();
        if (authorId != sender.accountId() && !room.staff()) {
            throw new ChatException(403, "only its author or a moderator can delete a message");
        }
        rooms.delete(messageId, sender.accountId());
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-deleted");
        frame.put("room", key.key());
        frame.put("id", messageId);
        String text = JSON.toJson(frame);
        if (stored.recipientId() == null) {
            publish(key.topic(), text);
        } else {
            publish(userTopic(authorId), text);
            publish(userTopic(stored.recipientId()), text);
        }
    }

    /** A moderator mutes a person in a room (roomText null: everywhere). */
    public Instant mute(Sender sender, String username, String roomText, Integer minutes, String reason) {
        requireModerator(sender);
        ChatRooms.Person person = rooms.person(username).orElseThrow(() ->
                new ChatException(404, "there is no one called '" + username + "'"));
        if (minutes != null && (minutes < 1 || minutes > 525_600)) {
            throw new ChatException(400, "minutes is between 1 and 525600 (a year), or left out for until lifted");
        }
        if (reason == null || reason.isBlank() || reason.length() > 300) {
            throw new ChatException(400, "say why (a reason of 1 to 300 characters): the person is told");
        }
        Long roomId = roomText == null || roomText.isBlank() ? null : room(RoomKey.parse(roomText), sender).id();
        Instant until = rooms.mute(person.id(), roomId, minutes, reason.strip(), sender.accountId());
        muteCache.keySet().removeIf(cacheKey -> cacheKey.startsWith(person.id() + "|"));
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-muted");
        frame.put("room", roomText == null || roomText.isBlank() ? null : RoomKey.parse(roomText).key());
        frame.put("until", until == null ? null : until.toString());
        frame.put("reason", reason.strip());
        publish(userTopic(person.id()), JSON.toJson(frame));
        return until;
    }

    public int unmute(Sender sender, String username, String roomText) {
        requireModerator(sender);
        ChatRooms.Person person = rooms.person(username).orElseThrow(() ->
                new ChatException(404, "there is no one called '" + username + "'"));
        Long roomId = roomText == null || roomText.isBlank() ? null : room(RoomKey.parse(roomText), sender).id();
        int lifted = rooms.unmute(person.id(), roomId);
        muteCache.keySet().removeIf(cacheKey -> cacheKey.startsWith(person.id() + "|"));
        return lifted;
    }

    /** Slow mode: one message per person every so many seconds (0: off); the room's staff set it. */
    public void slowMode(Sender sender, String roomText, int seconds) {
        RoomKey key = RoomKey.parse(roomText);
        ChatRooms.Room room = room(key, sender);
        if (!room.staff()) {
            throw new ChatException(403, "slow mode is set by a moderator");
        }
        if (seconds < 0 || seconds > 3600) {
            throw new ChatException(400, "slow mode is between 0 (off) and 3600 seconds");
        }
        rooms.slowMode(room.id(), seconds);
        forgetRoom(key.key());
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-room");
        frame.put("room", key.key());
        frame.put("slowModeSeconds", seconds);
        publish(key.topic(), JSON.toJson(frame), key.key());
    }

    private static void requireModerator(Sender sender) {
        if (!sender.roles().contains(ChatRooms.MODERATOR) && !sender.roles().contains(ChatRooms.ADMIN)) {
            throw new ChatException(403, "muting is for the MODERATOR role");
        }
    }

    // ---------------------------------------------------------------- frames, here and on the other servers

    private static String userTopic(long accountId) {
        return PushTopics.userTopic(accountId);
    }

    /** Out to the topic's sockets here and, over the cluster topic, on every other server. */
    private void publish(String topic, String frame) {
        publish(topic, frame, null);
    }

    /** The same, telling the other servers that this room's settings changed (they read it again). */
    private void publish(String topic, String frame, String changedRoom) {
        if (topics.known(topic)) {
            topics.publish(topic, frame);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("t", "frame");
        envelope.put("topic", topic);
        envelope.put("frame", frame);
        if (changedRoom != null) {
            envelope.put("changedRoom", changedRoom);
        }
        cluster.announceText(CLUSTER_TOPIC, JSON.toJson(envelope));
    }

    private void fromOtherServer(String text) {
        Map<?, ?> envelope = JSON.fromJson(text, Map.class);
        Object kind = envelope.get("t");
        if ("frame".equals(kind)) {
            String topic = (String) envelope.get("topic");
            if (topics.known(topic)) {
                topics.publish(topic, (String) envelope.get("frame"));
            }
            if (envelope.get("changedRoom") instanceof String changed) {
                forgetRoom(changed);
            }
        } else if ("presence".equals(kind)) {
            Map<Long, String> sample = new LinkedHashMap<>();
            Object names = envelope.get("sample");
            if (names instanceof Map<?, ?> map) {
                map.forEach((id, name) -> sample.put(Long.parseLong(id.toString()), String.valueOf(name)));
            }
            presence.remote((String) envelope.get("room"), (String) envelope.get("server"),
                    ((Number) envelope.get("count")).intValue(), sample, System.currentTimeMillis());
        }
    }

    /** Once a second: each room whose people changed gets its summary; the other servers hear of ours. */
    private void presenceTick() {
        try {
            long now = System.currentTimeMillis();
            presence.expire(now);
            Set<String> changed = presence.drainDue(now, room -> topics.subscribers("chat:" + room));
            boolean heartbeat = now - lastHeartbeat >= PRESENCE_HEARTBEAT_MILLIS;
            Set<String> tell = heartbeat ? new java.util.HashSet<>(presence.localRooms()) : new java.util.HashSet<>();
            if (heartbeat) {
                lastHeartbeat = now;
            }
            for (String room : changed) {
                String topic = "chat:" + room;
                if (topics.known(topic)) {
                    topics.publish(topic, JSON.toJson(presenceFrame(presence.summary(room), null)));
                }
                tell.add(room);
            }
            for (String room : tell) {
                Map<String, Object> envelope = new LinkedHashMap<>();
                envelope.put("t", "presence");
                envelope.put("room", room);
                envelope.put("server", cluster.serverId());
                envelope.put("count", presence.localCount(room));
                envelope.put("sample", presence.localSample(room));
                cluster.announceText(CLUSTER_TOPIC, JSON.toJson(envelope));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "event=chat-presence-failed", e);
        }
    }

    static Map<String, Object> presenceFrame(Presence.Summary summary, Integer slowModeSeconds) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-presence");
        frame.put("room", summary.room());
        frame.put("count", summary.count());
        frame.put("names", summary.names());
        if (slowModeSeconds != null) {
            frame.put("slowModeSeconds", slowModeSeconds);
        }
        return frame;
    }

    static Map<String, Object> messageFrame(ChatMessage message) {
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "chat-message");
        frame.put("room", message.room());
        frame.put("message", view(message));
        return frame;
    }

    /**
     * A message as pages and API clients see it (a deleted one without its text); what it does not have is left
     * out (a frame goes to every socket in the room: each byte is sent thousands of times).
     */
    public static Map<String, Object> view(ChatMessage message) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", message.id());
        view.put("author", message.author());
        view.put("authorId", message.authorId());
        putIfPresent(view, "recipientId", message.recipientId());
        putIfPresent(view, "clientId", message.clientId());
        view.put("body", message.deleted() ? "" : message.body());
        putIfPresent(view, "replyTo", message.replyTo());
        putIfPresent(view, "questionState", message.questionState());
        view.put("createdAt", message.createdAt().toString());
        if (message.deleted()) {
            view.put("deleted", true);
        }
        return view;
    }

    private static void putIfPresent(Map<String, Object> view, String key, Object value) {
        if (value != null) {
            view.put(key, value);
        }
    }

    /** The page of history a person may read, oldest first. */
    public List<Map<String, Object>> history(Sender sender, String roomText, Long before, int limit) {
        RoomKey key = RoomKey.parse(roomText);
        ChatRooms.Room room = room(key, sender);
        List<ChatMessage> newestFirst = store.page(room.id(), key.key(), sender.accountId(), room.staff(), before, limit);
        List<Map<String, Object>> oldestFirst = new java.util.ArrayList<>();
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            oldestFirst.add(view(newestFirst.get(i)));
        }
        return oldestFirst;
    }
}
