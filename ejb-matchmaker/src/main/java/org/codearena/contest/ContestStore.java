package org.codearena.contest;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.codearena.domain.model.contest.Contest;
import org.codearena.domain.model.submission.Submission;

/** Contest standings and the leaderboard's one query, each in its own transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ContestStore {

    /**
     * One participant's standing on one task, recomputed from their judged submissions (so that it is right
     * whatever order results come in, however often, and after a re-judge): the best-scoring one (the
     * earliest of equals) or the last one, and how many there were.
     */
    private static final String STANDING = "insert into contest_standing (contest_id, account_id, task_id, "
            + "submission_id, score, submitted_at, attempts) "
            + "select s.contest_id, s.account_id, s.task_id, s.id, s.score, s.submitted_at, "
            + "(select count(*) from submission c where c.contest_id = ?1 and c.account_id = ?2 and c.task_id = ?3 "
            + "and c.status = 'JUDGED') "
            + "from submission s where s.contest_id = ?1 and s.account_id = ?2 and s.task_id = ?3 and s.status = 'JUDGED' "
            + "order by %s limit 1 "
            + "on conflict (contest_id, account_id, task_id) do update set submission_id = excluded.submission_id, "
            + "score = excluded.score, submitted_at = excluded.submitted_at, attempts = excluded.attempts";

    /** Totals per participant, best first, ties by the latest counted submission. */
    private static final String TOTALS = "select s.account_id, a.username, e.region, sum(s.score) as total, "
            + "max(s.submitted_at) as last_at from contest_standing s join account a on a.id = s.account_id "
            + "left join contest_entry e on e.contest_id = s.contest_id and e.account_id = s.account_id "
            + "where s.contest_id = ?1 group by s.account_id, a.username, e.region order by total desc, last_at asc, "
            + "s.account_id asc";

    private static final String CELLS = "select account_id, task_id, score, attempts from contest_standing where contest_id = ?1";

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /** Recomputes the standing the scored submission belongs to; returns its contest, if it has one. */
    public Optional<Contest> updateStanding(long submissionId) {
        Submission submission = entityManager.find(Submission.class, submissionId);
        if (submission == null || submission.getContestId() == null) {
            return Optional.empty();
        }
        Contest contest = entityManager.find(Contest.class, submission.getContestId());
        String order = contest.getRule() == Contest.Rule.LAST ? "s.id desc" : "s.score desc, s.id asc";
        entityManager.createNativeQuery(String.format(STANDING, order)).setParameter(1, contest.getId())
                .setParameter(2, submission.getAccountId()).setParameter(3, submission.getTaskId()).executeUpdate();
        return Optional.of(contest);
    }

    public Optional<Contest> contest(long contestId) {
        return Optional.ofNullable(entityManager.find(Contest.class, contestId));
    }

    /** The whole leaderboard: two reads of the contest's standings (its primary key's first column). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Leaderboard compute(long contestId) {
        Contest contest = entityManager.find(Contest.class, contestId);
        List<Long> taskIds = contest.getTaskIds();
        Map<Long, Integer> column = new HashMap<>();
        for (int i = 0; i < taskIds.size(); i++) {
            column.put(taskIds.get(i), i);
        }
        Map<Long, int[][]> cells = new HashMap<>();
        for (Object row : entityManager.createNativeQuery(CELLS).setParameter(1, contestId).getResultList()) {
            Object[] values = (Object[]) row;
            Integer index = column.get(((Number) values[1]).longValue());
            if (index != null) {
                int[][] cell = cells.computeIfAbsent(((Number) values[0]).longValue(), id -> new int[2][taskIds.size()]);
                cell[0][index] = ((Number) values[2]).intValue();
                cell[1][index] = ((Number) values[3]).intValue();
            }
        }
        List<Leaderboard.Row> rows = new ArrayList<>();
        for (Object row : entityManager.createNativeQuery(TOTALS).setParameter(1, contestId).getResultList()) {
            Object[] values = (Object[]) row;
            long accountId = ((Number) values[0]).longValue();
            int[][] cell = cells.getOrDefault(accountId, new int[2][taskIds.size()]);
            long seconds = Math.max(0, Duration.between(contest.getStartsAt(), instant(values[4])).toSeconds());
            rows.add(new Leaderboard.Row(0, accountId, (String) values[1], (String) values[2],
                    ((Number) values[3]).intValue(), seconds, toList(cell[0]), toList(cell[1])));
        }
        return Leaderboard.ranked(contestId, contest.getSlug(), taskIds, rows);
    }

    private static java.time.Instant instant(Object value) {
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime offset) {
            return offset.toInstant();
        }
        return (java.time.Instant) value;
    }

    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int value : values) {
            list.add(value);
        }
        return List.copyOf(list);
    }
}
