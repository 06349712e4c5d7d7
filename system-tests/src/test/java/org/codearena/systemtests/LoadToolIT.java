package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.codearena.loadtest.cli.LoadTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load tool against the running platform: every request is accounted for. */
class LoadToolIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** What the tool printed as errors: shown with a failed exit code, so a CI log says why. */
    private final StringWriter errors = new StringWriter();

    private int tool(String... args) {
        return LoadTool.execute(new PrintWriter(errors, true), args);
    }

    private JsonNode summary(Path json) throws IOException {
        return JSON.readTree(json.toFile()).get("summary");
    }

    @Test
    void burstOfRunsInBatchesAddsUp() throws IOException {
        Path json = dir.resolve("runs.json");
        Path log = dir.resolve("runs.log");
        Path report = dir.resolve("runs.html");

        int exit = tool("runs", "--url", ArenaClient.BASE_URL, "--requests", "24", "--batch", "8",
                "--interval-ms", "300", "--task", "hello-c", "--users", "3", "--json", json.toString(),
                "--log", log.toString(), "--report", report.toString(), "--fail-if", "errors==0");

        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        JsonNode summary = summary(json);
        long count = summary.get("count").asLong();
        long byVerdict = 0;
        for (JsonNode verdictCount : summary.get("verdicts")) {
            byVerdict += verdictCount.asLong();
        }
        assertThat(count).isEqualTo(24);
        assertThat(summary.get("ok").asLong()).isEqualTo(24);
        assertThat(byVerdict + summary.get("timeouts").asLong()).isEqualTo(count);
        assertThat(summary.get("roundTripMillis").get("count").asLong()).isEqualTo(24);
        assertThat(summary.get("queueWaitMillis").get("count").asLong()).isEqualTo(24);
        assertThat(summary.get("roundTripMillis").get("p99").asDouble())
                .isGreaterThanOrEqualTo(summary.get("roundTripMillis").get("p50").asDouble());
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(24);
        assertThat(lines).allMatch(line -> line.contains("\"verdict\":\"OK\"") && line.contains("\"runId\":"));
        assertThat(Files.readString(report)).contains("<canvas id=\"percentiles\">").contains("new Chart(");
    }

    /** The sockets scenario: members join one chat room in steps, and every broadcast reaches every one of them. */
    @Test
    void socketsJoinOneRoomAndEveryBroadcastReachesEveryMember() throws IOException {
        Path rows = dir.resolve("sockets.jsonl");
        int exit = tool("sockets", "--url", ArenaClient.BASE_URL, "--steps", "10,40", "--accounts", "4",
                "--senders", "4", "--broadcasts", "3", "--room", "task:reverse-words", "--out", rows.toString());
        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        java.util.List<String> lines = java.nio.file.Files.readAllLines(rows);
        assertThat(lines).hasSize(2);
        JsonNode last = JSON.readTree(lines.get(1));
        assertThat(last.get("connected").asInt()).isEqualTo(40);
        assertThat(last.get("failed").asInt()).isZero();
        assertThat(last.get("deliveries").asLong()).isEqualTo(120);
        assertThat(last.get("bcastTimeouts").asInt()).isZero();
        assertThat(last.get("lat_p99").asDouble()).isPositive();
    }

    /**
     * The members spread over several load processes (one may hold only about 19,500 sockets here): the second
     * process holds its share, and every broadcast the first posts is counted at every member of both.
     */
    @Test
    void socketsSpreadOverTwoProcessesCountEveryMemberOfBoth() throws IOException {
        Path rows = dir.resolve("sockets-two.jsonl");
        int exit = tool("sockets", "--url", ArenaClient.BASE_URL, "--processes", "2", "--steps", "11",
                "--accounts", "3", "--senders", "3", "--broadcasts", "2", "--room", "task:sum-of-two",
                "--out", rows.toString());
        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        JsonNode row = JSON.readTree(java.nio.file.Files.readAllLines(rows).get(0));
        assertThat(row.get("processes").asInt()).isEqualTo(2);
        assertThat(row.get("connected").asInt()).isEqualTo(11);
        assertThat(row.get("deliveries").asLong()).as("2 broadcasts at 11 members, 5 of them in the second process")
                .isEqualTo(22);
        assertThat(row.get("bcastTimeouts").asInt()).isZero();
    }

    /** The forum scenario: readers signed in by their session, with the cache on and off; no login request per page. */
    @Test
    void forumReadersCostNoLoginRequestAndFewerQueriesWithTheCache() throws IOException {
        Path json = dir.resolve("forum.json");
        String admin = ArenaClient.signedUp().grant("ADMIN").token();
        int exit = tool("forum", "--url", ArenaClient.BASE_URL, "--admin-token", admin, "--readers", "6",
                "--read-every-ms", "500", "--writers", "2", "--write-every-s", "2", "--threads", "2", "--posts", "3",
                "--warmup-s", "1", "--phase-s", "3", "--json", json.toString());
        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        JsonNode phases = JSON.readTree(json.toFile()).get("phases");
        assertThat(phases).hasSize(2);
        JsonNode on = phases.get(0);
        JsonNode off = phases.get(1);
        assertThat(on.get("cache").asText()).isEqualTo("on");
        for (JsonNode phase : phases) {
            assertThat(phase.get("summary").get("count").asLong()).isEqualTo(36);
            assertThat(phase.get("summary").get("errors").asLong()).isZero();
            assertThat(phase.get("loginRequestsPerView").asDouble()).isZero();
            assertThat(phase.get("redirects").asLong()).isZero();
            assertThat(phase.get("notSignedIn").asLong()).isZero();
            assertThat(phase.get("pageViews").asLong()).isGreaterThanOrEqualTo(36);
        }
        // without the cache each page reads its thread, posts and the reader's marks; with it, almost nothing
        assertThat(off.get("statementsPerView").asDouble()).isGreaterThanOrEqualTo(2.0);
        assertThat(on.get("statementsPerView").asDouble()).isLessThan(off.get("statementsPerView").asDouble() / 4);
    }

    /** The mailing scenario: the API idle, then during a mailing read from the replica, then from the primary. */
    @Test
    void aMailingPhaseReadsWhereItWasToldAndSendsEveryMessageWhileTheApiIsMeasured() throws IOException {
        Path json = dir.resolve("mailing.json");
        String admin = ArenaClient.signedUp().grant("ADMIN").token();
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        int exit = tool("mailing", "--url", ArenaClient.BASE_URL, "--admin-token", admin,
                "--recruiter", recruiter.username() + ":" + recruiter.password(), "--recipients", "250",
                "--chunk", "250", "--users", "3", "--api-rate", "20", "--warmup-s", "1", "--idle-s", "2",
                "--max-phase-s", "120",
                "--json", json.toString());
        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        JsonNode phases = JSON.readTree(json.toFile()).get("phases");
        assertThat(phases.findValuesAsText("name")).containsExactly("idle", "replica", "primary");
        assertThat(phases.get(0).get("api").get("count").asLong()).isEqualTo(40);
        for (JsonNode phase : List.of(phases.get(1), phases.get(2))) {
            assertThat(phase.get("readFrom").asText()).isEqualTo(phase.get("name").asText());
            assertThat(phase.get("recipients").asLong()).isEqualTo(250);
            assertThat(phase.get("sendSeconds").asDouble()).isPositive();
            assertThat(phase.get("api").get("count").asLong()).isPositive();
            assertThat(phase.get("api").get("errors").asLong()).isZero();
        }
        assertThat(ArenaClient.signedUp().grant("ADMIN").get("api/v1/admin/mailings").body().get("readFrom").asText())
                .as("set back").isEqualTo("replica");
    }

    @Test
    void failedThresholdGivesNonZeroExit() throws IOException {
        Path json = dir.resolve("strict.json");

        int exit = tool("runs", "--url", ArenaClient.BASE_URL, "--requests", "3", "--users", "1",
                "--task", "hello-python", "--json", json.toString(), "--fail-if", "p99<1ms");

        assertThat(exit).as("exit code; the tool printed: %s", errors).isEqualTo(1);
        assertThat(summary(json).get("count").asLong()).isEqualTo(3);
    }

    @Test
    void concurrentSignUpsForOneNameAllSucceedWithDistinctNames() throws IOException {
        Path json = dir.resolve("signups.json");

        int exit = tool("signups", "--url", ArenaClient.BASE_URL, "--requests", "12",
                "--json", json.toString(), "--fail-if", "errors==0", "--fail-if", "ok==12");

        assertThat(exit).as("exit code; the tool printed: %s", errors).isZero();
        assertThat(summary(json).get("count").asLong()).isEqualTo(12);
        JsonNode extra = JSON.readTree(json.toFile()).get("extra");
        assertThat(extra.get("accountsCreated").asLong()).isEqualTo(12);
        assertThat(extra.get("distinctNames").asLong()).isEqualTo(12);
        assertThat(extra.get("duplicateNames").asLong()).isZero();
    }

    @Test
    void badOptionsAreRefusedWithAMessage() {
        assertThat(tool("runs", "--url", ArenaClient.BASE_URL, "--task", "no-such-task")).isEqualTo(2);
        assertThat(tool("runs", "--url", ArenaClient.BASE_URL, "--fail-if", "p99 below 2s")).isEqualTo(2);
        assertThat(errors.toString()).contains("error: unknown task 'no-such-task'; choose one of")
                .contains("error: cannot read threshold 'p99 below 2s'");
    }
}
