package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Every fault of a bad day, each while people run code and submit to a contest, and after each one the count:
 * every run the platform accepted (answered 202) finished exactly once with its real output, every accepted
 * submission was scored exactly once with its real verdict (counted in the servers' logs), and every
 * participant's contest standing counts exactly their submissions. Requests refused while a part was down (503,
 * 429) or never answered (the server died) are counted too, and were not accepted: nothing is owed for them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsUnderLoadIT {

    private static final java.net.URI FIRST = java.net.URI.create(ArenaClient.BASE_URL);
    private static final String SECOND_URL = "http://" + FIRST.getHost() + ":" + (FIRST.getPort() + 1) + "/";
    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static final String SUM_WRONG = "a, b = map(int, input().split())\nprint(a - b)\n";
    private static final int PEOPLE = 4;
    private static final long PAUSE_MILLIS = 400;

    private static String contest;
    private static final List<ArenaClient> PARTICIPANTS = new ArrayList<>();
    /** per participant: contest submissions accepted so far, and whether one of them was right */
    private static final Map<String, Integer> SUBMITTED = new HashMap<>();
    private static final Map<String, Boolean> SOLVED = new HashMap<>();
    /**
     * submissions sent when the server died under the request: no answer, so the client cannot know whether it
     * was accepted (committed just before the kill) or not; the leaderboard may count each of them or not
     */
    private static final Map<String, Integer> UNANSWERED_SUBMISSIONS = new HashMap<>();
    private static final Map<String, Boolean> MAYBE_SOLVED = new HashMap<>();
    private static boolean twoServers;
    /** log files last written before this are of earlier runs (whose run numbers may repeat after a reset) */
    private static final java.nio.file.attribute.FileTime STARTED =
            java.nio.file.attribute.FileTime.from(Instant.now().minusSeconds(5));

    @BeforeAll
    static void aContestWithParticipants() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        contest = "f" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", contest, "title", "Bad day",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        for (int i = 0; i < PEOPLE; i++) {
            ArenaClient person = ArenaClient.signedUp();
            assertThat(person.post("api/v1/contests/" + contest + "/join", Map.of()).status()).isEqualTo(200);
            PARTICIPANTS.add(person);
            SUBMITTED.put(person.username(), 0);
            SOLVED.put(person.username(), false);
        }
    }

    @AfterAll
    static void everythingRunsAgain() throws Exception {
        Platform.arena("up");
        if (twoServers) {
            Platform.arena("down", "liberty-2");
        }
    }

    @Test
    @Order(1)
    void aRunnerAgentKilledUnderLoad() throws Exception {
        underLoad("runner agent kill -9", List.of(ArenaClient.BASE_URL), () -> {
            ProcessHandle.of(Platform.pid("runner-1")).orElseThrow().destroyForcibly();
            // the launcher starts it again by itself
        });
    }

    @Test
    @Order(2)
    void theBrokerKilledAndStartedAgainUnderLoad() throws Exception {
        underLoad("broker kill -9, start again", List.of(ArenaClient.BASE_URL), () -> {
            ProcessHandle.of(Platform.pid("artemis")).orElseThrow().destroyForcibly();
            Thread.sleep(2000);
            Platform.arena("up");
        });
    }

    @Test
    @Order(3)
    void thePrimaryDatabaseStoppedAndStartedAgainUnderLoad() throws Exception {
        underLoad("PostgreSQL primary stop, start", List.of(ArenaClient.BASE_URL), () -> {
            Platform.arena("down", "postgresql-primary");
            Thread.sleep(3000);
            Platform.arena("up");
        });
    }

    @Test
    @Order(4)
    void theReplicaStoppedUnderLoad() throws Exception {
        underLoad("PostgreSQL replica stop, start", List.of(ArenaClient.BASE_URL), () -> {
            Platform.arena("down", "postgresql-replica");
            Thread.sleep(3000);
            Platform.arena("up");
        });
    }

    @Test
    @Order(5)
    void theServerHoldingTheMatchmakerKilledUnderLoad() throws Exception {
        twoServers = true;
        Platform.arena("up", "--servers", "2");
        // people on both servers; the first holds the matchmaker lease
        underLoad("kill -9 of the server holding the matchmaker (two servers)", List.of(ArenaClient.BASE_URL, SECOND_URL),
                true, () -> {
                    ArenaClient admin = ArenaClient.signedUp().grant("ADMIN").at(SECOND_URL);
                    ProcessHandle.of(Platform.pid("liberty")).orElseThrow().destroyForcibly();
                    await().atMost(Duration.ofSeconds(20)).until(() ->
                            admin.get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong() > 0);
                });
    }

    private interface Fault {
        void inject() throws Exception;
    }

    /** What one person's load sent and what came of it. */
    private record Accepted(ArenaClient owner, String kind, long id, String expected) {
    }

    private static void underLoad(String name, List<String> servers, Fault fault) throws Exception {
        underLoad(name, servers, false, fault);
    }

    /**
     * {@code killsAServer}: a server killed between committing a result and writing its log line leaves no
     * first-time line for it; the message it had not acknowledged comes back to the other server, which finds the
     * result stored and says so. Such a result was stored once all the same.
     */
    private static void underLoad(String name, List<String> servers, boolean killsAServer, Fault fault)
            throws Exception {
        List<Accepted> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger unanswered = new AtomicInteger();
        List<String> unexpected = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> submittedNow = new HashMap<>();
        Map<String, Boolean> solvedNow = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Integer> unansweredNow = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Boolean> maybeSolvedNow = new java.util.concurrent.ConcurrentHashMap<>();
        List<Thread> load = new ArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        for (int p = 0; p < PARTICIPANTS.size(); p++) {
            ArenaClient person = PARTICIPANTS.get(p).at(servers.get(p % servers.size()));
            String username = PARTICIPANTS.get(p).username();
            submittedNow.put(username, new AtomicInteger());
            Thread thread = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    boolean submission = i % 3 == 2;
                    boolean right = i % 2 == 0;
                    String token = username + "-" + i + "-" + System.nanoTime();
                    try {
                        Reply reply = submission
                                ? person.post("api/v1/contests/" + contest + "/submissions", Map.of("task", "sum-of-two",
                                        "language", "python", "source", right ? SUM : SUM_WRONG))
                                : person.post("api/v1/runs", Map.of("language", "python",
                                        "source", "print('" + token + "')\n", "stdin", ""));
                        if (reply.status() == 202) {
                            long id = reply.body().get("id").asLong();
                            accepted.add(new Accepted(person, submission ? "submission" : "run", id,
                                    submission ? (right ? "OK" : "WRONG_ANSWER") : token + "\n"));
                            if (submission) {
                                submittedNow.get(username).incrementAndGet();
                                if (right) {
                                    solvedNow.put(username, true);
                                }
                            }
                        } else if (reply.status() == 503 || reply.status() == 429) {
                            refused.incrementAndGet();
                            Thread.sleep(300);
                        } else {
                            unexpected.add(reply.status() + " " + reply.raw());
                        }
                        // about 2.5 requests a second each: more than two agents run at once, less than they
                        // can finish in a second (the queue drains as the fault passes)
                        Thread.sleep(PAUSE_MILLIS);
                    } catch (IllegalStateException noAnswer) {
                        // the server refused the connection (it accepted nothing), or died under the request
                        // (it may have committed it just before): a submission may count or not
                        unanswered.incrementAndGet();
                        if (submission) {
                            unansweredNow.merge(username, 1, Integer::sum);
                            if (right) {
                                maybeSolvedNow.put(username, true);
                            }
                        }
                        sleepQuietly(300);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            thread.start();
            load.add(thread);
        }
        Thread.sleep(2000);
        fault.inject();
        Thread.sleep(3000);
        stop.set(true);
        for (Thread thread : load) {
            thread.join(90_000);
        }
        // what was accepted counts for the standings whatever else fails here (the next fault's count builds on it)
        submittedNow.forEach((username, count) -> SUBMITTED.merge(username, count.get(), Integer::sum));
        solvedNow.forEach((username, solved) -> SOLVED.put(username, true));
        unansweredNow.forEach((username, count) -> UNANSWERED_SUBMISSIONS.merge(username, count, Integer::sum));
        maybeSolvedNow.forEach((username, maybe) -> MAYBE_SOLVED.put(username, true));
        assertThat(unexpected).as("answers other than 202, 429 and 503").isEmpty();

        // every accepted run finished once with its real output; every accepted submission scored once (read on
        // the server that is still up)
        String reader = servers.size() > 1 ? SECOND_URL : ArenaClient.BASE_URL;
        int runs = 0;
        int submissions = 0;
        for (Accepted each : accepted) {
            ArenaClient owner = each.owner().at(reader);
            if (each.kind().equals("run")) {
                runs++;
                JsonNode run = owner.awaitFinished(each.id());
                assertThat(run.get("stdout").asText()).as("run " + each.id()).isEqualTo(each.expected());
            } else {
                submissions++;
                JsonNode judged = owner.awaitJudged(each.id());
                assertThat(judged.get("verdict").asText()).as("submission " + each.id()).isEqualTo(each.expected());
            }
        }
        String logs = Platform.serverLogs(STARTED);
        int storedByTheKilled = 0;
        for (Accepted each : accepted) {
            boolean run = each.kind().equals("run");
            String event = run ? "event=run-finished runId=" : "event=submission-judged submissionId=";
            String again = run ? "event=run-finished-told-again runId=" : "event=submission-scored-already submissionId=";
            int firstTimes = Platform.occurrences(logs, event + each.id() + " ");
            if (killsAServer && firstTimes == 0) {
                assertThat(Platform.occurrences(logs, again + each.id() + " ")).as(each.kind() + " " + each.id()
                        + ": stored by the killed server before its log line, found stored by the other").isPositive();
                storedByTheKilled++;
            } else {
                assertThat(firstTimes).as(each.kind() + " " + each.id() + " counted once").isEqualTo(1);
            }
        }
        // only what the killed server held unacknowledged at the kill: a result per runner agent (two) and a
        // scoring message for each
        assertThat(storedByTheKilled).as("results stored by the killed server without its log line").isLessThanOrEqualTo(4);
        // every standing counts exactly the accepted submissions, best score first
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode rows = new ArenaClient().at(reader).get("api/v1/contests/" + contest + "/leaderboard").body().get("rows");
            for (ArenaClient person : PARTICIPANTS) {
                int expected = SUBMITTED.get(person.username());
                int maybe = UNANSWERED_SUBMISSIONS.getOrDefault(person.username(), 0);
                JsonNode row = null;
                for (JsonNode candidate : rows) {
                    if (candidate.get("username").asText().equals(person.username())) {
                        row = candidate;
                    }
                }
                if (expected == 0 && maybe == 0) {
                    assertThat(row).isNull();
                    continue;
                }
                if (expected == 0 && row == null) {
                    continue;
                }
                assertThat(row).as(person.username() + " on the leaderboard").isNotNull();
                assertThat(row.get("attempts").get(0).asInt()).as(person.username() + " attempts (%d accepted, %d "
                        + "unanswered)", expected, maybe).isBetween(expected, expected + maybe);
                if (SOLVED.get(person.username()) || !MAYBE_SOLVED.getOrDefault(person.username(), false)) {
                    assertThat(row.get("total").asInt() > 0).as(person.username() + " solved")
                            .isEqualTo(SOLVED.get(person.username()));
                }
            }
        });
        System.out.printf("FaultsUnderLoadIT: %s: accepted %d runs and %d submissions, each finished once; "
                + "refused %d (503/429), unanswered %d%n", name, runs, submissions, refused.get(), unanswered.get());
        assertThat(runs).as("runs accepted around the fault").isPositive();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
