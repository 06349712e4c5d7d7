package org.codearena.web.infrastructure.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.RECOMMENDED_ITERATIONS);

    @Test
    void storedFormNamesAlgorithmAndCostAndNeverThePassword() {
        String stored = hasher.hash("correct horse".toCharArray());
        assertThat(stored).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
    }

    @Test
    void matchesOnlyTheRightPassword() {
        String stored = hasher.hash("correct horse".toCharArray());
        assertThat(hasher.matches("correct horse".toCharArray(), stored)).isTrue();
        assertThat(hasher.matches("correct horsf".toCharArray(), stored)).isFalse();
        assertThat(hasher.matches("x".toCharArray(), "garbage")).isFalse();
    }

    @Test
    void sameHashTwiceDiffersBySalt() {
        assertThat(hasher.hash("pw".toCharArray())).isNotEqualTo(hasher.hash("pw".toCharArray()));
    }

    @Test
    void hashesMadeAtAnOlderCostStillVerify() {
        String older = new PasswordHasher(1000).hash("pw".toCharArray());
        assertThat(hasher.matches("pw".toCharArray(), older)).isTrue();
    }
}
