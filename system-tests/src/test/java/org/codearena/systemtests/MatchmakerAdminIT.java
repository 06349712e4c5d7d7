package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operators' JSON view of the matchmaker: lines with their wait and round-trip percentiles, runners. */
class MatchmakerAdminIT {

    @Test
    void showsLinesWithPercentilesAndEveryRunner() {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        client.run("javascript", "console.log(1)", "");

        JsonNode view = client.get("api/v1/admin/matchmaker").body();

        JsonNode line = null;
        for (JsonNode candidate : view.get("queues")) {
            if ("javascript".equals(candidate.get("runnerType").asText())
                    && "INTERACTIVE".equals(candidate.get("priorityClass").asText())) {
                line = candidate;
            }
        }
        assertThat(line).as(view.toString()).isNotNull();
        assertThat(line.get("waitMillis").get("count").asLong()).isPositive();
        assertThat(line.get("roundTripMillis").get("count").asLong()).isPositive();
        assertThat(line.get("roundTripMillis").get("p99").asLong())
                .isGreaterThanOrEqualTo(line.get("roundTripMillis").get("p50").asLong());
        assertThat(view.get("runners")).hasSizeGreaterThanOrEqualTo(2);
        for (JsonNode runner : view.get("runners")) {
            assertThat(runner.get("state").asText()).isIn("IDLE", "BUSY");
            assertThat(runner.has("lastHeartbeat")).isTrue();
            assertThat(runner.get("jobsDone").asLong()).isGreaterThanOrEqualTo(0);
            assertThat(runner.has("jobsFailed")).isTrue();
        }
    }

    @Test
    void operatorViewsAreForAdminsOnly() {
        ArenaClient plain = ArenaClient.signedUp();
        for (String view : java.util.List.of("api/v1/admin/matchmaker", "api/v1/admin/replica")) {
            ArenaClient.Reply refused = plain.get(view);
            assertThat(refused.status()).as(view).isEqualTo(403);
            assertThat(refused.body().get("error").asText()).as(view).contains("ADMIN");
        }
        assertThat(new ArenaClient().get("api/v1/admin/matchmaker").status()).isEqualTo(401);
    }

    @Test
    void metricsEndpointCarriesQueueAndLatencyGaugesPerTypeAndClass() {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        client.run("c", "int main(void) { return 0; }", "");

        String metrics = new ArenaClient().get("metrics?scope=application").raw();

        assertThat(metrics).contains("codearena_queue_depth{").contains("codearena_runners{")
                .containsPattern("codearena_round_trip_p99_seconds\\{[^}]*priority_class=\"INTERACTIVE\"[^}]*"
                        + "runner_type=\"c\"[^}]*\\} [0-9.]+")
                .containsPattern("codearena_runners\\{[^}]*state=\"IDLE\"[^}]*\\} [1-9]");
    }

    private static long jobsDone(ArenaClient admin, String runnerId) {
        for (JsonNode runner : admin.get("api/v1/admin/matchmaker").body().get("runners")) {
            if (runner.get("runnerId").asText().equals(runnerId)) {
                return runner.get("jobsDone").asLong();
            }
        }
        throw new AssertionError("no runner " + runnerId);
    }

    /** A paused lane's runs are accepted and wait while the other lanes go on; resumed, they run. */
    @Test
    void anAdminPausesALaneAndResumesIt() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        assertThat(person.post("api/v1/admin/lanes/python/PRACTICE/pause", Map.of()).status()).isEqualTo(403);
        assertThat(admin.post("api/v1/admin/lanes/cobol/PRACTICE/pause", Map.of()).status()).isEqualTo(400);
        assertThat(admin.post("api/v1/admin/lanes/python/URGENT/pause", Map.of()).body().get("error").asText())
                .contains("no priority class 'URGENT'");
        try {
            assertThat(admin.post("api/v1/admin/lanes/python/PRACTICE/pause", Map.of()).status()).isEqualTo(200);
            ArenaClient.Reply waiting = person.post("api/v1/runs", Map.of("language", "python", "source", "print('later')",
                    "stdin", "", "priority", "PRACTICE"));
            assertThat(waiting.status()).isEqualTo(202);
            long id = waiting.body().get("id").asLong();
            assertThat(person.run("python", "print('now')", "").get("stdout").asText()).isEqualTo("now\n");
            assertThat(person.get("api/v1/runs/" + id).body().get("status").asText()).isEqualTo("QUEUED");
            JsonNode lane = null;
            for (JsonNode line : admin.get("api/v1/admin/matchmaker").body().get("queues")) {
                if (line.get("runnerType").asText().equals("python") && line.get("priorityClass").asText().equals("PRACTICE")) {
                    lane = line;
                }
            }
            assertThat(lane).isNotNull();
            assertThat(lane.get("paused").asBoolean()).isTrue();
            assertThat(lane.get("depth").asInt()).isGreaterThanOrEqualTo(1);

            assertThat(admin.post("api/v1/admin/lanes/python/PRACTICE/resume", Map.of()).status()).isEqualTo(200);
            assertThat(person.awaitFinished(id).get("stdout").asText()).isEqualTo("later\n");
        } finally {
            admin.post("api/v1/admin/lanes/python/PRACTICE/resume", Map.of());
        }
        assertThat(admin.get("api/v1/admin/audit?limit=10").body().findValuesAsText("action"))
                .contains("lane-paused", "lane-resumed");
    }

    /** A drained runner finishes what it has and takes nothing more; the others carry on; back in service, it works. */
    @Test
    void anAdminDrainsARunnerAndPutsItBack() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        assertThat(admin.post("api/v1/admin/runners/no-such-runner/drain", Map.of()).status()).isEqualTo(404);
        try {
            assertThat(admin.post("api/v1/admin/runners/runner-1/drain", Map.of()).status()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
                for (JsonNode runner : admin.get("api/v1/admin/matchmaker").body().get("runners")) {
                    if (runner.get("runnerId").asText().equals("runner-1")) {
                        return runner.get("state").asText().equals("DRAINED");
                    }
                }
                return false;
            });
            long before = jobsDone(admin, "runner-1");
            for (int i = 0; i < 4; i++) {
                assertThat(person.run("python", "print(" + i + ")", "").get("verdict").asText()).isEqualTo("OK");
            }
            assertThat(jobsDone(admin, "runner-1")).as("runner-1 took nothing while drained").isEqualTo(before);
        } finally {
            admin.post("api/v1/admin/runners/runner-1/resume", Map.of());
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                !admin.get("api/v1/admin/matchmaker").body().toString().contains("DRAIN"));
    }

    /** The jobs view lists waiting runs by class and person; a stopped one ends as STOPPED, a submission too. */
    @Test
    void anAdminFindsAWaitingRunAndStopsIt() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        try {
            admin.post("api/v1/admin/lanes/python/PRACTICE/pause", Map.of());
            long runId = person.post("api/v1/runs", Map.of("language", "python", "source", "print('never')",
                    "stdin", "", "priority", "PRACTICE")).body().get("id").asLong();
            long submissionId = person.submit("sum-of-two", "python", "print(0)");

            JsonNode jobs = admin.get("api/v1/admin/jobs?class=practice&user=" + person.username()).body();
            assertThat(jobs.findValuesAsText("status")).containsOnly("QUEUED");
            assertThat(jobs.findValues("runId").stream().map(JsonNode::asLong).toList()).contains(runId);
            assertThat(admin.get("api/v1/admin/jobs?class=NOPE").status()).isEqualTo(400);
            assertThat(person.post("api/v1/admin/jobs/" + runId + "/stop", Map.of()).status()).isEqualTo(403);

            assertThat(admin.post("api/v1/admin/jobs/" + runId + "/stop", Map.of()).status()).isEqualTo(200);
            JsonNode stopped = person.awaitFinished(runId);
            assertThat(stopped.get("verdict").asText()).isEqualTo("STOPPED");
            assertThat(stopped.get("stderr").asText()).contains("An operator (" + admin.username() + ") stopped");
            assertThat(admin.post("api/v1/admin/jobs/" + runId + "/stop", Map.of()).status()).isEqualTo(409);

            long submissionRun = -1;
            for (JsonNode job : admin.get("api/v1/admin/jobs?user=" + person.username()).body()) {
                if (job.hasNonNull("submissionId") && job.get("submissionId").asLong() == submissionId) {
                    submissionRun = job.get("runId").asLong();
                }
            }
            assertThat(submissionRun).isPositive();
            assertThat(admin.post("api/v1/admin/jobs/" + submissionRun + "/stop", Map.of()).status()).isEqualTo(200);
            JsonNode judged = person.awaitJudged(submissionId);
            assertThat(judged.get("verdict").asText()).isEqualTo("STOPPED");
            assertThat(judged.get("score").asInt()).isZero();
        } finally {
            admin.post("api/v1/admin/lanes/python/PRACTICE/resume", Map.of());
        }
    }

    /** A running run is stopped by its runner on an ADMIN's word: it ends at once with the verdict STOPPED. */
    @Test
    void anAdminStopsARunningRun() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        long runId = person.post("api/v1/runs", Map.of("language", "python", "source",
                "import time\nprint('started', flush=True)\ntime.sleep(20)\nprint('not reached')\n", "stdin", ""))
                .body().get("id").asLong();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> "RUNNING".equals(person.get("api/v1/runs/" + runId).body().get("status").asText()));
        long asked = System.nanoTime();
        ArenaClient.Reply stopped = admin.post("api/v1/admin/jobs/" + runId + "/stop", Map.of());
        assertThat(stopped.status()).as(stopped.raw()).isEqualTo(200);
        JsonNode run = person.awaitFinished(runId);
        assertThat(run.get("verdict").asText()).isEqualTo("STOPPED");
        assertThat(run.get("stderr").asText()).contains("An operator stopped this run while it ran");
        assertThat((System.nanoTime() - asked) / 1_000_000_000).as("seconds until it ended").isLessThan(10);
        assertThat(admin.post("api/v1/admin/jobs/" + runId + "/stop", Map.of()).status()).isEqualTo(409);
        assertThat(admin.get("api/v1/admin/audit?limit=5").raw()).contains("run-stopped");
        // the runner goes on with the next run
        assertThat(person.run("python", "print(2 + 2)", "").get("stdout").asText()).isEqualTo("4\n");
    }

    /** A run waiting in a paused lane is moved to another class, where it runs. */
    @Test
    void anAdminMovesAWaitingRunToAnotherClass() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        assertThat(admin.post("api/v1/admin/lanes/php/PRACTICE/pause", Map.of()).status()).isEqualTo(200);
        try {
            long runId = person.post("api/v1/runs", Map.of("language", "php", "source", "<?php echo 6 * 7;",
                    "stdin", "", "priority", "PRACTICE")).body().get("id").asLong();
            assertThat(admin.post("api/v1/admin/jobs/" + runId + "/move", Map.of("priorityClass", "URGENT"))
                    .body().get("error").asText()).contains("INTERACTIVE");
            assertThat(admin.post("api/v1/admin/jobs/" + runId + "/move", Map.of()).status()).isEqualTo(400);
            assertThat(person.post("api/v1/admin/jobs/" + runId + "/move", Map.of("priorityClass", "INTERACTIVE"))
                    .status()).isEqualTo(403);
            ArenaClient.Reply moved = admin.post("api/v1/admin/jobs/" + runId + "/move",
                    Map.of("priorityClass", "interactive"));
            assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
            JsonNode run = person.awaitFinished(runId);
            assertThat(run.get("verdict").asText()).isEqualTo("OK");
            assertThat(run.get("stdout").asText()).isEqualTo("42");
            assertThat(admin.post("api/v1/admin/jobs/" + runId + "/move", Map.of("priorityClass", "PRACTICE"))
                    .status()).isEqualTo(409);
            assertThat(admin.get("api/v1/admin/audit?limit=5").raw()).contains("run-moved", "to INTERACTIVE");
        } finally {
            admin.post("api/v1/admin/lanes/php/PRACTICE/resume", Map.of());
        }
    }

    /**
     * Dead letters: runs that ended with SYSTEM_ERROR are listed with their reason; a retried one runs again (the
     * same run, so whoever waits on it sees its result); a purged one leaves the list.
     */
    @Test
    void deadLettersAreListedRetriedAndPurged() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        long retried = deadRun(person, "print('second time lucky')");
        long purged = deadRun(person, "print('never again')");
        assertThat(person.get("api/v1/admin/dead-letters").status()).isEqualTo(403);
        JsonNode letters = admin.get("api/v1/admin/dead-letters").body();
        assertThat(letters.findValuesAsText("runId")).contains(String.valueOf(retried), String.valueOf(purged));
        assertThat(letters.toString()).contains("no runner finished it");

        ArenaClient.Reply again = admin.post("api/v1/admin/dead-letters/" + retried + "/retry", Map.of());
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        JsonNode run = person.awaitFinished(retried);
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("second time lucky\n");
        assertThat(admin.post("api/v1/admin/dead-letters/" + retried + "/retry", Map.of()).status()).isEqualTo(409);

        assertThat(admin.delete("api/v1/admin/dead-letters/" + purged, null).body().get("purged").asInt()).isEqualTo(1);
        assertThat(admin.delete("api/v1/admin/dead-letters/" + purged, null).status()).isEqualTo(404);
        JsonNode after = admin.get("api/v1/admin/dead-letters").body();
        assertThat(after.findValuesAsText("runId")).doesNotContain(String.valueOf(retried), String.valueOf(purged));
        assertThat(person.get("api/v1/runs/" + purged).body().get("verdict").asText()).isEqualTo("SYSTEM_ERROR");
        assertThat(admin.get("api/v1/admin/audit?limit=5").raw()).contains("dead-letter-retried", "dead-letters-purged");
    }

    /** A run as the matchmaker leaves one whose runners all died on it: SYSTEM_ERROR after three attempts. */
    private static long deadRun(ArenaClient person, String source) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement insert = connection.prepareStatement("insert into run (version, account_id, "
                     + "language_id, source, stdin, status, priority_class, verdict, stdout, stderr, attempts, "
                     + "accepted_at, started_at, finished_at) select 0, id, 'python', ?, '', 'FINISHED', 'INTERACTIVE', "
                     + "'SYSTEM_ERROR', '', 'The run was given to a runner 3 times and no runner finished it (each one "
                     + "stopped answering).', 3, now(), now(), now() from account where username = ? returning id")) {
            insert.setString(1, source);
            insert.setString(2, person.username());
            try (java.sql.ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
