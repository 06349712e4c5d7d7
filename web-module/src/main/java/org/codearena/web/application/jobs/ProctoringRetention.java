package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.codearena.web.application.proctoring.ProctoringStorage;

/**
 * Proctoring is kept for the retention period its assessment set (days after it closes), then deleted: the
 * snapshots whose time is up are listed from the replica a page at a time (the primary while the replica is away),
 * their images deleted from the store, then their rows from the primary; then the events' rows. Deleting what is
 * already gone changes nothing, so a run cut short is finished by the next one.
 */
@Stateless
public class ProctoringRetention extends ReplicaJob {

    static final int PAGE = 1000;

    private static final String EXPIRED = "select s.id, s.object_key, s.bytes from proctoring_snapshot s "
            + "join assessment_invitation i on i.id = s.invitation_id join assessment a on a.id = i.assessment_id "
            + "where s.id > ? and a.closes_at + make_interval(days => a.retention_days) < now() order by s.id limit "
            + PAGE;


    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Resource
    private SessionContext context;

    @Inject
    private ProctoringStorage storage;

    private record Expired(long id, String key, long bytes) {
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JobResult run() throws SQLException, IOException {
        ProctoringRetention self = context.getBusinessObject(ProctoringRetention.class);
        Source source = source();
        long after = 0;
        long snapshots = 0;
        long bytes = 0;
        while (true) {
            long from = after;
            List<Expired> page = read(source, connection -> read(connection, from));
            for (Expired expired : page) {
                storage.store().delete(expired.key());
                bytes += expired.bytes();
            }
            if (!page.isEmpty()) {
                self.forget(page.stream().map(Expired::id).toList());
                snapshots += page.size();
                after = page.get(page.size() - 1).id();
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        int events = self.forgetEvents();
        return JobResult.ok("deleted " + snapshots + " snapshots (" + bytes / 1024 + " kB) and " + events
                + " events whose retention period ended (listed from the " + source.label() + ")");
    }

    private static List<Expired> read(Connection connection, long after) throws SQLException {
        List<Expired> page = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(EXPIRED)) {
            query.setLong(1, after);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    page.add(new Expired(rows.getLong(1), rows.getString(2), rows.getLong(3)));
                }
            }
        }
        return page;
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void forget(List<Long> snapshotIds) {
        entityManager.createNativeQuery("delete from proctoring_snapshot where id = any(cast(?1 as bigint[]))")
                .setParameter(1, snapshotIds.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(",", "{", "}")))
                .executeUpdate();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int forgetEvents() {
        return entityManager.createNativeQuery("delete from proctoring_event e using assessment_invitation i, "
                + "assessment a where i.id = e.invitation_id and a.id = i.assessment_id "
                + "and a.closes_at + make_interval(days => a.retention_days) < now()").executeUpdate();
    }
}
