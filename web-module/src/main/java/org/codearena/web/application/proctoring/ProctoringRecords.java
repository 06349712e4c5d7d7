package org.codearena.web.application.proctoring;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.DatabaseTime;
import org.hibernate.Session;

/**
 * Proctoring in PostgreSQL: which snapshots a candidate's browser sent (the images are in the object store) and
 * the events it saw. Written by the broker's consumer, each once (a redelivered or re-sent upload changes nothing:
 * the browser's id is unique per invitation); read for the recruiter's timeline and the candidate's own copy.
 */
@Stateless
public class ProctoringRecords {

    /** A started invitation as the upload endpoints check it. */
    public record Started(long invitationId, long assessmentId, Long accountId, String mode, Instant startedAt,
                          Instant endsAt) {
    }

    /** An event the browser saw: its id (unique per invitation), kind, when, how long (ms) or how big. */
    public record Event(String id, String kind, Instant at, Long durationMs, Integer size) {
    }

    public record Snapshot(long id, String kind, Instant takenAt, int bytes, String key) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** A snapshot now in the store; false when this one (same browser id) was written before. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public boolean snapshot(long invitationId, String clientId, String kind, Instant takenAt, String key, int bytes) {
        return entityManager.createNativeQuery("insert into proctoring_snapshot (invitation_id, client_id, kind, "
                        + "taken_at, object_key, bytes) values (?1, ?2, ?3, ?4, ?5, ?6) "
                        + "on conflict (invitation_id, client_id) do nothing")
                .setParameter(1, invitationId).setParameter(2, clientId).setParameter(3, kind)
                .setParameter(4, Timestamp.from(takenAt)).setParameter(5, key).setParameter(6, bytes)
                .executeUpdate() == 1;
    }

    /** A batch of events, in one statement batch; those written before are skipped. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void events(long invitationId, List<Event> events) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into proctoring_event (invitation_id, "
                    + "client_id, kind, at, duration_ms, size) values (?, ?, ?, ?, ?, ?) "
                    + "on conflict (invitation_id, client_id) do nothing")) {
                for (Event event : events) {
                    insert.setLong(1, invitationId);
                    insert.setString(2, event.id());
                    insert.setString(3, event.kind());
                    insert.setTimestamp(4, Timestamp.from(event.at()));
                    insert.setObject(5, event.durationMs());
                    insert.setObject(6, event.size());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Snapshot> snapshots(long invitationId) {
        List<Snapshot> snapshots = new ArrayList<>();
        for (Object found : entityManager.createNativeQuery("select id, kind, taken_at, bytes, object_key from "
                + "proctoring_snapshot where invitation_id = ?1 order by taken_at, id").setParameter(1, invitationId)
                .getResultList()) {
            Object[] row = (Object[]) found;
            snapshots.add(new Snapshot(((Number) row[0]).longValue(), (String) row[1], DatabaseTime.instant(row[2]),
                    ((Number) row[3]).intValue(), (String) row[4]));
        }
        return snapshots;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Event> events(long invitationId) {
        List<Event> events = new ArrayList<>();
        for (Object found : entityManager.createNativeQuery("select client_id, kind, at, duration_ms, size from "
                + "proctoring_event where invitation_id = ?1 order by at, id").setParameter(1, invitationId)
                .getResultList()) {
            Object[] row = (Object[]) found;
            events.add(new Event((String) row[0], (String) row[1], DatabaseTime.instant(row[2]),
                    row[3] == null ? null : ((Number) row[3]).longValue(),
                    row[4] == null ? null : ((Number) row[4]).intValue()));
        }
        return events;
    }

    /** The store key of one of the invitation's snapshots. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<String> snapshotKey(long invitationId, long snapshotId) {
        return entityManager.createNativeQuery("select object_key from proctoring_snapshot where id = ?1 and "
                        + "invitation_id = ?2").setParameter(1, snapshotId).setParameter(2, invitationId)
                .getResultList().stream().map(String.class::cast).findFirst();
    }
}
