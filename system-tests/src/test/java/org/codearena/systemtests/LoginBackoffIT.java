package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Password guessing against one account: a few wrong passwords are free, then every further one makes the next
 * login wait longer (429 with Retry-After), counted in PostgreSQL for every server alike; the right password after
 * the wait logs in and clears the count.
 */
class LoginBackoffIT {

    private static Reply login(String username, String password) {
        return new ArenaClient().post("api/v1/auth/token", Map.of("username", username, "password", password));
    }

    @Test
    void wrongPasswordsInARowMakeTheAccountsNextLoginWait() throws Exception {
        ArenaClient victim = ArenaClient.signedUp();
        for (int i = 1; i <= 5; i++) {
            assertThat(login(victim.username(), "wrong guess " + i).status()).as("free failure " + i).isEqualTo(401);
        }
        Reply waiting = null;
        for (int i = 6; i <= 12 && waiting == null; i++) {
            Reply reply = login(victim.username(), "wrong guess " + i);
            if (reply.status() == 429) {
                waiting = reply;
            } else {
                assertThat(reply.status()).isEqualTo(401);
            }
        }
        assertThat(waiting).as("a guess past the free ones must wait").isNotNull();
        assertThat(waiting.body().get("error").asText()).contains("too many wrong passwords");
        long retryAfter = Long.parseLong(waiting.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 900L);

        Thread.sleep(retryAfter * 1000 + 500);
        assertThat(login(victim.username(), victim.password()).status()).as("right password after the wait")
                .isEqualTo(200);
        assertThat(login(victim.username(), "wrong again").status()).as("the count starts again").isEqualTo(401);
    }

    @Test
    void oneAccountsGuessesDoNotSlowAnotherAccount() {
        ArenaClient victim = ArenaClient.signedUp();
        ArenaClient bystander = ArenaClient.signedUp();
        for (int i = 1; i <= 8; i++) {
            login(victim.username(), "wrong guess " + i);
        }
        assertThat(login(bystander.username(), bystander.password()).status()).isEqualTo(200);
    }
}
