package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Alerts: a lane whose oldest run waits past the bound fires once, shows on the console's API and reaches a
 * webhook receiver in Alertmanager's JSON format; when the wait ends it is resolved, and the receiver hears that
 * too. `./arena test` runs the server with a 5 s bound and the webhook at 127.0.0.1:9099 (this test's receiver).
 */
class AlertsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aQueueWaitingTooLongFiresAndResolvesOnTheConsoleAndTheWebhook() throws Exception {
        List<JsonNode> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1",
                Integer.getInteger("codearena.alerts.receiver.port", 9099)), 0);
        receiver.createContext("/alerts", exchange -> {
            received.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp();
        try {
            admin.post("api/v1/admin/lanes/ruby/PRACTICE/pause", Map.of());
            long runId = person.post("api/v1/runs", Map.of("language", "ruby", "source", "puts 1", "stdin", "",
                    "priority", "PRACTICE")).body().get("id").asLong();

            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.get("api/v1/admin/alerts").body().get("firing").toString().contains("ruby PRACTICE: the oldest"));
            JsonNode firing = admin.get("api/v1/admin/alerts").body().get("firing");
            assertThat(firing.findValuesAsText("rule")).contains("QueueWaitTooLong");
            assertThat(firing.toString()).contains("the lane is paused");
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(p ->
                    p.get("status").asText().equals("firing") && p.toString().contains("\"runner_type\":\"ruby\"")));
            JsonNode payload = received.stream().filter(p -> p.toString().contains("\"runner_type\":\"ruby\""))
                    .findFirst().orElseThrow();
            assertThat(payload.get("version").asText()).isEqualTo("4");
            assertThat(payload.get("alerts").get(0).get("labels").get("alertname").asText()).isEqualTo("QueueWaitTooLong");
            assertThat(payload.get("alerts").get(0).get("annotations").get("summary").asText()).contains("ruby PRACTICE");

            admin.post("api/v1/admin/lanes/ruby/PRACTICE/resume", Map.of());
            assertThat(person.awaitFinished(runId).get("verdict").asText()).isEqualTo("OK");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.get("api/v1/admin/alerts").body().get("resolved").toString().contains("ruby PRACTICE: the oldest"));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.stream().anyMatch(p ->
                    p.get("status").asText().equals("resolved") && p.toString().contains("\"runner_type\":\"ruby\"")));
            long firings = received.stream().filter(p -> p.get("status").asText().equals("firing")
                    && p.toString().contains("\"runner_type\":\"ruby\"")
                    && p.toString().contains("QueueWaitTooLong")).count();
            assertThat(firings).as("fired once, not on every check").isEqualTo(1);
            assertThat(ArenaClient.signedUp().get("api/v1/admin/alerts").status()).isEqualTo(403);
        } finally {
            admin.post("api/v1/admin/lanes/ruby/PRACTICE/resume", Map.of());
            receiver.stop(0);
        }
    }

    /**
     * A runner that stops without being drained is dead: RunnerDead fires for it, and resolves when it is back. A
     * runner drained first and then stopped (as the autoscaler does) is not dead.
     */
    @Test
    void aRunnerStoppedWithoutDrainingIsReportedDead() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        try {
            Platform.arena("runner", "stop", "2");
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.get("api/v1/admin/alerts").body().get("firing").toString().contains("runner-2 stopped answering"));
            JsonNode firing = admin.get("api/v1/admin/alerts").body().get("firing");
            assertThat(firing.findValuesAsText("rule")).contains("RunnerDead");
        } finally {
            Platform.arena("runner", "start", "2");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                admin.get("api/v1/admin/alerts").body().get("resolved").toString().contains("runner-2 stopped answering")
                        && !admin.get("api/v1/admin/alerts").body().get("firing").toString().contains("runner-2"));
    }

    /** The read replica stopped: ReplicaUnreachable fires on the console; started again, it resolves. */
    @Test
    void anUnreachableReplicaIsReported() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        try {
            Platform.arena("down", "postgresql-replica");
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    admin.get("api/v1/admin/alerts").body().get("firing").findValuesAsText("rule")
                            .contains("ReplicaUnreachable"));
        } finally {
            Platform.arena("up");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() ->
                !admin.get("api/v1/admin/alerts").body().get("firing").findValuesAsText("rule")
                        .contains("ReplicaUnreachable"));
    }
}
