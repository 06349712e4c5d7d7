package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The Judge0-compatible API's submissions: each is a run of CodeArena's, named by a random token and carrying
 * the output Judge0 compares against. Only the person who made one can read it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class Judge0Submissions {

    /** What a token names: the run, and the expected output (null: nothing to compare). */
    public record Entry(long runId, String expectedOutput) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public UUID remember(long runId, long accountId, String expectedOutput) {
        UUID token = UUID.randomUUID();
        entityManager.createNativeQuery("insert into judge0_submission (token, run_id, account_id, expected_output) "
                        + "values (?1, ?2, ?3, ?4)")
                .setParameter(1, token).setParameter(2, runId).setParameter(3, accountId)
                .setParameter(4, expectedOutput).executeUpdate();
        return token;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Entry> find(UUID token, long accountId) {
        List<?> rows = entityManager.createNativeQuery("select run_id, expected_output from judge0_submission "
                        + "where token = ?1 and account_id = ?2")
                .setParameter(1, token).setParameter(2, accountId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = (Object[]) rows.get(0);
        return Optional.of(new Entry(((Number) row[0]).longValue(), (String) row[1]));
    }
}
