package org.codearena.judge.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.protocol.Comparison;
import org.junit.jupiter.api.Test;

/** A task written in the browser is a package like any other: written out, it reads back the same. */
class AuthoredTaskTest {

    private static AuthoredTask task(String comparison, String flags, boolean perTest) {
        return new AuthoredTask("Double it", "Print twice the number.", 0, 256, comparison, flags, null, null, perTest,
                List.of(new AuthoredTask.TestInput("2\n", "4\n", true), new AuthoredTask.TestInput("5\n", "10\n", false),
                        new AuthoredTask.TestInput("-1\n", "-2\n", false)),
                "python", "print(2 * int(input()))\n");
    }

    @Test
    void itsPackageReadsBackAsTheSameTask() throws IOException {
        ProblemPackage written = task("TOKENS", "float_tolerance 1e-6", true).toPackage();
        ProblemPackage read = PackageReader.read(PackageFiles.of(unzip(PackageWriter.zip(written))));
        assertThat(read.comparison()).isEqualTo(Comparison.TOKENS);
        assertThat(read.groups()).isEqualTo(written.groups());
        assertThat(read.groups()).extracting(ProblemPackage.Group::aggregation)
                .containsExactly(Aggregation.PASS_FAIL, Aggregation.SUM);
        assertThat(read.tests()).isEqualTo(written.tests());
        assertThat(read.examples()).hasSize(1);
        assertThat(read.examples().get(0).expected()).isEqualTo("accepted");
        assertThat(read.memoryLimitKb()).isEqualTo(256 * 1024);
        assertThat(read.name()).isEqualTo("Double it");
    }

    @Test
    void eachFieldsProblemIsNamed() {
        assertThatThrownBy(() -> new AuthoredTask("x", "s", 0, 256, "EXACT", "", null, null, false, List.of(), "python",
                "print(1)").toPackage()).hasMessage("title: 3 to 200 characters");
        assertThatThrownBy(() -> task("SHOUTING", "", false).toPackage()).hasMessageStartingWith("output check: one of");
        assertThatThrownBy(() -> task("TOKENS", "float_tolerance x", false).toPackage())
                .hasMessage("output check flags: validator flag float_tolerance takes a number of 0 or more, not 'x'");
        assertThatThrownBy(() -> new AuthoredTask("Double it", "s", 0, 256, "EXACT", "", null, null, false,
                List.of(new AuthoredTask.TestInput("1", "2", true)), "python", "print(1)").toPackage())
                .hasMessage("tests: add at least one hidden test (not an example)");
        assertThatThrownBy(() -> new AuthoredTask("Double it", "s", 0, 256, "VALIDATOR", "", "cobol", "x", false,
                List.of(new AuthoredTask.TestInput("1", "2", false)), "python", "print(1)").toPackage())
                .hasMessageStartingWith("validator: choose its language");
    }

    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                files.put(entry.getName(), in.readAllBytes());
            }
        }
        return files;
    }
}
