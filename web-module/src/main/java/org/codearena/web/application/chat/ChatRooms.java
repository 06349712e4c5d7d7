package org.codearena.web.application.chat;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codearena.chat.ChatException;
import org.codearena.chat.RoomKey;
import org.codearena.domain.model.account.UsernamePolicy;

/**
 * The chat's rooms and rules that need the database: who may enter which room (and who is its staff), the rooms a
 * person has, mutes, slow mode, deletions and the state of an assessment's questions.
 */
@Stateless
public class ChatRooms {

    public static final String MODERATOR = "MODERATOR";
    public static final String ADMIN = "ADMIN";

    /** A room as one person may use it: {@code staff} reads every message in it and moderates it. */
    public record Room(long id, RoomKey key, String title, int slowModeSeconds, boolean staff, Long ownerId) {
    }

    /** A room in a person's list, with how many messages they have not read (at most 100 counted). */
    public record Listed(String room, String kind, String title, int unread, Long lastId) {
    }

    public record Person(long id, String username) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager em;

    /** The room, made on first use, if the person may enter it; a 404 or 403 that says why otherwise. */
    public Room enter(RoomKey key, long accountId, Set<String> roles) {
        boolean moderator = roles.contains(MODERATOR) || roles.contains(ADMIN);
        String title;
        boolean staff = moderator;
        Long ownerId = null;
        switch (key.kind()) {
            case GLOBAL -> title = "Everyone";
            case CONTEST -> title = "Contest: " + single("SELECT title FROM contest WHERE slug = ?1", key.ref())
                    .orElseThrow(() -> new ChatException(404, "there is no contest '" + key.ref() + "'"));
            case TASK -> title = "Task: " + single("SELECT title FROM task WHERE slug = ?1 AND is_public", key.ref())
                    .orElseThrow(() -> new ChatException(404, "there is no public task '" + key.ref() + "'"));
            case ASSESSMENT -> {
                long assessmentId = Long.parseLong(key.ref());
                List<?> owner = em.createNativeQuery("SELECT owner_account_id, title FROM assessment WHERE id = ?1")
                        .setParameter(1, assessmentId).getResultList();
                if (owner.isEmpty()) {
                    throw new ChatException(404, "there is no assessment " + assessmentId);
                }
                Object[] row = (Object[]) owner.get(0);
                ownerId = ((Number) row[0]).longValue();
                boolean owns = ownerId == accountId;
                boolean candidate = !em.createNativeQuery("SELECT 1 FROM assessment_invitation WHERE assessment_id = ?1 "
                        + "AND account_id = ?2").setParameter(1, assessmentId).setParameter(2, accountId)
                        .setMaxResults(1).getResultList().isEmpty();
                if (!owns && !candidate && !roles.contains(ADMIN)) {
                    throw new ChatException(403, "this room is for the candidates of assessment " + assessmentId
                            + " and its recruiter; open it from your invitation's link");
                }
                staff = owns || roles.contains(ADMIN);
                title = "Questions: " + row[1];
            }
            case DIRECT -> {
                if (!key.between(accountId)) {
                    throw new ChatException(403, "this conversation is between two other people");
                }
                long other = key.otherThan(accountId);
                title = single("SELECT username FROM account WHERE id = ?1", other)
                        .orElseThrow(() -> new ChatException(404, "the other person of this conversation no longer "
                                + "has an account"));
                staff = false;
            }
            default -> throw new ChatException(400, "unknown room");
        }
        Object[] room = row(key, title);
        return new Room(((Number) room[0]).longValue(), key, title, ((Number) room[1]).intValue(), staff, ownerId);
    }

    /** The room's id and slow mode, made when missing (two servers making it at once make one). */
    private Object[] row(RoomKey key, String title) {
        List<?> found = em.createNativeQuery("SELECT id, slow_mode_seconds FROM chat_room WHERE room_key = ?1")
                .setParameter(1, key.key()).getResultList();
        if (found.isEmpty()) {
            em.createNativeQuery("INSERT INTO chat_room (room_key, kind, title) VALUES (?1, ?2, ?3) "
                            + "ON CONFLICT (room_key) DO NOTHING")
                    .setParameter(1, key.key()).setParameter(2, key.kind().name())
                    .setParameter(3, title.length() > 200 ? title.substring(0, 200) : title).executeUpdate();
            found = em.createNativeQuery("SELECT id, slow_mode_seconds FROM chat_room WHERE room_key = ?1")
                    .setParameter(1, key.key()).getResultList();
        }
        return (Object[]) found.get(0);
    }

    private Optional<String> single(String sql, Object parameter) {
        List<?> rows = em.createNativeQuery(sql).setParameter(1, parameter).setMaxResults(1).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).toString());
    }

    /** The person with this name (as the sign-up compares names: case and width folded). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Person> person(String username) {
        if (username == null || username.isBlank() || username.length() > UsernamePolicy.MAX_LENGTH) {
            return Optional.empty();
        }
        List<?> rows = em.createNativeQuery("SELECT id, username FROM account WHERE username_key = ?1")
                .setParameter(1, UsernamePolicy.key(username)).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Person(((Number) row[0]).longValue(), row[1].toString()));
    }

    /**
     * The rooms a person has: everyone's room, the rooms they have read, their direct conversations, and the rooms
     * where someone wrote to them; with the messages they have not read (others' messages they may see).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Listed> roomsOf(long accountId) {
        String dmPrefix = "dm:" + accountId + ":%";
        String dmSuffix = "dm:%:" + accountId;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.room_key, r.kind, r.title,
                       (SELECT count(*) FROM (SELECT 1 FROM chat_message m WHERE m.room_id = r.id
                            AND m.id > COALESCE(cr.last_read_id, 0) AND m.author_id <> ?1 AND m.deleted_at IS NULL
                            AND (m.recipient_id IS NULL OR m.recipient_id = ?1) LIMIT 100) unread) AS unread,
                       (SELECT max(m.id) FROM chat_message m WHERE m.room_id = r.id) AS last_id
                FROM chat_room r LEFT JOIN chat_read cr ON cr.room_id = r.id AND cr.account_id = ?1
                WHERE r.room_key = 'global' OR cr.account_id IS NOT NULL
                   OR (r.kind = 'DIRECT' AND (r.room_key LIKE ?2 OR r.room_key LIKE ?3))
                   OR r.id IN (SELECT DISTINCT m.room_id FROM chat_message m WHERE m.recipient_id = ?1)
                ORDER BY (r.room_key = 'global') DESC, last_id DESC NULLS LAST
                LIMIT 200""")
                .setParameter(1, accountId).setParameter(2, dmPrefix).setParameter(3, dmSuffix).getResultList();
        List<Listed> rooms = new ArrayList<>();
        for (Object[] row : rows) {
            rooms.add(new Listed(row[0].toString(), row[1].toString(), row[2].toString(), ((Number) row[3]).intValue(),
                    row[4] == null ? null : ((Number) row[4]).longValue()));
        }
        return rooms;
    }

    /** Whether the person may not post in the room now, and until when (null: until lifted); empty when free. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Optional<Instant>> muted(long accountId, long roomId) {
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("SELECT until FROM chat_mute WHERE account_id = ?1 "
                        + "AND (room_id IS NULL OR room_id = ?2) AND (until IS NULL OR until > now()) "
                        + "ORDER BY until DESC NULLS FIRST")
                .setParameter(1, accountId).setParameter(2, roomId).setMaxResults(1).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object until = rows.get(0);
        return Optional.of(Optional.ofNullable(until == null ? null : instant(until)));
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant at) {
            return at;
        }
        if (value instanceof java.sql.Timestamp at) {
            return at.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime at) {
            return at.toInstant();
        }
        throw new IllegalStateException("not a time: " + value.getClass());
    }

    /** A moderator mutes a person in one room (or every room: roomId null), for some minutes or until lifted. */
    public Instant mute(long accountId, Long roomId, Integer minutes, String reason, long byAccountId) {
        Instant until = minutes == null ? null : Instant.now().plus(minutes, ChronoUnit.MINUTES);
        // the missing values are written as NULL (a null parameter has no type PostgreSQL can tell)
        em.createNativeQuery("INSERT INTO chat_mute (account_id, room_id, until, reason, by_account_id) VALUES (?1, "
                        + (roomId == null ? "NULL" : Long.toString(roomId)) + ", "
                        + (until == null ? "NULL" : "now() + make_interval(mins => " + minutes + ")") + ", ?2, ?3)")
                .setParameter(1, accountId).setParameter(2, reason).setParameter(3, byAccountId).executeUpdate();
        return until;
    }

    /** Lifts a person's mutes (in one room, or every mute: roomId null); returns how many were lifted. */
    public int unmute(long accountId, Long roomId) {
        return em.createNativeQuery("UPDATE chat_mute SET until = now() WHERE account_id = ?1 "
                        + (roomId == null ? "" : "AND room_id = " + roomId + " ")
                        + "AND (until IS NULL OR until > now())")
                .setParameter(1, accountId).executeUpdate();
    }

    public void slowMode(long roomId, int seconds) {
        em.createNativeQuery("UPDATE chat_room SET slow_mode_seconds = ?1 WHERE id = ?2")
                .setParameter(1, seconds).setParameter(2, roomId).executeUpdate();
    }

    /**
     * What the checks on a stored message need: its room, author, recipient of a private answer (or null), its
     * question state (null: not a question), whether it was deleted.
     */
    public record Stored(String roomKey, long authorId, Long recipientId, String questionState, boolean deleted) {
    }

    /** A stored message, if it exists. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Stored> message(long messageId) {
        List<?> rows = em.createNativeQuery("SELECT r.room_key, m.author_id, m.recipient_id, m.question_state, "
                        + "m.deleted_at IS NOT NULL FROM chat_message m JOIN chat_room r ON r.id = m.room_id WHERE m.id = ?1")
                .setParameter(1, messageId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Stored(row[0].toString(), ((Number) row[1]).longValue(),
                row[2] == null ? null : ((Number) row[2]).longValue(), row[3] == null ? null : row[3].toString(),
                Boolean.TRUE.equals(row[4])));
    }

    public void delete(long messageId, long byAccountId) {
        em.createNativeQuery("UPDATE chat_message SET deleted_at = now(), deleted_by = ?2 WHERE id = ?1 "
                + "AND deleted_at IS NULL").setParameter(1, messageId).setParameter(2, byAccountId).executeUpdate();
    }

    public void questionState(long messageId, String state) {
        em.createNativeQuery("UPDATE chat_message SET question_state = ?2 WHERE id = ?1 AND question_state IS NOT NULL")
                .setParameter(1, messageId).setParameter(2, state).executeUpdate();
    }
}
