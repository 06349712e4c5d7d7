package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.run.Language;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.protocol.JobMessage;
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

    /** What {@link #claimForDispatch} found. */
    public sealed interface Claim {
        /** The run was marked RUNNING on the runner, one more attempt: send this job. */
        record Send(JobMessage job, long accountId, int attempt, Instant acceptedAt) implements Claim {
        }

        /** Nothing to send: the run is gone or finished already. */
        record NotNeeded() implements Claim {
        }

        /** Nothing to send: the run was out of attempts and now ends as SYSTEM_ERROR. */
        record Abandoned(long accountId, int attempts) implements Claim {
        }
    }

    /**
     * Marks the run as given to the runner (one more attempt) and commits, before the job is sent: a crash
     * after this leaves an unfinished run that the next rebuild sends again, never a job the database does
     * not know about. A send that then fails calls {@link #unclaim}.
     */
    public Claim claimForDispatch(long runId, String runnerId, int maxAttempts, long epoch) {
        Run run = entityManager.find(Run.class, runId);
        if (run == null || run.getStatus() == RunStatus.FINISHED) {
            return new Claim.NotNeeded();
        }
        if (run.abandonIfOutOfAttempts(maxAttempts, Instant.now())) {
            return new Claim.Abandoned(run.getAccountId(), run.getAttempts());
        }
        Language language = entityManager.find(Language.class, run.getLanguageId());
        run.dispatchedTo(runnerId, Instant.now());
        return new Claim.Send(new JobMessage(run.getId(), run.getLanguageId(), run.getSource(), run.getStdin(),
                language.getTimeLimitMillis(), language.getMemoryLimitKb(), epoch),
                run.getAccountId(), run.getAttempts(), run.getAcceptedAt());
    }

    /** The job could not be sent (broker unreachable): the attempt does not count. */
    public void unclaim(long runId) {
        entityManager.createQuery("update Run r set r.attempts = r.attempts - 1 where r.id = :id "
                        + "and r.attempts > 0 and r.status <> org.codearena.domain.model.run.RunStatus.FINISHED")
                .setParameter("id", runId).executeUpdate();
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
