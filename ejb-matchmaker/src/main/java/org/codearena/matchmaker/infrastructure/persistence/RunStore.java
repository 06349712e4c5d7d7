package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.protocol.RunResult;

/** The matchmaker's reads and writes of runs, each in its own transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RunStore {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** Accepted-but-unfinished runs, oldest first: the queue to rebuild after a restart. */
    public List<Ticket> unfinishedTickets() {
        return entityManager.createNamedQuery("Run.findUnfinished", Object[].class).getResultList().stream()
                .map(row -> new Ticket((Long) row[0], (String) row[1], (PriorityClass) row[2], (Instant) row[3], 0))
                .toList();
    }

    /** Stores a runner's result; empty when the run had already finished (a duplicate) or is unknown. */
    public Optional<Run> storeResult(RunResult result) {
        Run run = entityManager.find(Run.class, result.runId());
        if (run == null || !run.finish(result, Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(run);
    }
}
