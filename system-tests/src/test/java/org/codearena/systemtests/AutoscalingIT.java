package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler with its built-in provider: real runner-agent processes started and stopped through the launcher,
 * as ./arena up starts them. The test run shortens its waits (./arena test: 5 s cool-down, 10 s stable before
 * removing). Leaves the platform as it found it: runner-1 and runner-2 in service, autoscaling off.
 */
class AutoscalingIT {

    private static final ArenaClient ADMIN = ArenaClient.signedUp().grant("ADMIN");

    @AfterAll
    static void putTheTwoRunnersBack() {
        ADMIN.put("api/v1/admin/scaling", Map.of("enabled", true, "min", 2, "max", 2));
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> serving().equals(Set.of("runner-1", "runner-2"))
                            && managed().equals(Set.of("runner-1", "runner-2")));
        } finally {
            ADMIN.put("api/v1/admin/scaling", Map.of("enabled", false, "min", 1, "max", 4));
        }
    }

    @Test
    void scalingIsForAdminsOnlyAndBoundsAreChecked() {
        ArenaClient plain = ArenaClient.signedUp();
        assertThat(plain.get("api/v1/admin/scaling").status()).isEqualTo(403);
        assertThat(plain.put("api/v1/admin/scaling", Map.of("enabled", true, "min", 1, "max", 2)).status()).isEqualTo(403);
        ArenaClient.Reply wrong = ADMIN.put("api/v1/admin/scaling", Map.of("enabled", true, "min", 3, "max", 2));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().get("error").asText()).contains("min").contains("max");
        ArenaClient.Reply tooMany = ADMIN.put("api/v1/admin/scaling", Map.of("enabled", true, "min", 1, "max", 500));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().get("error").asText()).contains("CODEARENA_RUNNERS_MAX");
        assertThat(ADMIN.put("api/v1/admin/scaling", Map.of("enabled", true)).status()).isEqualTo(400);
        assertThat(ADMIN.post("api/v1/admin/runners/elsewhere-7/stop", Map.of()).status()).isEqualTo(409);
    }

    /**
     * Idle, it removes down to the minimum; a burst adds runners (which run the waiting runs: every one ends OK);
     * quiet again, it drains and stops what it added. Every decision says why, and the audit log has the switch.
     */
    @Test
    void followsTheLoadUpAndDownWithRealAgents() {
        JsonNode status = ADMIN.get("api/v1/admin/scaling").body();
        assertThat(status.get("provider").asText()).isEqualTo("local");
        assertThat(status.get("providerActs").asBoolean()).isTrue();

        ADMIN.put("api/v1/admin/scaling", Map.of("enabled", true, "min", 1, "max", 3));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> managed().size() == 1 && serving().size() == 1);
        assertThat(latestDecision("REMOVE").get("reason").asText()).contains("removing 1");

        // a burst: 60 Python runs from six people at once, far more than one runner finishes within the target
        List<ArenaClient> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(ArenaClient.signedUp());
        }
        List<long[]> runs = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            for (int p = 0; p < people.size(); p++) {
                ArenaClient.Reply accepted = people.get(p).post("api/v1/runs", Map.of("language", "python",
                        "source", "import time\ntime.sleep(0.3)\nprint('scaled', " + round + ")\n", "stdin", ""));
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
                runs.add(new long[] {p, accepted.body().get("id").asLong()});
            }
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> serving().size() >= 2);
        JsonNode added = latestDecision("ADD");
        assertThat(added.get("reason").asText()).startsWith("python: ").contains("waiting").contains("adding");
        assertThat(added.get("outcome").asText()).startsWith("started runner-");

        Set<String> ranOn = new TreeSet<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (JsonNode runner : ADMIN.get("api/v1/admin/matchmaker").body().get("runners")) {
                if (runner.get("jobsDone").asLong() > 0) {
                    ranOn.add(runner.get("runnerId").asText());
                }
            }
            for (long[] run : runs) {
                if (!"FINISHED".equals(people.get((int) run[0]).get("api/v1/runs/" + run[1]).body().get("status").asText())) {
                    return false;
                }
            }
            return true;
        });
        for (long[] run : runs) {
            JsonNode result = people.get((int) run[0]).get("api/v1/runs/" + run[1]).body();
            assertThat(result.get("verdict").asText()).as(result.toString()).isEqualTo("OK");
            assertThat(result.get("stdout").asText()).startsWith("scaled");
        }
        assertThat(ranOn).as("runners that ran jobs").hasSizeGreaterThanOrEqualTo(2);

        // quiet: back to the minimum, gently (drained, then stopped)
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> managed().size() == 1);
        assertThat(latestDecision("REMOVE").get("outcome").asText()).startsWith("draining runner-");

        JsonNode audit = ADMIN.get("api/v1/admin/audit?limit=50").body();
        boolean switched = false;
        for (JsonNode entry : audit) {
            switched |= "autoscaling-on".equals(entry.get("action").asText());
        }
        assertThat(switched).as(audit.toString()).isTrue();
    }

    /** An operator restarts a runner the platform started: its process is new, it registers again and serves. */
    @Test
    void anAdminRestartsAPlatformStartedRunner() throws Exception {
        String runner = managed().iterator().next();
        long before = Platform.pid(runner);
        ArenaClient.Reply restarted = ADMIN.post("api/v1/admin/runners/" + runner + "/restart", Map.of());
        assertThat(restarted.status()).as(restarted.raw()).isEqualTo(200);
        assertThat(ADMIN.get("api/v1/admin/audit?limit=5").raw()).contains("runner-restarted");
        ArenaClient person = ArenaClient.signedUp();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).ignoreExceptions()
                .until(() -> Platform.pid(runner) != before && serving().contains(runner));
        assertThat(person.run("python", "print(6 * 7)", "").get("stdout").asText()).isEqualTo("42\n");
    }

    private static JsonNode latestDecision(String action) {
        for (JsonNode decision : ADMIN.get("api/v1/admin/scaling").body().get("decisions")) {
            if (action.equals(decision.get("action").asText())) {
                return decision;
            }
        }
        throw new AssertionError("no " + action + " decision yet");
    }

    private static Set<String> managed() {
        Set<String> ids = new TreeSet<>();
        ADMIN.get("api/v1/admin/scaling").body().get("managed").forEach(id -> ids.add(id.asText()));
        ids.removeAll(stopping());
        return ids;
    }

    private static Set<String> stopping() {
        Set<String> ids = new TreeSet<>();
        ADMIN.get("api/v1/admin/scaling").body().get("stopping").forEach(id -> ids.add(id.asText()));
        return ids;
    }

    private static Set<String> serving() {
        Set<String> ids = new TreeSet<>();
        for (JsonNode runner : ADMIN.get("api/v1/admin/matchmaker").body().get("runners")) {
            String state = runner.get("state").asText();
            if ("IDLE".equals(state) || "BUSY".equals(state)) {
                ids.add(runner.get("runnerId").asText());
            }
        }
        return ids;
    }
}
