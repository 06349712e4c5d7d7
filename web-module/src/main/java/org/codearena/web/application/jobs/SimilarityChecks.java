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
import javax.sql.DataSource;
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
 * ({@code similarity}) two minutes after its last heartbeat. The platform flags; people decide.
 */
@Stateless
public class SimilarityChecks extends ReplicaJob {

    private static final Logger LOG = Logger.getLogger(SimilarityChecks.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    private static final Type BASE_CODE = new HashMap<String, List<String>>() { }.getClass().getGenericSuperclass();

    /** A check's heartbeat older than this: its server stopped, another may claim it. */
    static final int STALE_SECONDS = 120;

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

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replicaData;

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
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        // the creating transaction commits as the request ends: look for the row a few times
        for (int attempt = 0; attempt < 50; attempt++) {
            if (self.claim(checkId)) {
                execute(checkId);
                return;
            }
            if (self.check(checkId).map(c -> !"QUEUED".equals(c.state())).orElse(false)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The scheduled turn: checks nobody works on (queued while every server was busy, or their server stopped). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JobResult run() {
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        List<Long> open = new ArrayList<>();
        for (Object id : entityManager.createNativeQuery("select id from similarity_check where state = 'QUEUED' "
                + "or (state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?1)) order by id")
                .setParameter(1, STALE_SECONDS).getResultList()) {
            open.add(((Number) id).longValue());
        }
        int ran = 0;
        for (long id : open) {
            if (self.claim(id)) {
                execute(id);
                ran++;
            }
        }
        return JobResult.ok(open.isEmpty() ? "no similarity check waiting" : "took up " + ran + " of " + open.size()
                + " waiting similarity checks");
    }

    /** Takes a check for this server: a queued one, or one whose server stopped renewing its heartbeat. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean claim(long checkId) {
        return entityManager.createNativeQuery("update similarity_check set state = 'RUNNING', server = ?1, "
                        + "attempts = attempts + 1, started_at = now(), heartbeat_at = now(), "
                        + "phase = 'reading the submissions', done = 0, total = 0 where id = ?2 and (state = 'QUEUED' "
                        + "or (state = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?3)))")
                .setParameter(1, cluster.serverId()).setParameter(2, checkId).setParameter(3, STALE_SECONDS)
                .executeUpdate() == 1;
    }

    private void execute(long checkId) {
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        String server = cluster.serverId();
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
                            if (!self.progress(checkId, server, phase, done, total)) {
                                throw new IllegalStateException("check " + checkId + " was taken over by another "
                                        + "server");
                            }
                        }
                    });
            self.finish(checkId, server, outcome, solutions.size(), readFrom);
            long millis = (System.nanoTime() - began) / 1_000_000;
            LOG.info(() -> "event=similarity-check-done checkId=" + checkId + " submissions=" + solutions.size()
                    + " comparedPairs=" + outcome.comparedPairs() + " flagged=" + outcome.pairs().size()
                    + " skipped=" + outcome.skipped().size() + " readFrom=" + readFrom + " millis=" + millis);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "event=similarity-check-failed checkId=" + checkId, e);
            self.fail(checkId, server, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** The solutions to compare, from the replica when it is fresh enough, else from the primary; says which. */
    private String read(String scope, long scopeId, long taskId, List<SimilarityEngine.Solution> into)
            throws SQLException {
        String query = "ASSESSMENT".equals(scope) ? ASSESSMENT_SOLUTIONS : CONTEST_SOLUTIONS;
        if (replica().usable()) {
            try (Connection connection = replicaData.getConnection()) {
                read(connection, query, scopeId, taskId, into);
                return "replica";
            }
        }
        SimilarityChecks self = context.getBusinessObject(SimilarityChecks.class);
        into.addAll(self.readPrimary(query, scopeId, taskId));
        return "primary";
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public List<SimilarityEngine.Solution> readPrimary(String query, long scopeId, long taskId) {
        List<SimilarityEngine.Solution> solutions = new ArrayList<>();
        entityManager.unwrap(Session.class).doWork(connection -> read(connection, query, scopeId, taskId, solutions));
        return solutions;
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

    /** How far this server is; false when the check is no longer this server's. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean progress(long checkId, String server, String phase, long done, long total) {
        return entityManager.createNativeQuery("update similarity_check set phase = ?1, done = ?2, total = ?3, "
                        + "heartbeat_at = now() where id = ?4 and server = ?5 and state = 'RUNNING'")
                .setParameter(1, phase).setParameter(2, done).setParameter(3, total).setParameter(4, checkId)
                .setParameter(5, server).executeUpdate() == 1;
    }

    /** The pairs found and what was left out, written at once (a check taken over by another server writes nothing). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void finish(long checkId, String server, SimilarityEngine.Outcome outcome, int submissions,
                       String readFrom) {
        List<?> mine = entityManager.createNativeQuery("select id from similarity_check where id = ?1 and server = ?2 "
                + "and state = 'RUNNING' for update").setParameter(1, checkId).setParameter(2, server).getResultList();
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
    public void fail(long checkId, String server, String error) {
        entityManager.createNativeQuery("update similarity_check set state = 'FAILED', finished_at = now(), "
                        + "error = ?1 where id = ?2 and server = ?3 and state = 'RUNNING'")
                .setParameter(1, error.length() > 2000 ? error.substring(0, 2000) : error)
                .setParameter(2, checkId).setParameter(3, server).executeUpdate();
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
            Object[] row = (Object[]) found;
            pairs.add(new PairSummary(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), (String) row[3], (String) row[4], (String) row[5],
                    ((Number) row[6]).doubleValue(), ((Number) row[7]).doubleValue(), ((Number) row[8]).intValue()));
        }
        return pairs;
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
            PairSummary summary = new PairSummary(((Number) row[0]).longValue(), ((Number) row[1]).longValue(),
                    ((Number) row[2]).longValue(), (String) row[3], (String) row[4], (String) row[5],
                    ((Number) row[6]).doubleValue(), ((Number) row[7]).doubleValue(), ((Number) row[8]).intValue());
            return new PairDetail(summary, (String) row[9], (String) row[10], (String) row[11], (String) row[12],
                    (String) row[13], checkId);
        }).findFirst();
    }
}
