package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MapMessage;
import jakarta.jms.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runner agents that die, lose the broker, come back or are impersonated: every accepted run ends once, with the
 * real result, and the agents go on serving.
 */
class RunnerFailureIT {

    private static final Path ARENA_ROOT = Path.of(System.getProperty("codearena.root", ".."));
    private static final Path STATE = Path.of(System.getProperty("codearena.state", "../.arena"));
    private static final Path LOGS = STATE.resolve("logs");
    private static final String BROKER_URL = System.getProperty("codearena.broker.url", "tcp://localhost:61616");

    @AfterAll
    static void everyAgentRunsAgain() throws IOException, InterruptedException {
        // `up` is idempotent: it starts only what is not running
        Platform.arena("up");
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("api/v1/admin/matchmaker").body()
                .get("runners").findValuesAsText("runnerId").containsAll(List.of("runner-1", "runner-2")));
    }

    @Test
    void jobOfAKilledAgentCompletesOnAnotherAgentAndTheLauncherRestartsTheAgent() throws IOException {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        long runId = startRun(client, "import time\ntime.sleep(3)\nprint('survived')\n");
        String busy = runnerExecuting(client, runId);
        long pid = agentPid(busy);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        JsonNode run = client.awaitFinished(runId);

        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("survived\n");
        // the launcher's supervisor starts it again, says so in the agent's log, and the agent registers anew
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(Files.readString(LOGS.resolve(busy + ".log")))
                    .contains("event=runner-restarting runnerId=" + busy + " exitStatus=137");
            assertThat(agentPid(busy)).isNotEqualTo(pid);
            assertThat(client.get("api/v1/admin/matchmaker").body().get("runners").findValuesAsText("runnerId"))
                    .contains(busy);
        });
        assertThat(client.run("python", "print('served again')", "").get("verdict").asText()).isEqualTo("OK");
    }

    @Test
    void anAgentWhoseBrokerConnectionIsCutMidJobRecoversAndLosesNothing() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        long runId = startRun(client, "import time\ntime.sleep(2)\nprint('delivered')\n");
        String busy = runnerExecuting(client, runId);

        int cut = cutBrokerConnections(agentPid(busy));
        Thread.sleep(800);
        cut += cutBrokerConnections(agentPid(busy));

        JsonNode run = client.awaitFinished(runId);
        assertThat(cut).as("connections cut").isGreaterThanOrEqualTo(2);
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("delivered\n");
        assertThat(jobsDone(runId)).as("the run executed once").isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            assertThat(client.run("python", "print('next')", "").get("verdict").asText()).isEqualTo("OK");
        }
    }

    @Test
    void aBrokerKilledAndRestartedMidJobLosesNothing() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        long runId = startRun(client, "import time\ntime.sleep(4)\nprint('after the broker')\n");
        runnerExecuting(client, runId);
        long broker = Platform.pid("artemis");
        ProcessHandle.of(broker).orElseThrow().destroyForcibly();
        Thread.sleep(2000);
        everyAgentRunsAgain();

        // the agents' heartbeats stop while the broker is down; past the heartbeat timeout the matchmaker gives the
        // run to another agent, so it may execute more than once: its result is stored once, from the last dispatch
        JsonNode run = client.awaitFinished(runId);
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("after the broker\n");
        assertThat(jobsDone(runId)).as("the run executed").isGreaterThanOrEqualTo(1);
        assertThat(client.run("python", "print('next')", "").get("stdout").asText()).isEqualTo("next\n");
    }

    /**
     * Jobs go to the agents' queues non-persistent (the claimed run in PostgreSQL is the durable copy): a job the
     * broker loses before its agent took it is sent again once the agent is back and says it is idle.
     */
    @Test
    void aJobLostWithTheBrokerBeforeItsAgentTookItIsSentAgain() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        List<Long> agents = List.of(agentPid("runner-1"), agentPid("runner-2"));
        for (long agent : agents) {
            signal(agent, "STOP");
        }
        long runId;
        try {
            runId = startRun(client, "print('sent again')\n");
            Thread.sleep(500);
            long broker = Platform.pid("artemis");
            ProcessHandle.of(broker).orElseThrow().destroyForcibly();
            Thread.sleep(1000);
        } finally {
            for (long agent : agents) {
                signal(agent, "CONT");
            }
        }
        everyAgentRunsAgain();

        JsonNode run = client.awaitFinished(runId);
        assertThat(run.get("verdict").asText()).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("sent again\n");
        // the agent may still have read the job from its socket before the broker died: then it runs it as well
        assertThat(jobsDone(runId)).as("the run executed").isGreaterThanOrEqualTo(1);
    }

    @Test
    void anAgentThatRestartsRefusesTheJobsItWasGivenBefore() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        // one agent is busy for a while; the other is frozen, so the next run is given to the frozen one
        long occupying = startRun(client, "import time\ntime.sleep(8)\nprint('occupied')\n");
        String busy = runnerExecuting(client, occupying);
        String frozen = "runner-1".equals(busy) ? "runner-2" : "runner-1";
        long frozenPid = agentPid(frozen);
        signal(frozenPid, "STOP");
        long runId = startRun(client, "print('once')\n");
        // the matchmaker stops hearing the frozen agent and takes its job back; then the agent is killed
        await().atMost(Duration.ofSeconds(20)).until(() -> !client.get("api/v1/admin/matchmaker").body()
                .get("runners").findValuesAsText("runnerId").contains(frozen));
        signal(frozenPid, "KILL");

        JsonNode run = client.awaitFinished(runId);
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("once\n");
        assertThat(client.awaitFinished(occupying).get("verdict").asText()).isEqualTo("OK");
        // the restarted agent does not run the job that had been sent to its earlier start: jobs are non-persistent,
        // so the broker may have dropped it with the dead connection; if it still holds it, the agent refuses it
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("api/v1/admin/matchmaker").body()
                .get("runners").findValuesAsText("runnerId").contains(frozen));
        Thread.sleep(3000);
        assertThat(jobsDone(runId)).as("the run executed once").isEqualTo(1);
    }

    @Test
    void agentsMayReadOnlyTheirOwnJobsAndFinishOnlyTheirOwnRuns() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        long runId = startRun(client, "import time\ntime.sleep(3)\nprint('the real result')\n");
        String busy = runnerExecuting(client, runId);
        String other = "runner-1".equals(busy) ? "runner-2" : "runner-1";

        try (Connection connection = new ActiveMQConnectionFactory(BROKER_URL)
                .createConnection(other, brokerPassword(other))) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(Destinations.runnerQueue(busy))))
                    .isInstanceOf(JMSSecurityException.class);
            // the other agent claims, first as itself and then in the busy agent's name, to have finished the run
            for (String claimed : List.of(other, busy)) {
                MapMessage forged = session.createMapMessage();
                new RunResult(runId, claimed, Verdict.OK, "forged\n", "", 0, 1, 1).writeTo(forged);
                session.createProducer(session.createQueue(Destinations.RESULTS)).send(forged);
            }
        }

        JsonNode run = client.awaitFinished(runId);
        assertThat(run.get("stdout").asText()).isEqualTo("the real result\n");
    }

    /**
     * A result that reaches the server twice at the same moment (a redelivery racing the first delivery) is stored
     * once and counts once: without a version check both deliveries read the run unfinished and both finished it.
     */
    @Test
    void aResultDeliveredTwiceAtOnceCountsOnce() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        // the agents idle first, so that the run starts at once and is still running when the copies arrive
        await().atMost(Duration.ofSeconds(30)).until(() -> client.get("api/v1/admin/matchmaker").body()
                .get("runners").findValuesAsText("state").stream().filter("IDLE"::equals).count() >= 2);
        // one run (a second python run could wait: long runs make python a slow type, held to one shared agent)
        List<Long> runIds = List.of(startRun(client, "import time\ntime.sleep(6)\nprint('real')\n"));
        Map<Long, String> runners = new java.util.HashMap<>();
        for (long runId : runIds) {
            runners.put(runId, runnerExecuting(client, runId));
        }
        List<Thread> senders = new ArrayList<>();
        int copies = 4;
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(copies * runIds.size());
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<Exception> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (long runId : runIds) {
            String runner = runners.get(runId);
            for (int copy = 0; copy < copies; copy++) {
                Thread sender = new Thread(() -> {
                    try (Connection connection = new ActiveMQConnectionFactory(BROKER_URL)
                            .createConnection(runner, brokerPassword(runner))) {
                        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                        var producer = session.createProducer(session.createQueue(Destinations.RESULTS));
                        MapMessage result = session.createMapMessage();
                        new RunResult(runId, runner, Verdict.OK, "first\n", "", 0, 1, 1).writeTo(result);
                        ready.countDown();
                        go.await();
                        producer.send(result);
                    } catch (Exception e) {
                        failures.add(e);
                    }
                });
                sender.start();
                senders.add(sender);
            }
        }
        assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Thread sender : senders) {
            sender.join(30_000);
        }
        assertThat(failures).isEmpty();

        for (long runId : runIds) {
            assertThat(client.awaitFinished(runId).get("stdout").asText()).isEqualTo("first\n");
        }
        Path serverLog = Platform.SERVER_LOGS.get(0).resolve("messages.log");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            String log = Files.readString(serverLog);
            for (long runId : runIds) {
                // the copies and the agent's own result: one stored, the others known as duplicates
                assertThat(Platform.occurrences(log, "event=result-duplicate-ignored runId=" + runId + " "))
                        .as("duplicates of run " + runId).isEqualTo(copies);
            }
        });
        String log = Files.readString(serverLog);
        for (long runId : runIds) {
            assertThat(Platform.occurrences(log, "event=run-finished runId=" + runId + " ")).as("run " + runId + " finished")
                    .isEqualTo(1);
        }
    }

    private static long startRun(ArenaClient client, String source) {
        return client.post("api/v1/runs", Map.of("language", "python", "source", source, "stdin", ""))
                .body().get("id").asLong();
    }

    private static String runnerExecuting(ArenaClient client, long runId) {
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
        return busyRunner.get();
    }

    private static long agentPid(String runnerId) throws IOException {
        return Platform.pid(runnerId);
    }

    /** How many agents' logs say they executed the run. */
    private static long jobsDone(long runId) throws IOException {
        long done = 0;
        for (String runner : List.of("runner-1", "runner-2")) {
            Path log = LOGS.resolve(runner + ".log");
            if (Files.exists(log)) {
                done += Files.readAllLines(log).stream()
                        .filter(line -> line.contains("event=job-done runId=" + runId + " ")).count();
            }
        }
        return done;
    }

    /** Kills every TCP connection the process has to the broker (as a network failure would), with ss -K. */
    private static int cutBrokerConnections(long pid) throws IOException, InterruptedException {
        String sockets = command("ss", "-tnpH");
        List<String> ports = new ArrayList<>();
        Matcher matcher = Pattern.compile("\\S+:(\\d+)\\s+\\S+:61616\\s+users:\\(\\(\"java\",pid=" + pid + ",")
                .matcher(sockets);
        while (matcher.find()) {
            ports.add(matcher.group(1));
        }
        int cut = 0;
        for (String port : ports) {
            cut += (int) command("ss", "-tnHK", "sport = :" + port).lines().count();
        }
        return cut;
    }

    private static void signal(long pid, String signal) throws IOException, InterruptedException {
        command("kill", "-" + signal, Long.toString(pid));
    }

    private static String command(String... words) throws IOException, InterruptedException {
        Platform.Outcome outcome = Platform.run(30, words);
        assertThat(outcome.status()).as(String.join(" ", words) + ": " + outcome.output()).isZero();
        return outcome.output();
    }

    private static String brokerPassword(String runnerId) throws IOException {
        Properties secrets = new Properties();
        try (var reader = Files.newBufferedReader(STATE.resolve("secrets.env"))) {
            secrets.load(reader);
        }
        return secrets.getProperty("CODEARENA_RUNNER_PASSWORD_" + runnerId.substring(runnerId.indexOf('-') + 1));
    }
}
