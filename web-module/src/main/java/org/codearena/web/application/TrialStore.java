package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The tries of visitors (table trial): a random token naming a run and the task whose example it ran on. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class TrialStore {

    /** What a token names. */
    public record Entry(long runId, long taskId) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public UUID remember(long runId, long taskId) {
        UUID token = UUID.randomUUID();
        entityManager.createNativeQuery("insert into trial (token, run_id, task_id) values (?1, ?2, ?3)")
                .setParameter(1, token).setParameter(2, runId).setParameter(3, taskId).executeUpdate();
        return token;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Entry> find(UUID token) {
        List<?> rows = entityManager.createNativeQuery("select run_id, task_id from trial where token = ?1")
                .setParameter(1, token).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Entry(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /** The visitor account's id (changeset 016-visitor-account). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long visitorAccount(String usernameKey) {
        List<?> ids = entityManager.createNativeQuery("select id from account where username_key = ?1")
                .setParameter(1, usernameKey).getResultList();
        if (ids.isEmpty()) {
            throw new IllegalStateException("the visitor account is missing (Liquibase changeset 016-visitor-account)");
        }
        return ((Number) ids.get(0)).longValue();
    }
}
