package org.codearena.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a validator's feedback folder says of an accepted output's points. */
class OutputValidatorsTest {

    @TempDir
    Path dir;

    private final OutputValidators validators = new OutputValidators(null, java.util.Map.of(), null);

    private double fraction(String file, String content, int maxScore) throws Exception {
        Path feedback = Files.createDirectories(dir.resolve("feedback"));
        // each call is one validator run: its feedback folder holds only what that run wrote
        Files.deleteIfExists(feedback.resolve("score.txt"));
        Files.deleteIfExists(feedback.resolve("score_multiplier.txt"));
        if (file != null) {
            Files.writeString(feedback.resolve(file), content);
        }
        return validators.fraction(new OutputValidators.Compiled(dir, null, "k"), maxScore);
    }

    @Test
    void aMultiplierIsTheShare() throws Exception {
        assertThat(fraction(null, null, 10)).isEqualTo(-1);
        assertThat(fraction("score_multiplier.txt", "0.25\n", 10)).isEqualTo(0.25);
    }

    @Test
    void aScoreIsReadAgainstTheTestsPoints() throws Exception {
        assertThat(fraction("score.txt", "7.5", 10)).isEqualTo(0.75);
        // a test worth nothing: the score says nothing
        assertThat(fraction("score.txt", "3", 0)).isEqualTo(-1);
    }

    @Test
    void bothFilesAtOnceAreTheValidatorsFault() throws Exception {
        Path feedback = Files.createDirectories(dir.resolve("feedback"));
        Files.writeString(feedback.resolve("score.txt"), "1");
        Files.writeString(feedback.resolve("score_multiplier.txt"), "0.5");
        assertThatThrownBy(() -> validators.fraction(new OutputValidators.Compiled(dir, null, "k"), 10))
                .hasMessage("the task's validator wrote both score.txt and score_multiplier.txt");
    }

    @Test
    void aScoreOutOfRangeOrNotANumberIsTheValidatorsFault() throws IOException {
        assertThatThrownBy(() -> fraction("score_multiplier.txt", "1.5", 10))
                .hasMessageContaining("score_multiplier.txt of 1.5, outside 0 to 1");
        assertThatThrownBy(() -> fraction("score.txt", "11", 10))
                .hasMessageContaining("outside 0 to the test's 10 points");
        assertThatThrownBy(() -> fraction("score.txt", "lots", 10))
                .hasMessageContaining("score.txt that is not a number: 'lots'");
    }
}
