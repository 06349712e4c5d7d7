package org.codearena.forum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SignedInDirectoryTest {

    @Test
    void theCookieValueAndTheSessionIdFindTheSamePerson() {
        SignedInDirectory.Reader alice = new SignedInDirectory.Reader(7, "alice", Set.of());
        // HttpSession.getId() on the platform's side, the JSESSIONID cookie as the forum receives it
        SignedInDirectory.signedIn("y91L5uto53RFFJQs7OaGkI", alice);
        assertThat(SignedInDirectory.lookup("0000y91L5uto53RFFJQs7OaGkI:c23827ee-9db9-4694-a3a0-5d80eb84c004"))
                .isEqualTo(alice);
        assertThat(SignedInDirectory.lookup("y91L5uto53RFFJQs7OaGkI")).isEqualTo(alice);
        assertThat(SignedInDirectory.lookup("0000somebodyElse00000000:c238")).isNull();
        assertThat(SignedInDirectory.lookup(null)).isNull();

        SignedInDirectory.signedOut("y91L5uto53RFFJQs7OaGkI");
        assertThat(SignedInDirectory.lookup("0000y91L5uto53RFFJQs7OaGkI:c23827ee")).isNull();
    }

    @Test
    void moderatorsAndAdminsModerate() {
        assertThat(new SignedInDirectory.Reader(1, "m", Set.of("MODERATOR")).moderates()).isTrue();
        assertThat(new SignedInDirectory.Reader(1, "a", Set.of("ADMIN")).moderates()).isTrue();
        assertThat(new SignedInDirectory.Reader(1, "r", Set.of("RECRUITER")).moderates()).isFalse();
    }
}
