package org.codearena.forum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ForumRulesTest {

    @Test
    void titlesAreTrimmedAndBounded() {
        assertThat(ForumCommands.title("  Binary   search\ttips ")).isEqualTo("Binary search tips");
        assertThatThrownBy(() -> ForumCommands.title("ab")).isInstanceOf(ForumException.class)
                .hasMessageContaining("3 to 150 characters");
        assertThatThrownBy(() -> ForumCommands.title("x".repeat(151))).hasMessageContaining("has 151");
        assertThatThrownBy(() -> ForumCommands.title(null)).hasMessageContaining("has 0");
        assertThatThrownBy(() -> ForumCommands.title("bell\u0007rings")).hasMessageContaining("control");
    }

    @Test
    void postsAreNotEmptyNorHuge() {
        assertThat(ForumCommands.body("  hello\n")).isEqualTo("hello");
        assertThatThrownBy(() -> ForumCommands.body("   ")).isInstanceOf(ForumException.class)
                .satisfies(e -> assertThat(((ForumException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> ForumCommands.body("x".repeat(20_001))).hasMessageContaining("at most 20000");
        assertThatThrownBy(() -> ForumCommands.body("a\0b")).hasMessageContaining("NUL");
    }

    @Test
    void pagesCountUp() {
        assertThat(ForumViews.pagesFor(0, 20)).isEqualTo(1);
        assertThat(ForumViews.pagesFor(20, 20)).isEqualTo(1);
        assertThat(ForumViews.pagesFor(21, 20)).isEqualTo(2);
    }
}
