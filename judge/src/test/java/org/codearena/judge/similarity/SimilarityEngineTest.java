package org.codearena.judge.similarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.codearena.judge.similarity.SimilarityEngine.Outcome;
import org.codearena.judge.similarity.SimilarityEngine.Pair;
import org.codearena.judge.similarity.SimilarityEngine.Solution;
import org.junit.jupiter.api.Test;

/**
 * Planted near-copies (renamed identifiers, functions in another order, other comments and layout) are found;
 * honest solutions written independently to the same task are not flagged; code everyone was given does not count.
 */
class SimilarityEngineTest {

    private static final double THRESHOLD = 0.5;
    private final SimilarityEngine engine = new SimilarityEngine(1);

    @Test
    void nearCopiesAreFoundAndIndependentSolutionsAreNot() throws Exception {
        List<Solution> solutions = List.of(
                new Solution(1, "python", Samples.PYTHON_ORIGINAL),
                new Solution(2, "python", Samples.PYTHON_INDEPENDENT_1),
                new Solution(3, "python", Samples.PYTHON_RENAMED_AND_REORDERED),
                new Solution(4, "python", Samples.PYTHON_INDEPENDENT_2),
                new Solution(5, "java", Samples.JAVA_ORIGINAL),
                new Solution(6, "java", Samples.JAVA_INDEPENDENT),
                new Solution(7, "java", Samples.JAVA_RENAMED_AND_REORDERED),
                new Solution(8, "ruby", "puts STDIN.read.split.map(&:to_i).sum\n"));
        List<String> phases = new ArrayList<>();

        Outcome outcome = engine.compare(solutions, Map.of(), THRESHOLD, (phase, done, total) -> phases.add(phase));

        assertThat(flagged(outcome)).containsExactlyInAnyOrder("1-3", "5-7");
        Pair python = outcome.pairs().stream().filter(p -> p.first() == 1).findFirst().orElseThrow();
        assertThat(python.similarity()).isGreaterThan(0.8);
        assertThat(python.language()).isEqualTo("python");
        assertThat(python.regions()).isNotEmpty().allSatisfy(region -> {
            assertThat(region.firstStart()).isPositive().isLessThanOrEqualTo(region.firstEnd());
            assertThat(region.secondStart()).isPositive().isLessThanOrEqualTo(region.secondEnd());
        });
        // the renamed copy's functions are in another order: a region starting late in one starts early in the other
        assertThat(python.regions()).anySatisfy(region -> assertThat(region.firstStart()).isGreaterThan(region.secondStart()));
        assertThat(outcome.comparedSolutions()).isEqualTo(7);
        assertThat(outcome.comparedPairs()).isEqualTo(6 + 3);
        assertThat(outcome.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.id()).isEqualTo(8);
            assertThat(skipped.reason()).contains("JPlag has no front end for ruby");
        });
        assertThat(phases).contains("parsing python", "comparing python", "parsing java", "comparing java");
    }

    @Test
    void everyPairAtOrAboveTheThresholdIsKeptMostSimilarFirst() throws Exception {
        Outcome outcome = engine.compare(List.of(
                new Solution(10, "python", Samples.PYTHON_ORIGINAL),
                new Solution(11, "python", Samples.PYTHON_INDEPENDENT_1),
                new Solution(12, "python", Samples.PYTHON_RENAMED_AND_REORDERED)), Map.of(), 0.0, (p, d, t) -> { });

        assertThat(outcome.pairs()).hasSize(3);
        assertThat(outcome.pairs().get(0).similarity()).isGreaterThanOrEqualTo(outcome.pairs().get(1).similarity());
        assertThat(flagged(outcome).get(0)).isEqualTo("10-12");
    }

    @Test
    void codeEveryoneWasGivenDoesNotMakeTwoSolutionsSimilar() throws Exception {
        // two candidates kept the long starter program and each added a different small function
        List<Solution> solutions = List.of(
                new Solution(20, "python", Samples.STARTER + Samples.OWN_PART_1),
                new Solution(21, "python", Samples.STARTER + Samples.OWN_PART_2));

        Outcome without = engine.compare(solutions, Map.of(), THRESHOLD, (p, d, t) -> { });
        Outcome with = engine.compare(solutions, Map.of("python", List.of(Samples.STARTER)), THRESHOLD,
                (p, d, t) -> { });

        assertThat(flagged(without)).containsExactly("20-21");
        assertThat(with.pairs()).isEmpty();
        assertThat(with.notes()).isEmpty();
    }

    @Test
    void cAndCppSolutionsAreComparedWithEachOther() throws Exception {
        Outcome outcome = engine.compare(List.of(
                new Solution(30, "c", Samples.C_ORIGINAL),
                new Solution(31, "cpp", Samples.C_RENAMED_AS_CPP)), Map.of(), THRESHOLD, (p, d, t) -> { });

        assertThat(flagged(outcome)).containsExactly("30-31");
        assertThat(outcome.pairs().get(0).language()).isEqualTo("c/c++");
    }

    @Test
    void aSolutionThatCannotBeReadIsListedAsSkipped() throws Exception {
        Outcome outcome = engine.compare(List.of(
                new Solution(40, "java", Samples.JAVA_ORIGINAL),
                new Solution(41, "java", Samples.JAVA_RENAMED_AND_REORDERED),
                new Solution(42, "java", "public class Main { this is not java }")), Map.of(), THRESHOLD,
                (p, d, t) -> { });

        assertThat(flagged(outcome)).containsExactly("40-41");
        assertThat(outcome.skipped()).singleElement().satisfies(skipped -> {
            assertThat(skipped.id()).isEqualTo(42);
            assertThat(skipped.reason()).contains("not compared");
        });
    }

    @Test
    void aLanguageWithOneSolutionIsNotedAndTheThresholdIsChecked() throws Exception {
        Outcome outcome = engine.compare(List.of(new Solution(50, "go", "package main\nfunc main() {}\n")),
                Map.of(), THRESHOLD, (p, d, t) -> { });
        assertThat(outcome.pairs()).isEmpty();
        assertThat(outcome.notes()).singleElement().asString().contains("only one go solution");

        assertThatThrownBy(() -> engine.compare(List.of(), Map.of(), 1.5, (p, d, t) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 0 and 1");
        assertThat(SimilarityEngine.supportedLanguages()).contains("python", "java", "c", "cpp", "go", "rust",
                "kotlin", "csharp");
    }

    private static List<String> flagged(Outcome outcome) {
        return outcome.pairs().stream().map(pair -> pair.first() + "-" + pair.second()).collect(Collectors.toList());
    }
}
