package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL stops under the platform and comes back: while it is down every request that needs it is answered
 * 503 with a message and a time to come back (never a 500, never the driver's text); runs and submissions
 * accepted before, whose results arrive during the outage, finish exactly once when it is back; and the servers
 * serve again by themselves, without a restart. The replica stopping changes nothing on the request path.
 */
class DatabaseOutageIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";

    @AfterAll
    static void everythingRunsAgain() throws Exception {
        Platform.arena("up");
    }

    @Test
    void thePrimaryStopsAndComesBackAndNothingAcceptedIsLost() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        // accepted before the outage; they finish while the database is down
        List<Long> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(client.post("api/v1/runs", Map.of("language", "python",
                    "source", "import time\ntime.sleep(2)\nprint('run " + i + "')\n", "stdin", "")).body().get("id").asLong());
        }
        long submission = client.submit("sum-of-two", "python", SUM);

        Platform.arena("down", "postgresql-primary");
        try {
            List<Reply> replies = List.of(client.get("api/v1/runs/" + runs.get(0)),
                    client.post("api/v1/runs", Map.of("language", "python", "source", "print(1)\n", "stdin", "")),
                    client.get("api/v1/submissions/" + submission),
                    new ArenaClient().post("api/v1/auth/token", Map.of("username", client.username(),
                            "password", client.password())),
                    new ArenaClient().post("api/v1/accounts", Map.of("username", ArenaClient.uniqueName("u"),
                            "email", "someone@example.org", "password", "correct horse 1")));
            for (Reply reply : replies) {
                assertThat(reply.status()).as(reply.raw()).isEqualTo(503);
                assertThat(reply.body().get("error").asText()).contains("database cannot be reached")
                        .contains("try again in a few seconds");
                assertThat(reply.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(reply.raw()).doesNotContainIgnoringCase("exception").doesNotContain("org.", "PSQL", "DSRA");
            }
            Reply ready = new ArenaClient().get("health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.raw()).contains("the database cannot be reached").doesNotContain("org.");
            Thread.sleep(4000);
        } finally {
            Platform.arena("up");
        }

        // back by itself: the same servers, no restart
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(client.get("api/v1/runs/" + runs.get(0)).status()).isEqualTo(200));
        for (int i = 0; i < runs.size(); i++) {
            JsonNode run = client.awaitFinished(runs.get(i));
            assertThat(run.get("verdict").asText()).isEqualTo("OK");
            assertThat(run.get("stdout").asText()).isEqualTo("run " + i + "\n");
        }
        JsonNode judged = client.awaitJudged(submission);
        assertThat(judged.get("verdict").asText()).isEqualTo("OK");
        assertThat(client.run("python", "print('after')\n", "").get("stdout").asText()).isEqualTo("after\n");
        // exactly once, counted in the server's log
        String log = Platform.serverLogs();
        for (long run : runs) {
            assertThat(Platform.occurrences(log, "event=run-finished runId=" + run + " ")).as("run " + run).isEqualTo(1);
        }
        assertThat(Platform.occurrences(log, "event=submission-judged submissionId=" + submission + " ")).isEqualTo(1);
    }

    @Test
    void theReplicaStoppingChangesNothingOnTheRequestPath() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        Platform.arena("down", "postgresql-replica");
        try {
            assertThat(admin.run("python", "print('still here')\n", "").get("stdout").asText()).isEqualTo("still here\n");
            Reply replica = admin.get("api/v1/admin/replica");
            assertThat(replica.status()).isEqualTo(200);
            assertThat(replica.body().get("reachable").asBoolean()).isFalse();
            assertThat(replica.body().get("error").asText()).contains("cannot be reached");
            // reports read the replica only: they say so, and do not fall back on the primary
            Reply report = admin.get("api/v1/reports/usage");
            assertThat(report.status()).as(report.raw()).isEqualTo(503);
            assertThat(report.body().get("error").asText()).contains("read replica", "cannot be reached", "Try again");
            assertThat(report.headers().firstValue("Retry-After")).hasValue("30");
        } finally {
            Platform.arena("up");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(admin.get("api/v1/admin/replica").body().get("reachable").asBoolean()).isTrue());
    }

}
