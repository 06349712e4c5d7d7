package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
}
