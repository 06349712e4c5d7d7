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
}
