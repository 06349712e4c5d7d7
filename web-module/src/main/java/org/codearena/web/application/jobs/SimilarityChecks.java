package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.judge.similarity.SimilarityEngine;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;
import org.codearena.domain.model.DatabaseTime;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Similarity checks of one task's final submissions in an assessment (each candidate's last submission) or a
 * contest (each participant's last): the request writes a QUEUED check; a server claims it, reads the submissions
 * from the replica, compares every pair with JPlag ({@link SimilarityEngine}, on
 * {@code codearena.similarity.threads} threads, one by default so that the other core keeps serving) and stores
 * the pairs at or above the check's threshold with their matched regions. While it works it writes how far it is
 * (and a heartbeat) every second; a check whose server stopped is claimed again by the scheduled turn
 * ({@code similarity}) five minutes after its last heartbeat, at most three times. The platform flags; people decide.
 */
@Stateless
public class SimilarityChecks extends ReplicaJob {

    private static final Logger LOG = Logger.getLogger(SimilarityChecks.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Type BASE_CODE = new HashMap<String, List<String>>() { }.getClass().getGenericSuperclass();

    /**
     * A check's heartbeat older than this: its server stopped, another may claim it (the heartbeat is renewed while
     * pairs are compared; reading and parsing 5,000 submissions take well under a minute).
     */
    static final int STALE_SECONDS = 300;

    /** A check whose server stopped under it this often ends as FAILED (it is likely what stops them). */
    static final int MAX_ATTEMPTS = 3;

    /**
     * One check at a time on a server: ten clicks do not make ten JPlag heaps; the others wait, QUEUED, for this
     * server's next turn or another server.
     */
    private static final java.util.concurrent.Semaphore WORKING = new java.util.concurrent.Semaphore(1);

    private static final String ASSESSMENT_SOLUTIONS = "select distinct on (s.invitation_id) s.id, s.language_id, "
            + "s.source from submission s join assessment_invitation i on i.id = s.invitation_id "
            + "where i.assessment_id = ? and s.task_id = ? order by s.invitation_id, s.id desc";
    private static final String CONTEST_SOLUTIONS = "select distinct on (s.account_id) s.id, s.language_id, "
            + "s.source from submission s where s.contest_id = ? and s.task_id = ? order by s.account_id, s.id desc";

    /** A check as its page shows it. */
    public record Check(long id, String scope, long scopeId, long taskId, double threshold, String state,
                        String phase, long done, long total, Instant createdAt, Instant startedAt,
                        Instant finishedAt, Integer submissions, Long comparedPairs, String readFrom,
                        String skipped, String notes, String error, List<String> baseCodeLanguages) {
    }


    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Resource
    private SessionContext context;

    @EJB
    private ClusterNotices cluster;

    @Inject
    @ConfigProperty(name = "codearena.similarity.threads", defaultValue = "1")
    int threads;

    /** In the caller's transaction: a QUEUED check; {@link #start} then works on it. */
    public long create(String scope, long scopeId, long taskId, double threshold,
                       Map<String, List<String>> baseCode, long requestedBy) {
        Object id = entityManager.createNativeQuery("insert into similarity_check (scope, scope_id, task_id, "
                        + "threshold, base_code, requested_by, state, phase) values (?1, ?2, ?3, ?4, ?5, ?6, 'QUEUED', "
                        + "'waiting for a server to take it') returning id")
                .setParameter(1, scope).setParameter(2, scopeId).setParameter(3, taskId).setParameter(4, threshold)
                .setParameter(5, JSON.toJson(baseCode)).setParameter(6, requestedBy).getSingleResult();
        return ((Number) id).longValue();
    }

    /** Works on a new check at once, on another thread (the request that made it has committed by then). */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void start(long checkId) {
        if (!WORKING.tryAcquire()) {
            // this server compares as many checks as it may: the check waits (QUEUED) for the next turn
            return;
        }
        try {
            SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
            // the creating transaction commits as the request ends: look for the row a few times
            for (int attempt = 0; attempt < 50; attempt++) {
                Integer claimed = self.claim(checkId);
                if (claimed != null) {
                    execute(checkId, claimed);
                    return;
                }
                if (self.check(checkId).map(c -> !"QUEUED".equals(c.state())).orElse(false)) {
                    return;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            WORKING.release();
        }
    }

    /**
     * The scheduled turn: checks nobody works on (queued while the servers were busy, or their server stopped) are
     * handed to {@link #start} (on threads of their own: a long check does not hold the jobs' timer); a check that
     * stopped its server {@value #MAX_ATTEMPTS} times ends as FAILED.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JobResult run() {
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        int given = self.giveUp();
        List<Long> open = new ArrayList<>();
        for (Object id : entityManager.createNativeQuery("select id from similarity_check where attempts < ?2 and "
                        + "(state = 'QUEUED' or (state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?1))) "
                        + "order by id").setParameter(1, STALE_SECONDS).setParameter(2, MAX_ATTEMPTS)
                .getResultList()) {
            open.add(((Number) id).longValue());
        }
        open.forEach(self::start);
        return JobResult.ok((open.isEmpty() ? "no similarity check waiting" : "handed " + open.size()
                + " waiting similarity checks to this server") + (given == 0 ? "" : "; " + given
                + " given up after " + MAX_ATTEMPTS + " attempts"));
    }

    /** Checks whose server stopped under them {@value #MAX_ATTEMPTS} times end as FAILED, with a reason. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int giveUp() {
        return entityManager.createNativeQuery("update similarity_check set state = 'FAILED', finished_at = now(), "
                        + "error = 'the servers that compared these submissions stopped ' || attempts || ' times before "
                        + "the end (too many submissions for the server''s memory?); ask an administrator to look at the "
                        + "servers'' logs' where state = 'RUNNING' and attempts >= ?2 "
                        + "and heartbeat_at < now() - make_interval(secs => ?1)")
                .setParameter(1, STALE_SECONDS).setParameter(2, MAX_ATTEMPTS).executeUpdate();
    }

    /**
     * Takes a check for this server: a queued one, or one whose server stopped renewing its heartbeat; returns the
     * attempt it now is (every later write is fenced by it), or null when it is not to be taken.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Integer claim(long checkId) {
        List<?> claimed = entityManager.createNativeQuery("update similarity_check set state = 'RUNNING', server = ?1, "
                        + "attempts = attempts + 1, started_at = now(), heartbeat_at = now(), "
                        + "phase = 'reading the submissions', done = 0, total = 0 where id = ?2 and attempts < ?4 "
                        + "and (state = 'QUEUED' or (state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?3))) "
                        + "returning attempts")
                .setParameter(1, cluster.serverId()).setParameter(2, checkId).setParameter(3, STALE_SECONDS)
                .setParameter(4, MAX_ATTEMPTS).getResultList();
        return claimed.isEmpty() ? null : ((Number) claimed.get(0)).intValue();
    }

    private void execute(long checkId, int attempt) {
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        long began = System.nanoTime();
        try {
            Object[] row = self.definition(checkId);
            String scope = (String) row[0];
            long scopeId = ((Number) row[1]).longValue();
            long taskId = ((Number) row[2]).longValue();
            double threshold = ((Number) row[3]).doubleValue();
            Map<String, List<String>> baseCode = JSON.fromJson((String) row[4], BASE_CODE);
            List<SimilarityEngine.Solution> solutions = new ArrayList<>();
            String readFrom = read(scope, scopeId, taskId, solutions);
            long[] lastBeat = {0};
            SimilarityEngine.Outcome outcome = new SimilarityEngine(threads).compare(solutions, baseCode, threshold,
                    (phase, done, total) -> {
                        long now = System.nanoTime();
                        if (now - lastBeat[0] >= 1_000_000_000L) {
                            lastBeat[0] = now;
                            if (!self.progress(checkId, attempt, phase, done, total)) {
                                throw new IllegalStateException("check " + checkId + " was taken over by another "
                                        + "server");
                            }
                        }
                    });
            self.finish(checkId, attempt, outcome, solutions.size(), readFrom);
            long millis = (System.nanoTime() - began) / 1_000_000;
            LOG.info(() -> "event=similarity-check-done checkId=" + checkId + " submissions=" + solutions.size()
                    + " comparedPairs=" + outcome.comparedPairs() + " flagged=" + outcome.pairs().size()
                    + " skipped=" + outcome.skipped().size() + " readFrom=" + readFrom + " millis=" + millis);
        } catch (Throwable e) {
            LOG.log(Level.WARNING, "event=similarity-check-failed checkId=" + checkId, e);
            self.fail(checkId, attempt, e instanceof OutOfMemoryError
                    ? "the server ran out of memory comparing these submissions; ask an administrator for a larger "
                    + "heap, or compare fewer at once" : e.getMessage() == null ? e.toString() : e.getMessage());
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
        }
    }

    /** The solutions to compare, from the replica when it is fresh enough, else from the primary; says which. */
    private String read(String scope, long scopeId, long taskId, List<SimilarityEngine.Solution> into)
            throws SQLException {
        String query = "ASSESSMENT".equals(scope) ? ASSESSMENT_SOLUTIONS : CONTEST_SOLUTIONS;
        Source source = source();
        read(source, connection -> {
            read(connection, query, scopeId, taskId, into);
            return null;
        });
        return source.label();
    }

    private static void read(Connection connection, String query, long scopeId, long taskId,
                             List<SimilarityEngine.Solution> into) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query)) {
            statement.setLong(1, scopeId);
            statement.setLong(2, taskId);
            statement.setFetchSize(500);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    into.add(new SimilarityEngine.Solution(rows.getLong(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Object[] definition(long checkId) {
        return (Object[]) entityManager.createNativeQuery("select scope, scope_id, task_id, threshold, base_code "
                + "from similarity_check where id = ?1").setParameter(1, checkId).getSingleResult();
    }

    /** How far this attempt is; false when the check is no longer this attempt's (another server took it over). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean progress(long checkId, int attempt, String phase, long done, long total) {
        return entityManager.createNativeQuery("update similarity_check set phase = ?1, done = ?2, total = ?3, "
                        + "heartbeat_at = now() where id = ?4 and attempts = ?5 and state = 'RUNNING'")
                .setParameter(1, phase).setParameter(2, done).setParameter(3, total).setParameter(4, checkId)
                .setParameter(5, attempt).executeUpdate() == 1;
    }

    /** The pairs found and what was left out, written at once (a check taken over by another server writes nothing). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void finish(long checkId, int attempt, SimilarityEngine.Outcome outcome, int submissions,
                       String readFrom) {
        List<?> mine = entityManager.createNativeQuery("select id from similarity_check where id = ?1 and attempts = ?2 "
                + "and state = 'RUNNING' for update").setParameter(1, checkId).setParameter(2, attempt).getResultList();
        if (mine.isEmpty()) {
            return;
        }
        entityManager.createNativeQuery("delete from similarity_pair where check_id = ?1").setParameter(1, checkId)
                .executeUpdate();
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into similarity_pair (check_id, "
                    + "first_submission_id, second_submission_id, language, similarity, max_similarity, "
                    + "matched_tokens, regions) values (?, ?, ?, ?, ?, ?, ?, ?)")) {
                int batched = 0;
                for (SimilarityEngine.Pair pair : outcome.pairs()) {
                    insert.setLong(1, checkId);
                    insert.setLong(2, pair.first());
                    insert.setLong(3, pair.second());
                    insert.setString(4, pair.language());
                    insert.setDouble(5, pair.similarity());
                    insert.setDouble(6, pair.maxSimilarity());
                    insert.setInt(7, pair.matchedTokens());
                    insert.setString(8, JSON.toJson(pair.regions()));
                    insert.addBatch();
                    if (++batched % 500 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
        });
        entityManager.createNativeQuery("update similarity_check set state = 'DONE', finished_at = now(), "
                        + "heartbeat_at = now(), phase = ?1, done = total, submissions = ?2, compared_pairs = ?3, "
                        + "read_from = ?4, skipped = ?5, notes = ?6, error = null where id = ?7")
                .setParameter(1, outcome.pairs().size() + " pairs at or above the threshold")
                .setParameter(2, submissions).setParameter(3, outcome.comparedPairs()).setParameter(4, readFrom)
                .setParameter(5, JSON.toJson(outcome.skipped())).setParameter(6, JSON.toJson(outcome.notes()))
                .setParameter(7, checkId).executeUpdate();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void fail(long checkId, int attempt, String error) {
        entityManager.createNativeQuery("update similarity_check set state = 'FAILED', finished_at = now(), "
                        + "error = ?1 where id = ?2 and attempts = ?3 and state = 'RUNNING'")
                .setParameter(1, error.length() > 2000 ? error.substring(0, 2000) : error)
                .setParameter(2, checkId).setParameter(3, attempt).executeUpdate();
    }

    /** A check as stored (its pairs apart). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Check> check(long checkId) {
        List<?> rows = entityManager.createNativeQuery("select id, scope, scope_id, task_id, threshold, state, phase, "
                + "done, total, created_at, started_at, finished_at, submissions, compared_pairs, read_from, skipped, "
                + "notes, error, base_code from similarity_check where id = ?1").setParameter(1, checkId)
                .getResultList();
        return rows.stream().map(row -> toCheck((Object[]) row)).findFirst();
    }

    /** The checks of an assessment or a contest, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Check> checks(String scope, long scopeId) {
        List<Check> checks = new ArrayList<>();
        for (Object row : entityManager.createNativeQuery("select id, scope, scope_id, task_id, threshold, state, "
                        + "phase, done, total, created_at, started_at, finished_at, submissions, compared_pairs, "
                        + "read_from, skipped, notes, error, base_code from similarity_check where scope = ?1 "
                        + "and scope_id = ?2 order by id desc").setParameter(1, scope).setParameter(2, scopeId)
                .setMaxResults(50).getResultList()) {
            checks.add(toCheck((Object[]) row));
        }
        return checks;
    }

    private static Check toCheck(Object[] row) {
        Map<String, List<String>> base = JSON.fromJson((String) row[18], BASE_CODE);
        return new Check(((Number) row[0]).longValue(), (String) row[1], ((Number) row[2]).longValue(),
                ((Number) row[3]).longValue(), ((Number) row[4]).doubleValue(), (String) row[5], (String) row[6],
                ((Number) row[7]).longValue(), ((Number) row[8]).longValue(), DatabaseTime.instant(row[9]),
                DatabaseTime.instant(row[10]), DatabaseTime.instant(row[11]),
                row[12] == null ? null : ((Number) row[12]).intValue(),
                row[13] == null ? null : ((Number) row[13]).longValue(), (String) row[14], (String) row[15],
                (String) row[16], (String) row[17],
                base.entrySet().stream().filter(e -> !e.getValue().isEmpty()).map(Map.Entry::getKey).sorted().toList());
    }

    /** A flagged pair as listed: the two submissions, who wrote them, the similarity. */
    public record PairSummary(long id, long first, long second, String firstAuthor, String secondAuthor,
                              String language, double similarity, double maxSimilarity, int matchedTokens) {
    }

    /** The check's pairs, most similar first, with who wrote each side (candidate e-mail or username). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<PairSummary> pairs(long checkId, int limit) {
        List<PairSummary> pairs = new ArrayList<>();
        for (Object found : entityManager.createNativeQuery("select p.id, p.first_submission_id, "
                        + "p.second_submission_id, " + AUTHOR.formatted("a") + ", " + AUTHOR.formatted("b")
                        + ", p.language, p.similarity, p.max_similarity, p.matched_tokens from similarity_pair p "
                        + "join submission a on a.id = p.first_submission_id "
                        + "join submission b on b.id = p.second_submission_id "
                        + "where p.check_id = ?1 order by p.similarity desc, p.id")
                .setParameter(1, checkId).setMaxResults(limit).getResultList()) {
            pairs.add(summary((Object[]) found));
        }
        return pairs;
    }

    /** A pair's first nine columns: id, the two submissions, their authors, language, similarities, tokens. */
    private static PairSummary summary(Object[] row) {
        return new PairSummary(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                ((Number) row[2]).longValue(), (String) row[3], (String) row[4], (String) row[5],
                ((Number) row[6]).doubleValue(), ((Number) row[7]).doubleValue(), ((Number) row[8]).intValue());
    }

    /** Who wrote a submission: the candidate's e-mail in an assessment, else the account's username. */
    private static final String AUTHOR = "coalesce((select i.email from assessment_invitation i where i.id = "
            + "%1$s.invitation_id), (select u.username from account u where u.id = %1$s.account_id))";

    /** One pair whole: both sources and the matched regions. */
    public record PairDetail(PairSummary summary, String firstSource, String secondSource, String firstLanguage,
                             String secondLanguage, String regions, long checkId) {
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<PairDetail> pair(long checkId, long pairId) {
        List<?> rows = entityManager.createNativeQuery("select p.id, p.first_submission_id, p.second_submission_id, "
                        + AUTHOR.formatted("a") + ", " + AUTHOR.formatted("b") + ", p.language, p.similarity, "
                        + "p.max_similarity, p.matched_tokens, a.source, b.source, a.language_id, b.language_id, "
                        + "p.regions from similarity_pair p join submission a on a.id = p.first_submission_id "
                        + "join submission b on b.id = p.second_submission_id where p.id = ?1 and p.check_id = ?2")
                .setParameter(1, pairId).setParameter(2, checkId).getResultList();
        return rows.stream().map(found -> {
            Object[] row = (Object[]) found;
            return new PairDetail(summary(row), (String) row[9], (String) row[10], (String) row[11], (String) row[12],
                    (String) row[13], checkId);
        }).findFirst();
    }
}
