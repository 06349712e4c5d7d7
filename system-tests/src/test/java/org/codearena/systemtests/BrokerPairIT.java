package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The broker as a primary and its backup (./arena up --brokers 2: the backup replicates the primary's journal as
 * it is written). The primary is killed with kill -9 while runs are sent: the backup takes over with every message
 * the primary had, the servers and the agents fail over to it, and every run the platform accepted finishes once,
 * with its real output. How long after the kill runs finish again is measured and printed.
 */
class BrokerPairIT {

    private static final Instant STARTED = Instant.now().minusSeconds(5);
    private static final Path BACKUP_LOG = Platform.STATE.resolve("logs/artemis-backup.log");

    @BeforeAll
    static void aPrimaryAndItsBackup() throws IOException, InterruptedException {
        long from = logSize();
        Platform.arena("up", "--brokers", "2");
        assertThat(backupLogSince(from)).as("the backup is in sync with the primary (AMQ221024)").contains("AMQ221024");
    }

    /** The backup's log is kept across its starts: what it wrote since a point. */
    private static long logSize() throws IOException {
        return Files.exists(BACKUP_LOG) ? Files.size(BACKUP_LOG) : 0;
    }

    private static String backupLogSince(long from) throws IOException {
        byte[] all = Files.readAllBytes(BACKUP_LOG);
        return new String(all, (int) Math.min(from, all.length), (int) Math.max(0, all.length - from),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @AfterAll
    static void backToOneBroker() throws IOException, InterruptedException {
        // the primary comes back, syncs from the backup and takes back; then the backup stops
        Platform.arena("up", "--brokers", "2");
        Platform.arena("down", "artemis-backup");
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        await().atMost(Duration.ofSeconds(60)).until(() -> admin.get("api/v1/admin/matchmaker").body()
                .get("runners").findValuesAsText("runnerId").containsAll(List.of("runner-1", "runner-2")));
        assertThat(admin.run("python", "print('one broker again')", "").get("stdout").asText())
                .isEqualTo("one broker again\n");
    }

    /** A run accepted under load, and what it must print. */
    private record Accepted(long id, String expected) {
    }

    @Test
    void killingThePrimaryUnderLoadLosesNoRunAndRunsResumeOnTheBackup() throws Exception {
        ArenaClient client = ArenaClient.signedUp();
        assertThat(client.run("python", "print('before')", "").get("verdict").asText()).isEqualTo("OK");

        List<Accepted> accepted = new CopyOnWriteArrayList<>();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicBoolean going = new AtomicBoolean(true);
        List<Thread> load = new ArrayList<>();
        for (int lane = 0; lane < 2; lane++) {
            int first = lane * 100_000;
            Thread thread = new Thread(() -> {
                for (int i = first; going.get(); i++) {
                    String token = "pair-" + i;
                    try {
                        Reply reply = client.post("api/v1/runs", Map.of("language", "python",
                                "source", "print('" + token + "')\n", "stdin", ""));
                        if (reply.status() == 202) {
                            accepted.add(new Accepted(reply.body().get("id").asLong(), token + "\n"));
                        } else if (reply.status() == 429) {
                            busy.incrementAndGet();
                        } else if (reply.status() == 503) {
                            unavailable.incrementAndGet();
                        } else {
                            unexpected.add(reply.status() + " " + reply.raw());
                        }
                    } catch (RuntimeException e) {
                        unexpected.add(e.toString());
                    }
                    Platform.pause(150);
                }
            });
            thread.start();
            load.add(thread);
        }
        Platform.pause(3_000);
        int acceptedBefore = accepted.size();
        long logFrom = logSize();
        long killed = System.nanoTime();
        ProcessHandle.of(Platform.pid("artemis")).orElseThrow().destroyForcibly();

        // the backup says it is active; then a run sent now finishes: the time until runs resume
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                backupLogSince(logFrom).contains("AMQ221007"));
        long activeMillis = (System.nanoTime() - killed) / 1_000_000;
        long resumedMillis = -1;
        while (resumedMillis < 0 && System.nanoTime() - killed < Duration.ofSeconds(90).toNanos()) {
            Reply probe = client.post("api/v1/runs", Map.of("language", "python", "source", "print('probe')\n",
                    "stdin", ""));
            if (probe.status() == 202) {
                JsonNode run = client.awaitFinished(probe.body().get("id").asLong());
                assertThat(run.get("stdout").asText()).isEqualTo("probe\n");
                resumedMillis = (System.nanoTime() - killed) / 1_000_000;
            } else {
                Platform.pause(200);
            }
        }
        Platform.pause(5_000);
        going.set(false);
        for (Thread thread : load) {
            thread.join(60_000);
        }

        assertThat(unexpected).as("answers other than 202, 429 and 503").isEmpty();
        assertThat(resumedMillis).as("a run sent after the kill finished").isPositive();
        assertThat(accepted.size()).as("runs accepted after the kill").isGreaterThan(acceptedBefore);
        for (Accepted each : accepted) {
            JsonNode run = client.awaitFinished(each.id());
            assertThat(run.get("stdout").asText()).as("run " + each.id()).isEqualTo(each.expected());
        }
        String logs = Platform.serverLogs(java.nio.file.attribute.FileTime.from(STARTED));
        for (Accepted each : accepted) {
            assertThat(Platform.occurrences(logs, "event=run-finished runId=" + each.id() + " "))
                    .as("run %d counted once", each.id()).isEqualTo(1);
        }
        System.out.printf("BrokerPairIT: kill -9 of the primary broker: the backup was active after %d ms, a run sent "
                        + "then finished %d ms after the kill; %d runs accepted (%d before the kill), each finished "
                        + "once; %d refused as busy (429: the practice queue was full), %d as unavailable (503)%n",
                activeMillis, resumedMillis, accepted.size(), acceptedBefore, busy.get(), unavailable.get());
        assertThat(resumedMillis).as("runs finish again within a minute of the kill").isLessThan(60_000);
    }
}
