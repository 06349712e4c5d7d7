package org.codearena.web.application;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;

/** Runs as the A side reads and writes them. */
@Stateless
public class RunRepository {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Run store(long accountId, String languageId, PriorityClass priorityClass, String source, String stdin) {
        Run run = new Run(accountId, languageId, priorityClass, source, stdin, Instant.now());
        entityManager.persist(run);
        return run;
    }

    /** The run, if it exists and belongs to the account. */
    public Run ownedBy(long runId, long accountId) {
        Run run = entityManager.find(Run.class, runId);
        if (run == null || run.getAccountId() != accountId) {
            throw new UnknownRunException(runId);
        }
        return run;
    }
}
