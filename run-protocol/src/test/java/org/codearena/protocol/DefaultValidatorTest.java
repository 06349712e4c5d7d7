package org.codearena.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The default output validator, case by case as the problem package format describes it. */
class DefaultValidatorTest {

    private static boolean accepts(String answer, String output, String flags) {
        return DefaultValidator.check(answer, output, ValidatorFlags.parse(flags)).accepted();
    }

    @Test
    void wordsAreComparedWhateverTheWhitespaceBetweenThem() {
        assertThat(accepts("1 2\n3\n", "1\n2   3", "")).isTrue();
        assertThat(accepts("1 2\n3\n", "  1 2 3 \r\n\n", "")).isTrue();
        assertThat(accepts("1 2 3", "1 2", "")).isFalse();
        assertThat(accepts("1 2", "1 2 3", "")).isFalse();
        assertThat(accepts("", "\n\n", "")).isTrue();
    }

    @Test
    void caseCountsOnlyWhenTheTaskSaysSo() {
        assertThat(accepts("Yes", "YES", "")).isTrue();
        assertThat(accepts("Yes", "YES", "case_sensitive")).isFalse();
        assertThat(accepts("Yes", "Yes", "case_sensitive")).isTrue();
    }

    @Test
    void withSpaceChangeSensitiveTheWhitespaceMustBeTheSame() {
        assertThat(accepts("1 2\n", "1 2\n", "space_change_sensitive")).isTrue();
        assertThat(accepts("1 2\n", "1  2\n", "space_change_sensitive")).isFalse();
        assertThat(accepts("1 2\n", "1 2", "space_change_sensitive")).isFalse();
        assertThat(DefaultValidator.check("1 2\n", "1\t2\n", ValidatorFlags.parse("space_change_sensitive")).message())
                .isEqualTo("the space after word 1 differs: expected \" \", got \"\\t\"");
    }

    @Test
    void numbersWithinTheToleranceAreAcceptedInAnyValidFormatting() {
        assertThat(accepts("0.333333", "0.3333331", "float_tolerance 1e-6")).isTrue();
        assertThat(accepts("0.5", ".50", "float_tolerance 1e-9")).isTrue();
        assertThat(accepts("0.5", "5e-1", "float_tolerance 1e-9")).isTrue();
        assertThat(accepts("0.5", "5E-1", "float_tolerance 1e-9")).isTrue();
        assertThat(accepts("0.5", "0.5001", "float_tolerance 1e-6")).isFalse();
        assertThat(accepts("0.5", "half", "float_tolerance 1e-6")).isFalse();
        // without a tolerance numbers are words
        assertThat(accepts("0.5", ".5", "")).isFalse();
    }

    @Test
    void absoluteOrRelativeErrorIsEnough() {
        // 1000000 vs 1000001: absolute error 1, relative 1e-6
        assertThat(accepts("1000000", "1000001", "float_relative_tolerance 1e-6")).isTrue();
        assertThat(accepts("1000000", "1000001", "float_absolute_tolerance 1e-6")).isFalse();
        assertThat(accepts("0.000001", "0.0000015", "float_absolute_tolerance 1e-6")).isTrue();
        assertThat(accepts("0.000001", "0.0000015", "float_relative_tolerance 1e-6")).isFalse();
        assertThat(accepts("0.000001", "0.0000015", "float_tolerance 1e-6")).isTrue();
    }

    @Test
    void aWordThatIsNotANumberInTheAnswerIsComparedAsAWord() {
        assertThat(accepts("Case #1: 0.5", "case #1: 0.50000001", "float_tolerance 1e-6")).isTrue();
        assertThat(accepts("Case #1: 0.5", "Case #2: 0.5", "float_tolerance 1e-6")).isFalse();
    }

    @Test
    void theMessageSaysWhereAndByHowMuch() {
        assertThat(DefaultValidator.check("1 0.5", "1 0.6", ValidatorFlags.parse("float_tolerance 1e-6")).message())
                .isEqualTo("word 2: expected '0.5', got '0.6' (off by 0.100; allowed: absolute 1.0E-6 or relative 1.0E-6)");
        assertThat(DefaultValidator.check("1 2", "1", ValidatorFlags.DEFAULT).message())
                .isEqualTo("the output ends after 1 words; word 2 should be '2'");
    }

    @Test
    void flagsAreReadAsThePackageWritesThemAndBadOnesAreNamed() {
        ValidatorFlags flags = ValidatorFlags.parse(" case_sensitive  float_absolute_tolerance 1e-4 ");
        assertThat(flags.caseSensitive()).isTrue();
        assertThat(flags.absoluteTolerance()).isEqualTo(1e-4);
        assertThat(flags.relativeTolerance()).isEqualTo(-1);
        assertThat(ValidatorFlags.parse(flags.format())).isEqualTo(flags);
        assertThat(ValidatorFlags.parse("float_tolerance 0.001").format()).isEqualTo("float_tolerance 0.001");
        assertThatThrownBy(() -> ValidatorFlags.parse("float_tolerance"))
                .hasMessage("validator flag float_tolerance needs a number after it, e.g. 'float_tolerance 1e-6'");
        assertThatThrownBy(() -> ValidatorFlags.parse("float_tolerance abc"))
                .hasMessage("validator flag float_tolerance takes a number of 0 or more, not 'abc'");
        assertThatThrownBy(() -> ValidatorFlags.parse("ignore_case")).hasMessageStartingWith("unknown validator flag 'ignore_case'");
    }
}
