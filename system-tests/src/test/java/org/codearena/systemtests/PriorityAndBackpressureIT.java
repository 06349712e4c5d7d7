package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Priority classes through the API, and backpressure: past a class's queue bound, POST /api/v1/runs answers
 * 429 with Retry-After. `./arena test` starts the platform with a practice queue bound of 3.
 */
class PriorityAndBackpressureIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();

    @Test
    void clientsMayAskForInteractiveOrPracticeOnly() {
        Reply practice = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(2)",
                "priority", "practice"));
        assertThat(practice.status()).isEqualTo(202);
        assertThat(CLIENT.awaitFinished(practice.body().get("id").asLong()).get("stdout").asText()).isEqualTo("2\n");

        Reply contest = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(2)",
                "priority", "CONTEST"));
        assertThat(contest.status()).isEqualTo(400);
        assertThat(contest.body().get("error").asText()).contains("INTERACTIVE or PRACTICE");

        Reply bogus = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(2)",
                "priority", "urgent"));
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.body().get("error").asText()).contains("unknown priority 'urgent'");
    }

    @Test
    void fullClassQueueAnswers429WithRetryAfterAndLosesNothingAccepted() {
        List<Long> accepted = new ArrayList<>();
        List<Reply> refused = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Reply reply = CLIENT.post("api/v1/runs", Map.of("language", "python",
                    "source", "import time\ntime.sleep(1)\nprint('done')\n", "priority", "PRACTICE"));
            if (reply.status() == 202) {
                accepted.add(reply.body().get("id").asLong());
            } else {
                refused.add(reply);
            }
        }

        assertThat(refused).isNotEmpty().allSatisfy(reply -> {
            assertThat(reply.status()).isEqualTo(429);
            assertThat(reply.headers().firstValue("Retry-After")).isPresent();
            assertThat(reply.body().get("error").asText()).contains("too many practice runs are waiting");
        });
        // an interactive run is not held back by the full practice queue
        Reply interactive = CLIENT.post("api/v1/runs", Map.of("language", "python", "source", "print(1)"));
        assertThat(interactive.status()).isEqualTo(202);
        for (long runId : accepted) {
            assertThat(CLIENT.awaitFinished(runId).get("verdict").asText()).isEqualTo("OK");
        }
    }

    @Test
    void onePersonCannotFillAClassAndLockEveryoneElseOut() {
        ArenaClient flooder = ArenaClient.signedUp();
        List<Long> accepted = new ArrayList<>();
        List<Reply> refused = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Reply reply = flooder.post("api/v1/runs", Map.of("language", "python",
                    "source", "import time\ntime.sleep(0.5)\nprint('mine')\n"));
            if (reply.status() == 202) {
                accepted.add(reply.body().get("id").asLong());
            } else {
                refused.add(reply);
            }
        }

        assertThat(refused).as("at most 10 of one person's interactive runs wait").isNotEmpty()
                .allSatisfy(reply -> {
                    assertThat(reply.status()).isEqualTo(429);
                    assertThat(reply.headers().firstValue("Retry-After")).isPresent();
                    assertThat(reply.body().get("error").asText()).contains("you already have")
                            .contains("per person");
                });
        // someone else is not held back by it
        Reply other = ArenaClient.signedUp().post("api/v1/runs", Map.of("language", "python", "source", "print(1)"));
        assertThat(other.status()).isEqualTo(202);
        for (long runId : accepted) {
            assertThat(flooder.awaitFinished(runId).get("stdout").asText()).isEqualTo("mine\n");
        }
    }
}
