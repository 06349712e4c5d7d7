package org.codearena.web.application.reports;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.codearena.web.application.ReplicaStatus;
import org.codearena.web.application.UnknownResourceException;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reports, read from the read replica only (never the primary, whatever happens to the replica): per assessment
 * for its recruiter, per contest and of the platform's use for ADMINs. Each says how fresh its figures are.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Reports {

    /** A recruiter sees their own assessments; an ADMIN sees every report. */
    public record Viewer(long accountId, boolean admin) {
    }

    private static final String ASSESSMENT = "select owner_account_id, title, duration_minutes, opens_at, closes_at, "
            + "task_ids from assessment where id = ?";
    private static final String TASKS = "select t.id, t.slug, t.title, coalesce((select sum(points) from task_test tt "
            + "where tt.task_id = t.id), 0) from task t where t.id = any(?)";
    private static final String CANDIDATES = "select id, started_at, coalesce(finished_at, least(ends_at, now())) "
            + "from assessment_invitation where assessment_id = ?";
    private static final String BEST_SCORES = "select s.invitation_id, s.task_id, max(coalesce(s.score, 0)), count(*) "
            + "from submission s join assessment_invitation i on i.id = s.invitation_id where i.assessment_id = ? "
            + "group by s.invitation_id, s.task_id";
    /** Per test of each task: how the candidates' final judged submissions did on it. */
    private static final String FINAL_TESTS = "with final as (select distinct on (s.invitation_id, s.task_id) "
            + "s.task_id, s.run_id from submission s join assessment_invitation i on i.id = s.invitation_id "
            + "where i.assessment_id = ? and s.status = 'JUDGED' order by s.invitation_id, s.task_id, s.id desc) "
            + "select f.task_id, r.ordinal, count(*), count(*) filter (where r.verdict = 'OK') from final f "
            + "join run_test_result r on r.run_id = f.run_id group by f.task_id, r.ordinal order by f.task_id, r.ordinal";

    private static final String CONTEST = "select id, title, starts_at, ends_at, task_ids from contest where slug = ?";
    private static final String CONTEST_OVER_TIME = "select date_bin(?::interval, submitted_at, ?::timestamptz), "
            + "count(*) filter (where verdict = 'OK'), count(*) filter (where verdict is not null and verdict <> 'OK'), "
            + "count(*) filter (where verdict is null) from submission where contest_id = ? group by 1 order by 1";
    private static final String CONTEST_VERDICTS = "select coalesce(verdict, 'PENDING'), count(*) from submission "
            + "where contest_id = ? group by 1 order by 2 desc";
    private static final String CONTEST_TOTALS = "select e.account_id, coalesce(sum(s.score), 0) from contest_entry e "
            + "left join contest_standing s on s.contest_id = e.contest_id and s.account_id = e.account_id "
            + "where e.contest_id = ? group by e.account_id";
    private static final String CONTEST_TASKS = "select task_id, count(*), count(*) filter (where score >= ?), "
            + "sum(attempts) from contest_standing where contest_id = ? and task_id = ? group by task_id";

    /** Whole UTC hours, whatever the session's time zone. */
    private static final String HOUR = "date_bin('1 hour', accepted_at, timestamptz '2000-01-01 00:00:00+00')";
    private static final String USAGE_RUNS = "select " + HOUR + ", language_id, count(*) from run "
            + "where accepted_at >= ? group by 1, 2";
    private static final String USAGE_WAITS = "select " + HOUR + ", count(*), "
            + "percentile_cont(0.5) within group (order by extract(epoch from started_at - accepted_at) * 1000), "
            + "percentile_cont(0.95) within group (order by extract(epoch from started_at - accepted_at) * 1000) "
            + "from run where accepted_at >= ? and started_at is not null group by 1";
    private static final String USAGE_CLASSES = "select priority_class, count(*), "
            + "percentile_cont(0.5) within group (order by extract(epoch from started_at - accepted_at) * 1000), "
            + "percentile_cont(0.95) within group (order by extract(epoch from started_at - accepted_at) * 1000) "
            + "from run where accepted_at >= ? and started_at is not null group by 1 order by 1";
    private static final String USAGE_VERDICTS = "select coalesce(verdict, 'not finished'), count(*) from run "
            + "where accepted_at >= ? group by 1 order by 2 desc";
    private static final String USAGE_PEOPLE = "select count(distinct account_id), "
            + "(select count(*) from submission where submitted_at >= ?) from run where accepted_at >= ?";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replica;

    @EJB
    private ReplicaStatus replicaStatus;

    @Inject
    @ConfigProperty(name = "codearena.reports.max.lag.seconds", defaultValue = "60")
    int maxLagSeconds;

    /** Score distribution, time used and pass rates per task and per test of one assessment. */
    public Report assessment(long assessmentId, Viewer viewer) {
        Report.Freshness freshness = freshness();
        try (Connection connection = replica.getConnection()) {
            Object[] head = one(connection, ASSESSMENT, assessmentId);
            if (head == null || (!viewer.admin() && ((Number) head[0]).longValue() != viewer.accountId())) {
                throw new UnknownResourceException("no assessment " + assessmentId + " of yours (on the replica: a "
                        + "new one appears within seconds)");
            }
            int duration = ((Number) head[2]).intValue();
            List<TaskFacts> tasks = tasks(connection, ids((String) head[5]));
            int maxTotal = tasks.stream().mapToInt(TaskFacts::points).sum();

            Map<Long, Long> minutesUsed = new HashMap<>();
            int invited = 0;
            for (Object[] row : all(connection, CANDIDATES, assessmentId)) {
                invited++;
                if (row[1] != null) {
                    Duration used = Duration.between(((Timestamp) row[1]).toInstant(), ((Timestamp) row[2]).toInstant());
                    minutesUsed.put(((Number) row[0]).longValue(), Math.max(0, used.toMinutes()));
                }
            }
            Map<Long, Map<Long, int[]>> best = new HashMap<>();
            for (Object[] row : all(connection, BEST_SCORES, assessmentId)) {
                best.computeIfAbsent(((Number) row[0]).longValue(), k -> new HashMap<>())
                        .put(((Number) row[1]).longValue(), new int[] {((Number) row[2]).intValue(), ((Number) row[3]).intValue()});
            }

            // every candidate who started counts, with 0 for a task they did not submit
            int started = minutesUsed.size();
            List<Double> totals = new ArrayList<>();
            int fullMarks = 0;
            for (Long invitation : minutesUsed.keySet()) {
                int total = best.getOrDefault(invitation, Map.of()).values().stream().mapToInt(s -> s[0]).sum();
                totals.add(maxTotal == 0 ? 0 : 100.0 * total / maxTotal);
                fullMarks += maxTotal > 0 && total >= maxTotal ? 1 : 0;
            }
            List<List<Object>> scoreRows = percentBuckets(totals);
            int bucketMinutes = Math.max(1, (duration + 9) / 10);
            long[] timeCounts = new long[(duration + bucketMinutes - 1) / bucketMinutes + 1];
            for (long minutes : minutesUsed.values()) {
                timeCounts[(int) Math.min(timeCounts.length - 1, minutes / bucketMinutes)]++;
            }
            List<List<Object>> timeRows = new ArrayList<>();
            for (int i = 0; i < timeCounts.length; i++) {
                long from = (long) i * bucketMinutes;
                String label = i == timeCounts.length - 1 ? from + "+ min" : from + "–" + (from + bucketMinutes) + " min";
                if (i < timeCounts.length - 1 || timeCounts[i] > 0) {
                    timeRows.add(List.of(label, timeCounts[i]));
                }
            }
            List<List<Object>> taskRows = new ArrayList<>();
            for (TaskFacts task : tasks) {
                int attempted = 0;
                int passed = 0;
                long points = 0;
                for (Long invitation : minutesUsed.keySet()) {
                    int[] score = best.getOrDefault(invitation, Map.of()).get(task.id());
                    attempted += score == null ? 0 : 1;
                    passed += score != null && task.points() > 0 && score[0] >= task.points() ? 1 : 0;
                    points += score == null ? 0 : score[0];
                }
                taskRows.add(List.of(task.title(), attempted, passed, percent(passed, started),
                        started == 0 ? 0.0 : round1((double) points / started), task.points()));
            }
            Map<Long, TaskFacts> byId = new HashMap<>();
            tasks.forEach(t -> byId.put(t.id(), t));
            List<List<Object>> testRows = new ArrayList<>();
            for (Object[] row : all(connection, FINAL_TESTS, assessmentId)) {
                TaskFacts task = byId.get(((Number) row[0]).longValue());
                long finals = ((Number) row[2]).longValue();
                long passed = ((Number) row[3]).longValue();
                testRows.add(List.of((task == null ? "task " + row[0] : task.slug()) + " #" + row[1], finals, passed,
                        percent(passed, finals)));
            }

            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("invited", invited);
            summary.put("started", started);
            summary.put("fullMarks", fullMarks);
            summary.put("passRatePercent", percent(fullMarks, started));
            summary.put("medianScorePercent", median(totals));
            summary.put("medianMinutesUsed", median(minutesUsed.values().stream().map(Long::doubleValue).toList()));
            summary.put("durationMinutes", duration);
            summary.put("maxScore", maxTotal);
            List<Report.Table> tables = List.of(
                    new Report.Table("scores", "Score distribution (candidates who started, by share of the maximum "
                            + maxTotal + ")", List.of("score", "candidates"), scoreRows,
                            new Report.Chart("bars", "category", List.of(1), "candidates")),
                    new Report.Table("time", "Time used (of " + duration + " min)", List.of("time used", "candidates"),
                            timeRows, new Report.Chart("bars", "category", List.of(1), "candidates")),
                    new Report.Table("tasks", "Pass rate per task (full marks, of the candidates who started)",
                            List.of("task", "attempted", "full marks", "pass rate %", "average score", "max score"),
                            taskRows, new Report.Chart("bars", "category", List.of(3), "%")),
                    new Report.Table("tests", "Pass rate per test (each candidate's final judged submission)",
                            List.of("test", "final submissions", "passed", "pass rate %"), testRows,
                            new Report.Chart("bars", "category", List.of(3), "%")));
            return new Report("assessment", (String) head[1], summary, tables, freshness);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Submissions over time, verdict mix, score distribution and tasks solved of one contest. */
    public Report contest(String slug) {
        Report.Freshness freshness = freshness();
        try (Connection connection = replica.getConnection()) {
            Object[] head = one(connection, CONTEST, slug);
            if (head == null) {
                throw new UnknownResourceException("no contest " + slug + " (on the replica: a new one appears within "
                        + "seconds)");
            }
            long contestId = ((Number) head[0]).longValue();
            Instant startsAt = ((Timestamp) head[2]).toInstant();
            Instant endsAt = ((Timestamp) head[3]).toInstant();
            List<TaskFacts> tasks = tasks(connection, ids((String) head[4]));
            int maxTotal = tasks.stream().mapToInt(TaskFacts::points).sum();

            long minutes = Math.max(1, Duration.between(startsAt, endsAt).toMinutes());
            long bucketMinutes = Math.max(1, minutes / 40);
            Map<Instant, Object[]> counted = new HashMap<>();
            for (Object[] row : all(connection, CONTEST_OVER_TIME, bucketMinutes + " minutes",
                    Timestamp.from(startsAt), contestId)) {
                counted.put(((Timestamp) row[0]).toInstant(), row);
            }
            // every interval from the start to the end (or now), empty ones too, so the axis is the contest's time
            List<List<Object>> overTime = new ArrayList<>();
            Instant until = endsAt.isBefore(Instant.now()) ? endsAt : Instant.now();
            for (Instant at = startsAt; at.isBefore(until) || counted.containsKey(at);
                    at = at.plus(bucketMinutes, ChronoUnit.MINUTES)) {
                Object[] row = counted.get(at);
                overTime.add(row == null ? List.of(at.toString(), 0L, 0L, 0L)
                        : List.of(at.toString(), row[1], row[2], row[3]));
            }
            List<List<Object>> verdicts = new ArrayList<>();
            long submissions = 0;
            for (Object[] row : all(connection, CONTEST_VERDICTS, contestId)) {
                verdicts.add(List.of(row[0], row[1]));
                submissions += ((Number) row[1]).longValue();
            }
            List<Double> totals = new ArrayList<>();
            for (Object[] row : all(connection, CONTEST_TOTALS, contestId)) {
                totals.add(maxTotal == 0 ? 0 : 100.0 * ((Number) row[1]).doubleValue() / maxTotal);
            }
            List<List<Object>> taskRows = new ArrayList<>();
            for (TaskFacts task : tasks) {
                Object[] row = one(connection, CONTEST_TASKS, task.points(), contestId, task.id());
                long tried = row == null ? 0 : ((Number) row[1]).longValue();
                long solved = row == null ? 0 : ((Number) row[2]).longValue();
                taskRows.add(List.of(task.title(), tried, solved, row == null ? 0 : ((Number) row[3]).longValue(),
                        percent(solved, totals.size())));
            }
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("participants", totals.size());
            summary.put("submissions", submissions);
            summary.put("medianScorePercent", median(totals));
            summary.put("startsAt", startsAt.toString());
            summary.put("endsAt", endsAt.toString());
            summary.put("bucketMinutes", bucketMinutes);
            List<Report.Table> tables = List.of(
                    new Report.Table("submissions", "Submissions over time (per " + bucketMinutes + " min)",
                            List.of("from", "accepted", "rejected", "pending"), overTime,
                            new Report.Chart("stacked", "time", List.of(1, 2, 3), "submissions")),
                    new Report.Table("verdicts", "Verdict mix", List.of("verdict", "submissions"), verdicts,
                            new Report.Chart("bars", "category", List.of(1), "submissions")),
                    new Report.Table("scores", "Score distribution (participants, by share of the maximum " + maxTotal
                            + ")", List.of("score", "participants"), percentBuckets(totals),
                            new Report.Chart("bars", "category", List.of(1), "participants")),
                    new Report.Table("tasks", "Tasks (solved: full marks)",
                            List.of("task", "tried", "solved", "attempts", "solved by %"), taskRows,
                            new Report.Chart("bars", "category", List.of(4), "%")));
            return new Report("contest", (String) head[1], summary, tables, freshness);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The platform's use over the last hours: runs per language per hour, queue waits, verdict mix. */
    public Report usage(int hours) {
        Report.Freshness freshness = freshness();
        Instant since = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(hours - 1L, ChronoUnit.HOURS);
        Timestamp from = Timestamp.from(since);
        try (Connection connection = replica.getConnection()) {
            TreeSet<String> languages = new TreeSet<>();
            Map<Instant, Map<String, Long>> perHour = new TreeMap<>();
            long runs = 0;
            for (Object[] row : all(connection, USAGE_RUNS, from)) {
                String language = (String) row[1];
                languages.add(language);
                long count = ((Number) row[2]).longValue();
                perHour.computeIfAbsent(((Timestamp) row[0]).toInstant(), k -> new HashMap<>()).put(language, count);
                runs += count;
            }
            List<String> runColumns = new ArrayList<>(List.of("hour"));
            runColumns.addAll(languages);
            List<List<Object>> runRows = new ArrayList<>();
            Map<Instant, Object[]> waits = new HashMap<>();
            for (Object[] row : all(connection, USAGE_WAITS, from)) {
                waits.put(((Timestamp) row[0]).toInstant(), row);
            }
            List<List<Object>> waitRows = new ArrayList<>();
            for (int h = 0; h < hours; h++) {
                Instant hour = since.plus(h, ChronoUnit.HOURS);
                List<Object> row = new ArrayList<>(List.of(hour.toString()));
                for (String language : languages) {
                    row.add(perHour.getOrDefault(hour, Map.of()).getOrDefault(language, 0L));
                }
                runRows.add(row);
                Object[] wait = waits.get(hour);
                waitRows.add(Arrays.asList(hour.toString(), wait == null ? 0L : ((Number) wait[1]).longValue(),
                        wait == null ? null : Math.round(((Number) wait[2]).doubleValue()),
                        wait == null ? null : Math.round(((Number) wait[3]).doubleValue())));
            }
            List<Integer> languageSeries = new ArrayList<>();
            for (int i = 1; i <= languages.size(); i++) {
                languageSeries.add(i);
            }
            List<List<Object>> classRows = new ArrayList<>();
            for (Object[] row : all(connection, USAGE_CLASSES, from)) {
                classRows.add(List.of(row[0], row[1], Math.round(((Number) row[2]).doubleValue()),
                        Math.round(((Number) row[3]).doubleValue())));
            }
            List<List<Object>> verdicts = new ArrayList<>();
            for (Object[] row : all(connection, USAGE_VERDICTS, from)) {
                verdicts.add(List.of(row[0], row[1]));
            }
            Object[] people = one(connection, USAGE_PEOPLE, from, from);
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("hours", hours);
            summary.put("since", since.toString());
            summary.put("runs", runs);
            summary.put("people", people == null ? 0 : people[0]);
            summary.put("submissions", people == null ? 0 : people[1]);
            List<Report.Table> tables = List.of(
                    new Report.Table("runs", "Runs per language per hour", runColumns, runRows,
                            new Report.Chart("stacked", "time", languageSeries, "runs")),
                    new Report.Table("waits", "Queue wait per hour (accepted to started)",
                            List.of("hour", "runs", "median wait ms", "p95 wait ms"), waitRows,
                            new Report.Chart("lines", "time", List.of(2, 3), "ms")),
                    new Report.Table("classes", "Queue wait per priority class",
                            List.of("class", "runs", "median wait ms", "p95 wait ms"), classRows,
                            new Report.Chart("bars", "category", List.of(2, 3), "ms")),
                    new Report.Table("verdicts", "Verdict mix", List.of("verdict", "runs"), verdicts,
                            new Report.Chart("bars", "category", List.of(1), "runs")));
            String period = hours >= 48 && hours % 24 == 0 ? hours / 24 + " days" : hours + " h";
            return new Report("usage", "Platform use, last " + period, summary, tables, freshness);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private record TaskFacts(long id, String slug, String title, int points) {
    }

    /** The tasks in the order the assessment or contest lists them. */
    private static List<TaskFacts> tasks(Connection connection, List<Long> ids) throws SQLException {
        Map<Long, TaskFacts> byId = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(TASKS)) {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            query.setArray(1, array);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byId.put(rows.getLong(1), new TaskFacts(rows.getLong(1), rows.getString(2), rows.getString(3),
                            rows.getInt(4)));
                }
            }
        }
        return ids.stream().filter(byId::containsKey).map(byId::get).toList();
    }

    private static List<Long> ids(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).toList();
    }

    /** Ten bars of ten per cent each (the last holds 100 %). */
    static List<List<Object>> percentBuckets(List<Double> percents) {
        long[] counts = new long[10];
        for (double p : percents) {
            counts[(int) Math.max(0, Math.min(9, Math.floor(p / 10)))]++;
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(List.of(i == 9 ? "90–100 %" : (i * 10) + "–" + (i * 10 + 9) + " %", counts[i]));
        }
        return rows;
    }

    static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : round1(100.0 * part / whole);
    }

    static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return round1(sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2);
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** How fresh the replica is now; it cannot be reached: 503, and the primary is not read instead. */
    private Report.Freshness freshness() {
        Map<String, Object> now;
        try {
            now = replicaStatus.now();
        } catch (SQLException e) {
            throw failure(e);
        }
        if (!Boolean.TRUE.equals(now.get("reachable"))) {
            throw new ReplicaUnavailableException();
        }
        long lagMillis = ((Number) now.get("lagMillis")).longValue();
        boolean stale = lagMillis > maxLagSeconds * 1000L;
        return new Report.Freshness(Instant.now(), lagMillis, stale, stale
                ? "the read replica is " + Math.round(lagMillis / 1000.0) + " s behind the primary (the bound is "
                  + maxLagSeconds + " s): what happened in that time is missing from these figures"
                : null);
    }

    private static RuntimeException failure(SQLException e) {
        if (DatabaseOutage.causedBy(e)) {
            return new ReplicaUnavailableException();
        }
        return new IllegalStateException("a report query failed: " + e.getMessage(), e);
    }

    private static Object[] one(Connection connection, String sql, Object... parameters) throws SQLException {
        List<Object[]> rows = all(connection, sql, parameters);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private static List<Object[]> all(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setObject(i + 1, parameters[i]);
            }
            List<Object[]> rows = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int c = 0; c < columns; c++) {
                        row[c] = result.getObject(c + 1);
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }
}
