package org.codearena.chat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The chat's history in PostgreSQL, written behind the sends. A message gets its id at once (ids are taken from a
 * sequence a hundred at a time), goes out to its room, and waits in memory until the next flush writes it with
 * the others in one batch and one commit; only then is its sender told it is stored (and a sender that does not
 * hear so sends it again, once more under the same client id, which is stored once). While PostgreSQL cannot be
 * reached the messages wait, up to a bound; past it, sends are refused with a 503.
 *
 * <p>Read marks (the last message each person has read in each room) are kept the same way and written by the
 * same flush, the highest mark winning.
 */
public final class ChatStore {

    private static final Logger LOG = Logger.getLogger(ChatStore.class.getName());
    private static final int ID_BLOCK = 100;
    private static final int BATCH = 1000;

    private record Pending(ChatMessage message, CompletableFuture<ChatMessage> stored) {
    }

    private final DataSource dataSource;
    private final int bound;
    private final ConcurrentLinkedDeque<Pending> pending = new ConcurrentLinkedDeque<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final Map<String, Long> readMarks = new ConcurrentHashMap<>();
    private final LongAdder written = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private long nextId;
    private long blockEnd;

    public ChatStore(DataSource dataSource, int bound) {
        this.dataSource = dataSource;
        this.bound = bound;
    }

    /** The next message id (one database round trip per hundred). */
    public synchronized long nextId() {
        if (nextId >= blockEnd) {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement next = connection.prepareStatement("SELECT nextval('chat_message_id_seq')");
                 ResultSet row = next.executeQuery()) {
                row.next();
                nextId = row.getLong(1);
                blockEnd = nextId + ID_BLOCK;
            } catch (SQLException e) {
                throw new ChatException(503, "the chat cannot store messages just now (its database cannot be "
                        + "reached); try again in a few seconds", 5);
            }
        }
        return nextId++;
    }

    /** Queues a message for the next flush; the future completes once it is committed. */
    public CompletableFuture<ChatMessage> append(ChatMessage message) {
        if (waiting.incrementAndGet() > bound) {
            waiting.decrementAndGet();
            throw new ChatException(503, "the chat cannot store messages just now (" + bound
                    + " are waiting for the database); try again in a few seconds", 5);
        }
        CompletableFuture<ChatMessage> stored = new CompletableFuture<>();
        pending.addLast(new Pending(message, stored));
        return stored;
    }

    /** The messages of a room that wait to be written (for a history read that must not miss them). */
    public List<ChatMessage> waitingIn(long roomId) {
        List<ChatMessage> found = new ArrayList<>();
        for (Pending each : pending) {
            if (each.message().roomId() == roomId) {
                found.add(each.message());
            }
        }
        return found;
    }

    public int waiting() {
        return waiting.get();
    }

    public long written() {
        return written.sum();
    }

    public long batches() {
        return batches.sum();
    }

    /** Notes that the person has read the room up to the message (kept if higher than what is noted). */
    public void markRead(long accountId, long roomId, long messageId) {
        readMarks.merge(accountId + ":" + roomId, messageId, Math::max);
    }

    /**
     * Writes what waits: messages in batches of up to {@value #BATCH} (each batch one commit), then read marks.
     * Returns the number of messages written. A batch that fails stays queued, in order, for the next flush.
     */
    public int flush() {
        int total = 0;
        while (!pending.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            for (Pending each; batch.size() < BATCH && (each = pending.pollFirst()) != null; ) {
                batch.add(each);
            }
            try {
                try {
                    insert(batch);
                } catch (SQLException e) {
                    if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                        throw e;
                    }
                    // a row the database refuses (its author's account was deleted meanwhile): one by one, so that
                    // it alone is dropped and the others are stored
                    for (Pending each : batch) {
                        try {
                            insert(List.of(each));
                        } catch (SQLException refused) {
                            if (refused.getSQLState() == null || !refused.getSQLState().startsWith("23")) {
                                throw refused;
                            }
                            LOG.warning(() -> "event=chat-message-refused id=" + each.message().id() + " error=\""
                                    + refused.getMessage() + "\"");
                        }
                    }
                }
            } catch (SQLException e) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    pending.addFirst(batch.get(i));
                }
                LOG.warning(() -> "event=chat-flush-failed waiting=" + waiting.get() + " error=\"" + e.getMessage() + "\"");
                return total;
            }
            waiting.addAndGet(-batch.size());
            written.add(batch.size());
            batches.increment();
            total += batch.size();
            for (Pending each : batch) {
                each.stored().complete(each.message());
            }
        }
        flushReads();
        return total;
    }

    private void insert(List<Pending> batch) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO chat_message (id, room_id, "
                    + "author_id, recipient_id, client_id, body, reply_to, question_state, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Pending each : batch) {
                    ChatMessage message = each.message();
                    insert.setLong(1, message.id());
                    insert.setLong(2, message.roomId());
                    insert.setLong(3, message.authorId());
                    setLong(insert, 4, message.recipientId());
                    insert.setString(5, message.clientId());
                    insert.setString(6, message.body());
                    setLong(insert, 7, message.replyTo());
                    insert.setString(8, message.questionState());
                    insert.setTimestamp(9, Timestamp.from(message.createdAt()));
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private void flushReads() {
        if (readMarks.isEmpty()) {
            return;
        }
        Map<String, Long> marks = new LinkedHashMap<>();
        for (String key : List.copyOf(readMarks.keySet())) {
            Long mark = readMarks.remove(key);
            if (mark != null) {
                marks.put(key, mark);
            }
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO chat_read (account_id, room_id, "
                    + "last_read_id) SELECT ?, ?, ? WHERE EXISTS (SELECT 1 FROM account WHERE id = ?) "
                    + "ON CONFLICT (account_id, room_id) DO UPDATE SET last_read_id = "
                    + "GREATEST(chat_read.last_read_id, EXCLUDED.last_read_id)")) {
                // in one order, so that two servers' flushes never wait on each other in a circle
                List<Map.Entry<String, Long>> sorted = new ArrayList<>(marks.entrySet());
                sorted.sort(Comparator.comparing(Map.Entry::getKey));
                for (Map.Entry<String, Long> mark : sorted) {
                    String[] ids = mark.getKey().split(":");
                    upsert.setLong(1, Long.parseLong(ids[0]));
                    upsert.setLong(2, Long.parseLong(ids[1]));
                    upsert.setLong(3, mark.getValue());
                    upsert.setLong(4, Long.parseLong(ids[0]));
                    upsert.addBatch();
                }
                upsert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            marks.forEach((key, mark) -> readMarks.merge(key, mark, Math::max));
            LOG.warning(() -> "event=chat-read-marks-failed error=\"" + e.getMessage() + "\"");
        }
    }

    /**
     * A page of a room's history, newest first: the messages before {@code beforeId} (all when null) that the viewer
     * may read, with those still waiting to be written, at most {@code limit}.
     */
    public List<ChatMessage> page(long roomId, String room, long viewerId, boolean staff, Long beforeId, int limit) {
        Map<Long, ChatMessage> found = new LinkedHashMap<>();
        String sql = "SELECT m.id, m.author_id, a.username, m.recipient_id, m.client_id, m.body, m.reply_to, "
                + "m.question_state, m.created_at, m.deleted_at IS NOT NULL FROM chat_message m "
                + "JOIN account a ON a.id = m.author_id WHERE m.room_id = ? AND m.id < ? "
                + "AND (? OR m.recipient_id IS NULL OR m.recipient_id = ? OR m.author_id = ?) "
                + "ORDER BY m.id DESC LIMIT ?";
        long before = beforeId == null ? Long.MAX_VALUE : beforeId;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, roomId);
            query.setLong(2, before);
            query.setBoolean(3, staff);
            query.setLong(4, viewerId);
            query.setLong(5, viewerId);
            query.setInt(6, limit);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    long recipient = rows.getLong(4);
                    Long recipientId = rows.wasNull() ? null : recipient;
                    long reply = rows.getLong(7);
                    Long replyTo = rows.wasNull() ? null : reply;
                    found.put(rows.getLong(1), new ChatMessage(rows.getLong(1), roomId, room, rows.getLong(2),
                            rows.getString(3), recipientId, rows.getString(5), rows.getString(6), replyTo,
                            rows.getString(8), rows.getTimestamp(9).toInstant(), rows.getBoolean(10)));
                }
            }
        } catch (SQLException e) {
            throw new ChatException(503, "the chat's history cannot be read just now (its database cannot be "
                    + "reached); try again in a few seconds", 5);
        }
        for (ChatMessage waitingOne : waitingIn(roomId)) {
            if (waitingOne.id() < before && waitingOne.visibleTo(viewerId, staff)) {
                found.putIfAbsent(waitingOne.id(), waitingOne);
            }
        }
        List<ChatMessage> newestFirst = new ArrayList<>(found.values());
        newestFirst.sort(Comparator.comparingLong(ChatMessage::id).reversed());
        return newestFirst.size() > limit ? newestFirst.subList(0, limit) : newestFirst;
    }

    /** Drops what waits (the server is stopping; what was not acknowledged is sent again by its senders). */
    public Collection<ChatMessage> abandon() {
        List<ChatMessage> left = new ArrayList<>();
        for (Pending each; (each = pending.pollFirst()) != null; ) {
            left.add(each.message());
            each.stored().completeExceptionally(new ChatException(503, "the server stopped before it stored this"));
        }
        waiting.set(0);
        return left;
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
