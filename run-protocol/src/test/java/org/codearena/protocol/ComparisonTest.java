package org.codearena.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComparisonTest {

    @Test
    void exactComparesByteForByte() {
        assertThat(Comparison.EXACT.matches("3\n", "3\n")).isTrue();
        assertThat(Comparison.EXACT.matches("3\n", "3")).isFalse();
        assertThat(Comparison.EXACT.matches("3\n", "3 \n")).isFalse();
        assertThat(Comparison.EXACT.matches("1 2\n", "1  2\n")).isFalse();
    }

    @Test
    void whitespaceIgnoresLineEndsTrailingSpacesAndTrailingEmptyLines() {
        assertThat(Comparison.WHITESPACE.matches("1 2\n3\n", "1 2  \r\n3\t\n\n\n")).isTrue();
        assertThat(Comparison.WHITESPACE.matches("1 2\n3\n", "1 2\n3")).isTrue();
        assertThat(Comparison.WHITESPACE.matches("", "\n\n")).isTrue();
    }

    @Test
    void whitespaceStillComparesWhatIsInsideALine() {
        assertThat(Comparison.WHITESPACE.matches("1 2\n", "1  2\n")).isFalse();
        assertThat(Comparison.WHITESPACE.matches("1 2\n", " 1 2\n")).isFalse();
        assertThat(Comparison.WHITESPACE.matches("a\n\nb\n", "a\nb\n")).isFalse();
        assertThat(Comparison.WHITESPACE.matches("3\n", "4\n")).isFalse();
    }
}
