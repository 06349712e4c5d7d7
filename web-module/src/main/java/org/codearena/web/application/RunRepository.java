package org.codearena.web.application;

import org.codearena.domain.model.DatabaseTime;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.Optional;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.run.Run;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.Reservation;

/** Runs as the A side reads and writes them. */
@Stateless
public class RunRepository {

    /** the first key of the advisory lock under which an account's waiting runs are counted and added to */
    private static final int RUNS_OF_ACCOUNT_LOCK = 0x52554e53;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private Matchmaker matchmaker;

    @Resource
    private TransactionSynchronizationRegistry transactions;

    /** unshared, outside any global transaction: autocommit, one statement a commit (see {@link #storeStarting}) */
    @Resource(lookup = "jdbc/arena", shareable = false)
    private javax.sql.DataSource direct;

    private static final String NEXT_ID = "select nextval(pg_get_serial_sequence('run', 'id'))";

    private static final String INSERT_RUNNING = "insert into run (id, version, account_id, language_id, source, "
            + "stdin, status, priority_class, runner_id, attempts, accepted_at, started_at) "
            + "values (?, 0, ?, ?, ?, ?, 'RUNNING', ?, ?, 1, ?, ?) returning *";

    /** A stored run, and the runner it was given to in the same transaction (empty: it is to be queued). */
    public record Stored(Run run, Optional<Reservation> reservation) {
    }

    /**
     * The common case on a platform with a free runner: the run is stored already given to the runner the
     * matchmaker reserved for it, in one INSERT committed by itself (autocommit on an unshared connection: no
     * global transaction, no XA bookkeeping, no persistence context; measured, those were most of a run's 6 ms
     * of storing on an idle platform). Its id is taken from the table's sequence first, because the reservation
     * names the run. A run that starts at once never waits, so no per-person limit applies to it.
     * Empty when no runner is free for it (or this server does not hold the matchmaker): then
     * {@link #store(long, String, PriorityClass, String, String, long)} stores it in a transaction, with the
     * limit's check. Should the INSERT fail, the runner is released and the failure thrown.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Stored> storeStarting(long accountId, String languageId, PriorityClass priorityClass,
                                          String source, String stdin) {
        if (!matchmaker.wouldReserveAtOnce(languageId, priorityClass)) {
            return Optional.empty();
        }
        try (java.sql.Connection connection = direct.getConnection()) {
            long id;
            try (java.sql.Statement statement = connection.createStatement();
                 java.sql.ResultSet row = statement.executeQuery(NEXT_ID)) {
                if (!row.next() || row.getObject(1) == null) {
                    throw new IllegalStateException("the run table's id sequence gave no value");
                }
                id = row.getLong(1);
            }
            Instant acceptedAt = Instant.now();
            Optional<Reservation> reservation = matchmaker.reserveAtOnce(
                    org.codearena.matchmaker.domain.model.Ticket.of(id, languageId, priorityClass, acceptedAt,
                            source, stdin));
            if (reservation.isEmpty()) {
                // taken meanwhile: the run waits, and is stored with the check (the id stays unused)
                return Optional.empty();
            }
            Run run;
            try {
                run = insertRunning(connection, id, accountId, languageId, priorityClass, source, stdin,
                        reservation.get().runnerId(), acceptedAt);
            } catch (java.sql.SQLException | RuntimeException e) {
                // not stored (autocommit: the INSERT failed as a whole): the runner is free again
                matchmaker.releaseReserved(reservation.get());
                throw e;
            }
            return Optional.of(new Stored(run, reservation));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("could not store the run: " + e.getMessage(), e);
        }
    }

    private static Run insertRunning(java.sql.Connection connection, long id, long accountId, String languageId,
                                     PriorityClass priorityClass, String source, String stdin, String runnerId,
                                     Instant acceptedAt) throws java.sql.SQLException {
        java.time.OffsetDateTime accepted = acceptedAt.atOffset(java.time.ZoneOffset.UTC);
        try (java.sql.PreparedStatement insert = connection.prepareStatement(INSERT_RUNNING)) {
            insert.setLong(1, id);
            insert.setLong(2, accountId);
            insert.setString(3, languageId);
            insert.setString(4, source);
            insert.setString(5, stdin);
            insert.setString(6, priorityClass.name());
            insert.setString(7, runnerId);
            insert.setObject(8, accepted);
            insert.setObject(9, accepted);
            try (java.sql.ResultSet row = insert.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("run " + id + " was inserted but not returned");
                }
                return Run.ofRow(row);
            }
        }
    }

    /**
     * Stores the run and commits. When a runner is free for it at once (and no one of its type waits), the run is
     * marked as dispatched to that runner in the same transaction: one commit where a queued run needs two (store,
     * then claim at dispatch). Should the transaction fail, the runner is released.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Stored store(long accountId, String languageId, PriorityClass priorityClass, String source, String stdin) {
        return store(accountId, languageId, priorityClass, source, stdin, 0);
    }

    /**
     * As {@link #store(long, String, PriorityClass, String, String)}, refused with 429 when the account already
     * has {@code waitingLimit} runs of the class waiting (0: no limit) and this one would wait too: a run that gets
     * a runner at once never waits, so it is not counted against the limit. The count and the insert happen under
     * a transaction-scoped advisory lock of the account's ({@link #requireRoom}), so that requests sent at the same
     * moment (a script, or the visitors trying tasks, who share one account) cannot all see room and all get in.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Stored store(long accountId, String languageId, PriorityClass priorityClass, String source, String stdin,
                        long waitingLimit) {
        // a run that would wait is checked before anything is written (a refused one costs a lock and a count);
        // a run that starts at once never waits and is not checked (two statements fewer)
        boolean checked = waitingLimit > 0 && !matchmaker.wouldReserveAtOnce(languageId, priorityClass);
        if (checked) {
            requireRoom(accountId, priorityClass, waitingLimit, 0);
        }
        Run run = new Run(accountId, languageId, priorityClass, source, stdin, Instant.now());
        entityManager.persist(run);
        Optional<Reservation> reservation = matchmaker.reserveAtOnce(RunIntake.ticketFor(run));
        if (reservation.isEmpty() && waitingLimit > 0 && !checked) {
            // the free runner was taken meanwhile: this run waits after all. It was inserted by persist (its id is
            // the column's identity), so it is among those counted
            requireRoom(accountId, priorityClass, waitingLimit, 1);
        }
        reservation.ifPresent(reserved -> {
            run.dispatchedTo(reserved.runnerId(), Instant.now());
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status != Status.STATUS_COMMITTED) {
                        matchmaker.releaseReserved(reserved);
                    }
                }
            });
        });
        return new Stored(run, reservation);
    }

    /**
     * Refused (429) when the account has {@code limit} runs of the class waiting besides {@code itself} (1 when
     * the new run is already written, else 0). Under a transaction-scoped advisory lock of the account's, so that
     * requests sent at the same moment cannot all see room and all get in; the count is a statement of its own
     * after the lock, so it sees every run committed before.
     */
    private void requireRoom(long accountId, PriorityClass priorityClass, long limit, int itself) {
        entityManager.createNativeQuery("select count(*) from (select pg_advisory_xact_lock(?1, ?2)) locked")
                .setParameter(1, RUNS_OF_ACCOUNT_LOCK).setParameter(2, (int) accountId).getSingleResult();
        long waiting = waitingOf(accountId, priorityClass) - itself;
        if (waiting >= limit) {
            throw new PersonalQueueFullException(priorityClass, waiting, limit);
        }
    }

    /** How many of the account's runs of the class wait for a runner (partial index run_waiting_by_account_idx). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public long waitingOf(long accountId, PriorityClass priorityClass) {
        return ((Number) entityManager.createNativeQuery("select count(*) from run where account_id = ?1 "
                        + "and priority_class = ?2 and status = 'QUEUED'")
                .setParameter(1, accountId).setParameter(2, priorityClass.name()).getSingleResult()).longValue();
    }

    /** A waiting or running run, as the admin console lists it. */
    public record Job(long runId, String username, String language, String priorityClass, String status,
                      Instant acceptedAt, Instant startedAt, String runnerId, Long submissionId) {
    }

    /**
     * Waiting and running runs, oldest first, narrowed by runner type, class, person and age (each may be null);
     * at most {@code limit}.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public java.util.List<Job> jobs(String language, PriorityClass priorityClass, String usernameKey,
                                    Long olderThanSeconds, int limit) {
        StringBuilder sql = new StringBuilder("select r.id, a.username, r.language_id, r.priority_class, r.status, "
                + "r.accepted_at, r.started_at, r.runner_id, r.submission_id from run r join account a on a.id = "
                + "r.account_id where r.status in ('QUEUED', 'RUNNING')");
        java.util.List<Object> parameters = new java.util.ArrayList<>();
        if (language != null) {
            parameters.add(language);
            sql.append(" and r.language_id = ?").append(parameters.size());
        }
        if (priorityClass != null) {
            parameters.add(priorityClass.name());
            sql.append(" and r.priority_class = ?").append(parameters.size());
        }
        if (usernameKey != null) {
            parameters.add(usernameKey);
            sql.append(" and a.username_key = ?").append(parameters.size());
        }
        if (olderThanSeconds != null) {
            parameters.add(java.sql.Timestamp.from(Instant.now().minusSeconds(olderThanSeconds)));
            sql.append(" and r.accepted_at < ?").append(parameters.size());
        }
        sql.append(" order by r.accepted_at limit ").append(limit);
        var query = entityManager.createNativeQuery(sql.toString());
        for (int i = 0; i < parameters.size(); i++) {
            query.setParameter(i + 1, parameters.get(i));
        }
        return ((java.util.List<?>) query.getResultList()).stream().map(Object[].class::cast).map(row -> new Job(
                ((Number) row[0]).longValue(), (String) row[1], (String) row[2], (String) row[3], (String) row[4],
                DatabaseTime.instant(row[5]), DatabaseTime.instant(row[6]), (String) row[7],
                row[8] == null ? null : ((Number) row[8]).longValue())).toList();
    }


    /** A run that ended with SYSTEM_ERROR and waits for an operator: why, and how many times it was tried. */
    public record DeadLetter(long runId, String username, String language, String priorityClass, Instant finishedAt,
                             int attempts, String reason, Long submissionId) {
    }

    /** Which runs are dead letters (?1: the oldest end that counts): one condition for listing and purging. */
    private static final String DEAD_LETTER = "r.verdict = 'SYSTEM_ERROR' and r.finished_at > ?1 "
            + "and coalesce(r.stderr, '') <> 'replaced by a re-judge' "
            + "and not exists (select 1 from dead_letter_handled h where h.run_id = r.id)";

    private static java.sql.Timestamp deadLettersSince() {
        return java.sql.Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(7)));
    }

    /** Dead letters of the last week, newest first: runs ended with SYSTEM_ERROR that no one retried or purged. */
    public java.util.List<DeadLetter> deadLetters(int limit) {
        java.util.List<?> rows = entityManager.createNativeQuery("select r.id, a.username, r.language_id, "
                        + "r.priority_class, r.finished_at, r.attempts, left(coalesce(r.stderr, ''), 500), r.submission_id "
                        + "from run r join account a on a.id = r.account_id where " + DEAD_LETTER
                        + " order by r.finished_at desc limit ?2")
                .setParameter(1, deadLettersSince()).setParameter(2, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new DeadLetter(((Number) row[0]).longValue(),
                (String) row[1], (String) row[2], (String) row[3], DatabaseTime.instant(row[4]),
                ((Number) row[5]).intValue(), (String) row[6], row[7] == null ? null : ((Number) row[7]).longValue()))
                .toList();
    }

    /**
     * Retries a dead letter: a plain run waits for a runner again (the same run: whoever waits on it sees it run);
     * a submission's run is replaced by a new run that judges the submission again, in its own class. Returns the
     * run to hand to the matchmaker once this commits.
     */
    @jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.REQUIRES_NEW)
    public Run retryDeadLetter(long runId, String by) {
        Run run = entityManager.find(Run.class, runId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (run == null || handled(runId) || run.getVerdict() != org.codearena.protocol.Verdict.SYSTEM_ERROR) {
            throw new ConflictException("run " + runId + " is not a dead letter (it did not end with SYSTEM_ERROR, or "
                    + "it was retried or purged already)");
        }
        Run again = run;
        if (run.getSubmissionId() != null) {
            org.codearena.domain.model.submission.Submission submission = entityManager.find(
                    org.codearena.domain.model.submission.Submission.class, run.getSubmissionId(),
                    jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
            if (submission == null || submission.getRunId() != runId) {
                throw new ConflictException("run " + runId + " no longer judges its submission (it was judged again "
                        + "since): nothing to retry");
            }
            again = new Run(submission.getAccountId(), submission.getLanguageId(), submission.getPriorityClass(),
                    submission.getSource(), "", Instant.now());
            entityManager.persist(again);
            entityManager.flush();
            again.judges(submission.getId());
            submission.rejudgeBy(again.getId());
        } else if (!run.retryAfterSystemError()) {
            throw new ConflictException("run " + runId + " cannot be retried");
        }
        markHandled(runId, "retried", by);
        return again;
    }

    /** Purges dead letters (one, or all when runId is null): they leave the list; the runs stay as they ended. */
    public int purgeDeadLetters(Long runId, String by) {
        var purge = entityManager.createNativeQuery("insert into dead_letter_handled (run_id, action, handled_at, "
                        + "handled_by) select r.id, 'purged', ?2, ?3 from run r where " + DEAD_LETTER
                        + (runId == null ? "" : " and r.id = ?4") + " on conflict (run_id) do nothing")
                .setParameter(1, deadLettersSince()).setParameter(2, java.sql.Timestamp.from(Instant.now()))
                .setParameter(3, by);
        if (runId != null) {
            purge.setParameter(4, runId);
        }
        int purged = purge.executeUpdate();
        if (runId != null && purged == 0) {
            throw new UnknownResourceException("run " + runId + " is not among the dead letters");
        }
        return purged;
    }

    private boolean handled(long runId) {
        return !entityManager.createNativeQuery("select 1 from dead_letter_handled where run_id = ?1")
                .setParameter(1, runId).getResultList().isEmpty();
    }

    private void markHandled(long runId, String action, String by) {
        entityManager.createNativeQuery("insert into dead_letter_handled (run_id, action, handled_at, handled_by) "
                        + "values (?1, ?2, ?3, ?4) on conflict (run_id) do nothing")
                .setParameter(1, runId).setParameter(2, action).setParameter(3, java.sql.Timestamp.from(Instant.now()))
                .setParameter(4, by).executeUpdate();
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
