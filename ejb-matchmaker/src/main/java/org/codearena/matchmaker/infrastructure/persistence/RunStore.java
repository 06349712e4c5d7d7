package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
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
import org.codearena.matchmaker.application.JudgedRuns;
import org.codearena.matchmaker.domain.model.Ticket;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;

/** The matchmaker's reads and writes of runs, each in its own transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class RunStore {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Inject
    private Instance<JudgedRuns> judgedRuns;

    /** A waiting run an operator stopped: whose it is, and whether a submission waits for its result. */
    public record Stopped(long accountId, boolean judged, RunResult result) {
    }

    /** Ends a run that is still waiting (QUEUED) with the verdict STOPPED; empty when it is not waiting. */
    public java.util.Optional<Stopped> stopWaiting(long runId, String by) {
        Run run = entityManager.find(Run.class, runId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (run == null || run.getStatus() != org.codearena.domain.model.run.RunStatus.QUEUED) {
            return java.util.Optional.empty();
        }
        RunResult result = new RunResult(runId, null, Verdict.STOPPED, "", "An operator (" + by + ") stopped this "
                + "run before it ran. Run or submit it again; if it keeps happening, ask the operators why.", -1, 0, 0);
        run.finish(result, Instant.now());
        if (run.getSubmissionId() != null) {
            judgedRuns().judging(runId);
        }
        return java.util.Optional.of(new Stopped(run.getAccountId(), run.getSubmissionId() != null, result));
    }

    /** The runner a running run was given to; empty when the run is not running. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public java.util.Optional<String> runnerOfRunning(long runId) {
        Run run = entityManager.find(Run.class, runId);
        return run == null || run.getStatus() != org.codearena.domain.model.run.RunStatus.RUNNING
                ? java.util.Optional.empty() : java.util.Optional.ofNullable(run.getRunnerId());
    }

    /** A waiting run moved to another class: its new ticket; empty when it is not waiting. */
    public java.util.Optional<Ticket> reclassifyWaiting(long runId, PriorityClass to) {
        Run run = entityManager.find(Run.class, runId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (run == null || !run.reclassify(to)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Ticket(runId, run.getLanguageId(), to, run.getAcceptedAt(), 0));
    }

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
        record Abandoned(long accountId, int attempts, RunResult result, boolean judged) implements Claim {
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
        if (run.getSubmissionId() != null && !judgedRuns().stillJudges(run)) {
            // a re-judge gave its submission a newer run: this one need not be judged at all
            run.finish(new RunResult(runId, runnerId, Verdict.SYSTEM_ERROR, "", "replaced by a re-judge", -1, 0, 0),
                    Instant.now());
            return new Claim.NotNeeded();
        }
        if (run.abandonIfOutOfAttempts(maxAttempts, Instant.now())) {
            return new Claim.Abandoned(run.getAccountId(), run.getAttempts(), new RunResult(run.getId(),
                    run.getRunnerId(), run.getVerdict(), "", run.getStderr(), -1, 0, 0), run.getSubmissionId() != null);
        }
        run.dispatchedTo(runnerId, Instant.now());
        if (run.getSubmissionId() != null) {
            judgedRuns().judging(runId);
        }
        return new Claim.Send(job(run, epoch), run.getAccountId(), run.getAttempts(), run.getAcceptedAt());
    }

    private JudgedRuns judgedRuns() {
        if (judgedRuns.isUnsatisfied()) {
            throw new IllegalStateException("a run judges a submission, but no module judges submissions here: "
                    + "deploy the judge module (judge.jar) in the EAR");
        }
        return judgedRuns.get();
    }

    /** The job of a plain run (no submission), limited by its language; reads nothing but the cached language. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public JobMessage plainJob(Run run, long epoch) {
        if (run.getSubmissionId() != null) {
            throw new IllegalArgumentException("run " + run.getId() + " judges a submission: its job carries the tests");
        }
        return job(run, epoch);
    }

    /**
     * A plain run is limited by its language; a run that judges a submission is the judge's to fill (its tests,
     * read at dispatch so that a re-judge uses the fixed ones, and the task's limits).
     */
    private JobMessage job(Run run, long epoch) {
        if (run.getSubmissionId() == null) {
            Language language = entityManager.find(Language.class, run.getLanguageId());
            return new JobMessage(run.getId(), run.getLanguageId(), run.getSource(), run.getStdin(),
                    language.getTimeLimitMillis(), language.getMemoryLimitKb(), epoch);
        }
        return judgedRuns().job(run, epoch);
    }

    /** The job could not be sent (broker unreachable): the attempt does not count. */
    public void unclaim(long runId) {
        entityManager.createQuery("update versioned Run r set r.attempts = r.attempts - 1 where r.id = :id "
                        + "and r.attempts > 0 and r.status <> org.codearena.domain.model.run.RunStatus.FINISHED")
                .setParameter("id", runId).executeUpdate();
    }

    /** unshared, outside any global transaction: autocommit, one statement a commit (see {@link #storeResult}) */
    @jakarta.annotation.Resource(lookup = "jdbc/arena", shareable = false)
    private javax.sql.DataSource direct;

    /**
     * What {@link Run#finish} does, as one statement, for an unfinished run that was given to this runner or to
     * none (a result from another runner is a late one of an earlier attempt, or forged). The row lock it takes
     * orders it after a concurrent claim or another delivery of the result, which then finds the run finished.
     */
    private static final String FINISH = "update run set status = 'FINISHED', verdict = ?, stdout = ?, stderr = ?, "
            + "exit_code = ?, time_millis = ?, memory_kb = ?, runner_id = ?, finished_at = ?, "
            + "version = version + 1 where id = ? and status <> 'FINISHED' and (runner_id is null or runner_id = ?) "
            + "returning *";

    private static final String READ = "select * from run where id = ?";

    /** What {@link #storeResult} did. */
    public record Stored(Run run, boolean firstTime) {
    }

    /**
     * Stores a runner's result; {@code firstTime} is false when the run had already finished (a duplicate);
     * empty when the run is unknown, or when it is unfinished and was last given to another runner (a late
     * result of an earlier attempt, or a forged one: only the agent the job was dispatched to may finish it).
     * The common case is one UPDATE committed by itself (autocommit on an unshared connection: no global
     * transaction, no persistence context; they were most of a result's 5 ms of storing on an idle platform).
     * Run is not in the second-level cache, so nothing cached goes stale.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Stored> storeResult(RunResult result) {
        try (java.sql.Connection connection = direct.getConnection()) {
            try (java.sql.PreparedStatement finish = connection.prepareStatement(FINISH)) {
                finish.setString(1, result.verdict().name());
                finish.setString(2, Run.storable(result.stdout()));
                finish.setString(3, Run.storable(result.stderr()));
                finish.setInt(4, result.exitCode());
                finish.setLong(5, result.timeMillis());
                finish.setLong(6, result.memoryKb());
                finish.setString(7, result.runnerId());
                finish.setObject(8, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
                finish.setLong(9, result.runId());
                finish.setString(10, result.runnerId());
                try (java.sql.ResultSet row = finish.executeQuery()) {
                    if (row.next()) {
                        return Optional.of(new Stored(Run.ofRow(row), true));
                    }
                }
            }
            // finished already (a duplicate), unknown, or given to another runner: the run as it is decides
            try (java.sql.PreparedStatement read = connection.prepareStatement(READ)) {
                read.setLong(1, result.runId());
                try (java.sql.ResultSet row = read.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    Run run = Run.ofRow(row);
                    return run.getStatus() == RunStatus.FINISHED ? Optional.of(new Stored(run, false)) : Optional.empty();
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not store the result of run " + result.runId() + ": "
                    + e.getMessage(), e);
        }
    }

}
