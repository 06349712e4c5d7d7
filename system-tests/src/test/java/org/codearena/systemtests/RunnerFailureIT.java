package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** kill -9 of the runner agent in the middle of a job: the job completes on another agent, once. */
class RunnerFailureIT {

    private static final Path ARENA_ROOT = Path.of(System.getProperty("codearena.root", ".."));
    private static final Path PIDS = Path.of(System.getProperty("codearena.state", "../.arena")).resolve("pids");

    @AfterAll
    static void restartTheKilledAgent() throws IOException, InterruptedException {
        // `up` is idempotent: it starts only what is not running
        Process up = new ProcessBuilder(ARENA_ROOT.resolve("arena").toString(), "up")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(up.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(up.exitValue()).isZero();
    }

    @Test
    void jobOfAKilledAgentCompletesOnAnotherAgent() throws IOException {
        ArenaClient client = ArenaClient.signedUp();
        long runId = client.post("api/v1/runs", Map.of("language", "python",
                "source", "import time\ntime.sleep(3)\nprint('survived')\n", "stdin", "")).body().get("id").asLong();

        AtomicReference<String> busyRunner = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (JsonNode runner : client.get("api/v1/admin/matchmaker").body().get("runners")) {
                if (runner.path("currentRunId").asLong() == runId) {
                    busyRunner.set(runner.get("runnerId").asText());
                    return true;
                }
            }
            return false;
        });
        long pid = Long.parseLong(Files.readString(PIDS.resolve(busyRunner.get() + ".pid")).strip());
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode run = client.awaitFinished(runId);

        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("survived\n");
        JsonNode runners = client.get("api/v1/admin/matchmaker").body().get("runners");
        assertThat(runners.findValuesAsText("runnerId")).doesNotContain(busyRunner.get());
    }
}
