package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;

/**
 * What ADMINs did (who, what, to what, when, from where), in PostgreSQL (table admin_audit) and in the log. An
 * entry is written in a transaction of its own, after the action succeeded: a refused action is not an action.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final int MAX_DETAIL = 1000;

    public record Entry(long id, Instant at, String username, String action, String target, String detail,
                        String address) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public void record(long accountId, String username, String action, String target, String detail, String address) {
        String shortDetail = detail == null || detail.length() <= MAX_DETAIL ? detail : detail.substring(0, MAX_DETAIL);
        entityManager.createNativeQuery("insert into admin_audit (at, account_id, username, action, target, detail, "
                        + "address) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
                .setParameter(1, Timestamp.from(Instant.now())).setParameter(2, accountId).setParameter(3, username)
                .setParameter(4, action).setParameter(5, target == null ? "" : target).setParameter(6, shortDetail)
                .setParameter(7, address).executeUpdate();
        LOG.info(() -> "event=admin-action username=" + username + " action=" + action + " target=" + target
                + " address=" + address);
    }

    /** Newest first, before the id (paging; Long.MAX_VALUE for the newest). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Entry> recent(long beforeId, int limit) {
        List<?> rows = entityManager.createNativeQuery("select id, at, username, action, target, detail, address "
                        + "from admin_audit where id < ?1 order by id desc limit ?2")
                .setParameter(1, beforeId).setParameter(2, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Entry(((Number) row[0]).longValue(),
                org.codearena.domain.model.DatabaseTime.instant(row[1]),
                (String) row[2], (String) row[3], (String) row[4], (String) row[5], (String) row[6])).toList();
    }
}
