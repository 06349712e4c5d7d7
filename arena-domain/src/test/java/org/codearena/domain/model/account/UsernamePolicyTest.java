package org.codearena.domain.model.account;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsernamePolicyTest {

    @Test
    void keyIsCaseInsensitiveAndNfkcNormalised() {
        assertThat(UsernamePolicy.key("AlanTuring")).isEqualTo("alanturing");
        // full-width letters normalise to ASCII under NFKC
        assertThat(UsernamePolicy.key("ＡｌａｎTuring")).isEqualTo("alanturing");
    }

    @Test
    void acceptsOrdinaryNames() {
        assertThat(UsernamePolicy.violation("alan_turing-1.0")).isEmpty();
    }

    @Test
    void rejectionsSayWhichRuleWasBroken() {
        assertThat(UsernamePolicy.violation("")).contains("username is required");
        assertThat(UsernamePolicy.violation("ab")).get().asString().contains("3 to 32");
        assertThat(UsernamePolicy.violation("a".repeat(33))).get().asString().contains("3 to 32");
        assertThat(UsernamePolicy.violation("alan turing")).get().asString().contains("may contain only");
        assertThat(UsernamePolicy.violation("_alan")).get().asString().contains("must start with");
        assertThat(UsernamePolicy.violation("Admin")).get().asString().contains("reserved");
    }
}
