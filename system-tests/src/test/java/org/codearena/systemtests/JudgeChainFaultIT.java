package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.MapMessage;
import jakarta.jms.Session;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * A step of the judge chain (store a result, score a submission, update a contest standing) that fails for a
 * while loses nothing: its message comes back later, with a growing delay, and the real verdict, score and
 * standing arrive once the step works again. The failure is a real one: a trigger in PostgreSQL that refuses
 * the step's write for the test's own account (and counts its refusals in a sequence, which no rollback undoes).
 */
class JudgeChainFaultIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";

    /** Refuses a write to {@code table} while {@code condition} holds, counting refusals; dropped by close(). */
    private static final class Fault implements AutoCloseable {
        private final String name;
        private final String table;

        Fault(String table, String condition) throws SQLException {
            this.name = "fault_" + Long.toHexString(System.nanoTime());
            this.table = table;
            try (Connection db = database(); Statement sql = db.createStatement()) {
                sql.execute("create sequence " + name);
                sql.execute("create function " + name + "() returns trigger language plpgsql as $$ begin "
                        + "if " + condition + " then perform nextval('" + name + "'); "
                        + "raise exception 'fault injected by JudgeChainFaultIT'; end if; return new; end $$");
                sql.execute("create trigger " + name + " before insert or update on " + table
                        + " for each row execute function " + name + "()");
            }
        }

        long refusals() throws SQLException {
            try (Connection db = database(); Statement sql = db.createStatement();
                 ResultSet row = sql.executeQuery("select case when is_called then last_value else 0 end from " + name)) {
                row.next();
                return row.getLong(1);
            }
        }

        @Override
        public void close() throws SQLException {
            try (Connection db = database(); Statement sql = db.createStatement()) {
                sql.execute("drop trigger if exists " + name + " on " + table);
                sql.execute("drop function if exists " + name + "()");
                sql.execute("drop sequence if exists " + name);
            }
        }
    }

    @Test
    void aResultThatCannotBeStoredForAWhileIsStoredWithItsRealVerdictLater() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        long account = accountId(client.username());
        long runId;
        try (Fault fault = new Fault("run", "new.account_id = " + account
                + " and new.status = 'FINISHED' and new.verdict <> 'SYSTEM_ERROR'")) {
            runId = client.post("api/v1/runs", Map.of("language", "python", "source", "print('kept')\n",
                    "stdin", "")).body().get("id").asLong();
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.refusals() >= 2);
            assertBacksOff(fault);
            assertThat(client.get("api/v1/runs/" + runId).body().get("status").asText()).isNotEqualTo("FINISHED");
        }
        JsonNode run = client.awaitFinished(runId);
        // before: the first failure stored SYSTEM_ERROR in place of the program's real result
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("kept\n");
    }

    @Test
    void aScoringStepThatFailsForAWhileScoresTheSubmissionLater() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        long account = accountId(client.username());
        long submissionId;
        try (Fault fault = new Fault("submission", "new.account_id = " + account + " and new.status = 'JUDGED'")) {
            submissionId = client.submit("sum-of-two", "python", SUM);
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.refusals() >= 2);
            assertBacksOff(fault);
        }
        // before: the broker's defaults redelivered at once, ten times in a few milliseconds, then dropped it
        JsonNode judged = client.awaitJudged(submissionId);
        assertThat(judged.get("verdict").asText()).isEqualTo("OK");
        assertThat(judged.get("score").asInt()).isEqualTo(judged.get("maxScore").asInt());
    }

    @Test
    void aStandingThatCannotBeWrittenForAWhileReachesTheLeaderboardLater() throws Exception {
        String slug = createContest(ArenaClient.signedUp().grant("ADMIN"));
        ArenaClient contestant = joined(slug);
        long account = accountId(contestant.username());
        try (Fault fault = new Fault("contest_standing", "new.account_id = " + account)) {
            contestant.awaitJudged(submitToContest(contestant, slug));
            await().atMost(Duration.ofSeconds(30)).until(() -> fault.refusals() >= 2);
            assertBacksOff(fault);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard").body().get("rows")
                        .findValuesAsText("username")).containsExactly(contestant.username()));
    }

    /**
     * The scoring step's message comes again after the score was committed (its first delivery failed to hand
     * the submission on to the standings, or the server died there): the standing is computed again. Before,
     * a repeat found the submission scored and did nothing, and the standing was lost for good.
     */
    @Test
    void aRepeatedScoringStepHandsTheSubmissionToTheStandingsAgain() throws Exception {
        String slug = createContest(ArenaClient.signedUp().grant("ADMIN"));
        ArenaClient contestant = joined(slug);
        long account = accountId(contestant.username());
        long submissionId = submitToContest(contestant, slug);
        contestant.awaitJudged(submissionId);
        await().atMost(Duration.ofSeconds(20)).until(() -> standings(account) == 1);

        // the standing the lost hand-off would have written
        long runId;
        try (Connection db = database(); Statement sql = db.createStatement()) {
            sql.executeUpdate("delete from contest_standing where account_id = " + account);
            try (ResultSet row = sql.executeQuery("select run_id from submission where id = " + submissionId)) {
                row.next();
                runId = row.getLong(1);
            }
        }
        try (jakarta.jms.Connection broker = new ActiveMQConnectionFactory(System.getProperty("codearena.broker.url"))
                .createConnection(System.getProperty("codearena.broker.user"),
                        System.getProperty("codearena.broker.password"))) {
            Session session = broker.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MapMessage message = session.createMapMessage();
            new RunResult(runId, "runner-1", Verdict.OK, "", "", 0, 1, 1).writeTo(message);
            session.createProducer(session.createQueue(Destinations.JUDGE_SCORING)).send(message);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> standings(account) == 1);
        // and the repeat changed nothing else
        assertThat(contestant.get("api/v1/submissions/" + submissionId).body().get("verdict").asText()).isEqualTo("OK");
    }

    /** Redelivered with a growing delay: a handful of tries in two seconds, not thousands. */
    private static void assertBacksOff(Fault fault) throws Exception {
        long before = fault.refusals();
        Thread.sleep(2000);
        assertThat(fault.refusals() - before).as("tries in two seconds").isBetween(0L, 6L);
    }

    private static String createContest(ArenaClient admin) {
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Faults",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return slug;
    }

    private static ArenaClient joined(String slug) {
        ArenaClient contestant = ArenaClient.signedUp();
        assertThat(contestant.post("api/v1/contests/" + slug + "/join", Map.of()).status()).isEqualTo(200);
        return contestant;
    }

    private static long submitToContest(ArenaClient contestant, String slug) {
        Reply accepted = contestant.post("api/v1/contests/" + slug + "/submissions",
                Map.of("task", "sum-of-two", "language", "python", "source", SUM));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        return accepted.body().get("id").asLong();
    }

    private static long standings(long account) throws SQLException {
        return number("select count(*) from contest_standing where account_id = ?", account);
    }

    private static long accountId(String username) throws SQLException {
        return number("select id from account where username = ?", username);
    }

    /** The one number a query with one parameter answers. */
    private static long number(String sql, Object parameter) throws SQLException {
        try (Connection db = database(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setObject(1, parameter);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
    }
}
