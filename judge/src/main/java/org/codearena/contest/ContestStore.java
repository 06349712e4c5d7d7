package org.codearena.contest;

import org.codearena.domain.model.DatabaseTime;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** Every standing of the contest with its participant's name and region: the leaderboard's one read. */
    private static final String STANDINGS = "select s.account_id, a.username, e.region, s.task_id, s.score, s.attempts, "
            + "s.submitted_at from contest_standing s join account a on a.id = s.account_id "
            + "left join contest_entry e on e.contest_id = s.contest_id and e.account_id = s.account_id "
            + "where s.contest_id = ?1";

    /**
     * The standings as they were at the freeze: per participant and task, the submission that counts among those
     * made before it (judged since, too: a frozen board still shows what was submitted in time), and how many
     * of those there were. The same columns as {@link #STANDINGS}.
     */
    private static final String FROZEN_STANDINGS = "select s.account_id, a.username, e.region, s.task_id, s.score, "
            + "(select count(*) from submission c where c.contest_id = ?1 and c.account_id = s.account_id "
            + "and c.task_id = s.task_id and c.status = 'JUDGED' and c.submitted_at < ?2), s.submitted_at "
            + "from (select distinct on (account_id, task_id) * from submission where contest_id = ?1 "
            + "and status = 'JUDGED' and submitted_at < ?2 order by account_id, task_id, %s) s "
            + "join account a on a.id = s.account_id "
            + "left join contest_entry e on e.contest_id = s.contest_id and e.account_id = s.account_id";

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

    /**
     * The whole leaderboard from one read of the contest's standings (its primary key's first column): totals
     * per participant, best first, ties by the latest counted submission (earlier first). While the contest's
     * scoreboard is frozen, from the submissions made before the freeze instead.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Leaderboard compute(long contestId) {
        Contest contest = entityManager.find(Contest.class, contestId);
        List<Long> taskIds = contest.getTaskIds();
        Instant frozenAt = contest.isFrozenAt(Instant.now()) ? contest.freezesAt().orElseThrow() : null;
        List<?> standings = frozenAt == null
                ? entityManager.createNativeQuery(STANDINGS).setParameter(1, contestId).getResultList()
                : entityManager.createNativeQuery(String.format(FROZEN_STANDINGS,
                                contest.getRule() == Contest.Rule.LAST ? "id desc" : "score desc, id asc"))
                        .setParameter(1, contestId).setParameter(2, Timestamp.from(frozenAt)).getResultList();
        Map<Long, Participant> participants = new HashMap<>();
        for (Object row : standings) {
            Object[] values = (Object[]) row;
            int column = taskIds.indexOf(((Number) values[3]).longValue());
            if (column < 0) {
                continue;
            }
            Participant participant = participants.computeIfAbsent(((Number) values[0]).longValue(),
                    id -> new Participant(id, (String) values[1], (String) values[2], taskIds.size()));
            participant.add(column, ((Number) values[4]).intValue(), ((Number) values[5]).intValue(), DatabaseTime.instant(values[6]));
        }
        List<Leaderboard.Row> rows = participants.values().stream()
                .sorted(Comparator.comparingInt(Participant::total).reversed()
                        .thenComparing(Participant::lastAt).thenComparingLong(Participant::accountId))
                .map(p -> new Leaderboard.Row(0, p.accountId, p.username, p.region, p.total,
                        Math.max(0, Duration.between(contest.getStartsAt(), p.lastAt).toSeconds()),
                        toList(p.scores), toList(p.attempts)))
                .toList();
        return frozenAt == null ? Leaderboard.ranked(contestId, contest.getSlug(), rows)
                : Leaderboard.frozen(contestId, contest.getSlug(), frozenAt, rows);
    }

    /** One participant's standings while the board is being built. */
    private static final class Participant {
        private final long accountId;
        private final String username;
        private final String region;
        private final int[] scores;
        private final int[] attempts;
        private int total;
        private Instant lastAt = Instant.MIN;

        Participant(long accountId, String username, String region, int tasks) {
            this.accountId = accountId;
            this.username = username;
            this.region = region;
            this.scores = new int[tasks];
            this.attempts = new int[tasks];
        }

        void add(int column, int score, int tries, Instant submittedAt) {
            scores[column] = score;
            attempts[column] = tries;
            total += score;
            if (submittedAt.isAfter(lastAt)) {
                lastAt = submittedAt;
            }
        }

        int total() {
            return total;
        }

        Instant lastAt() {
            return lastAt;
        }

        long accountId() {
            return accountId;
        }
    }


    private static List<Integer> toList(int[] values) {
        List<Integer> list = new ArrayList<>(values.length);
        for (int value : values) {
            list.add(value);
        }
        return List.copyOf(list);
    }
}
