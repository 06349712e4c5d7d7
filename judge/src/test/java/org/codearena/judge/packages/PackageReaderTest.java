package org.codearena.judge.packages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.judge.packages.ProblemPackage.Group;
import org.codearena.protocol.Comparison;
import org.junit.jupiter.api.Test;

/** The repository's own packages read as the format means them, and bad uploads refused by name. */
class PackageReaderTest {

    private static final Path PACKAGES = Path.of("..", "problem-packages");

    private static ProblemPackage folder(String name) throws IOException {
        return PackageReader.read(PackageFiles.fromFolder(PACKAGES.resolve(name), PackageFiles.Limits.DEFAULT));
    }

    @Test
    void aDraftPackageWithAFloatToleranceIsReadWithItsGroupsFlags() throws IOException {
        ProblemPackage read = folder("float-average");
        assertThat(read.format()).isEqualTo("kattis-2023-07");
        assertThat(read.name()).isEqualTo("Average of numbers");
        assertThat(read.scoring()).isFalse();
        assertThat(read.comparison()).isEqualTo(Comparison.TOKENS);
        assertThat(read.statement().format()).isEqualTo("markdown");
        assertThat(read.timeLimitMillis()).isZero();
        assertThat(read.acToTimeLimit()).isEqualTo(3.0);
        assertThat(read.memoryLimitKb()).isEqualTo(256 * 1024);
        assertThat(read.groups()).containsExactly(
                new Group("sample", 0, Aggregation.PASS_FAIL, "float_tolerance 1.0E-6",
                        "output_validator_args: [float_tolerance, 1e-6]\n"),
                new Group("secret", 100, Aggregation.PASS_FAIL, "float_tolerance 1.0E-6",
                        "output_validator_args: [float_tolerance, 1e-6]\n"));
        assertThat(read.tests()).hasSize(7);
        assertThat(read.tests().get(0).sample()).isTrue();
        assertThat(read.tests().get(2).name()).isEqualTo("01-single");
        assertThat(read.examples()).extracting(ProblemPackage.Example::path).containsExactly(
                "submissions/accepted/average.c", "submissions/accepted/average.py",
                "submissions/time_limit_exceeded/quadratic.py", "submissions/wrong_answer/two_decimals.py",
                "input_validators/validate.py");
        assertThat(read.examples().get(4).expected()).isEqualTo("input_validator");
        assertThat(read.examples().get(0).program().language()).isEqualTo("c");
    }

    @Test
    void aLegacyScoringPackageHasItsGroupsPointsAndALatexStatement() throws IOException {
        ProblemPackage read = folder("subtask-sum");
        assertThat(read.format()).isEqualTo("kattis-legacy");
        assertThat(read.name()).isEqualTo("Sums of ranges");
        assertThat(read.scoring()).isTrue();
        assertThat(read.acToTimeLimit()).isEqualTo(4.0);
        assertThat(read.statement().format()).isEqualTo("latex");
        assertThat(read.groups()).extracting(Group::path, Group::points, Group::aggregation).containsExactly(
                org.assertj.core.groups.Tuple.tuple("sample", 0, Aggregation.PASS_FAIL),
                org.assertj.core.groups.Tuple.tuple("secret/group1", 30, Aggregation.MIN),
                org.assertj.core.groups.Tuple.tuple("secret/group2", 70, Aggregation.MIN));
        assertThat(read.tests()).extracting(ProblemPackage.Test::group).containsExactly("sample", "secret/group1",
                "secret/group1", "secret/group1", "secret/group2", "secret/group2");
        assertThat(read.examples()).extracting(ProblemPackage.Example::expected)
                .containsExactly("accepted", "accepted", "partially_accepted", "wrong_answer");
    }

    @Test
    void aZipOfTheFolderReadsTheSameAsTheFolder() throws IOException {
        PackageFiles folder = PackageFiles.fromFolder(PACKAGES.resolve("subtask-sum"), PackageFiles.Limits.DEFAULT);
        Map<String, byte[]> inTopFolder = new LinkedHashMap<>();
        folder.asMap().forEach((path, data) -> inTopFolder.put("subtask-sum/" + path, data));
        ProblemPackage zipped = PackageReader.read(PackageFiles.fromZip(zip(inTopFolder), PackageFiles.Limits.DEFAULT));
        assertThat(zipped.groups()).isEqualTo(folder("subtask-sum").groups());
        assertThat(zipped.tests()).hasSize(6);
    }

    @Test
    void entriesOutsideThePackageAreRefused() {
        assertThatThrownBy(() -> PackageFiles.fromZip(zip(Map.of("../evil.sh", bytes("x"))), PackageFiles.Limits.DEFAULT))
                .isInstanceOf(PackageException.class).hasMessageContaining("'../evil.sh' points outside the package");
        assertThatThrownBy(() -> PackageFiles.fromZip(zip(Map.of("/etc/passwd", bytes("x"))), PackageFiles.Limits.DEFAULT))
                .hasMessageContaining("'/etc/passwd' is an absolute path");
        assertThatThrownBy(() -> PackageFiles.fromZip(zip(Map.of("data\\..\\x", bytes("x"))), PackageFiles.Limits.DEFAULT))
                .hasMessageContaining("points outside the package");
    }

    @Test
    void symbolicLinksAreRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            ZipArchiveEntry link = new ZipArchiveEntry("data/secret/1.in");
            link.setUnixMode(UnixStat.LINK_FLAG | 0777);
            zip.putArchiveEntry(link);
            zip.write(bytes("/etc/shadow"));
            zip.closeArchiveEntry();
        }
        assertThatThrownBy(() -> PackageFiles.fromZip(out.toByteArray(), PackageFiles.Limits.DEFAULT))
                .hasMessage("'data/secret/1.in' is a symbolic link; a package holds plain files only");
    }

    @Test
    void aZipBombIsRefusedBeforeItIsInflated() throws IOException {
        byte[] zeros = new byte[50 << 20];
        byte[] bomb = zip(Map.of("data/secret/1.in", zeros));
        assertThat(bomb.length).isLessThan(200_000);
        assertThatThrownBy(() -> PackageFiles.fromZip(bomb, PackageFiles.Limits.DEFAULT))
                .hasMessageContaining("inflates more than 200 times its compressed size");
        assertThatThrownBy(() -> PackageFiles.fromZip(zip(Map.of("a", new byte[3 << 20])),
                new PackageFiles.Limits(10, 1 << 20, 1 << 20, 100_000)))
                .hasMessageContaining("'a' inflates to more than allowed (1 MB a file, 1 MB in all)");
    }

    @Test
    void tooManyFilesAndNotAZipAreRefused() throws IOException {
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 12; i++) {
            many.put("f" + i, bytes("x"));
        }
        assertThatThrownBy(() -> PackageFiles.fromZip(zip(many), new PackageFiles.Limits(10, 1000, 10_000, 100)))
                .hasMessageContaining("more than 10 files");
        assertThatThrownBy(() -> PackageFiles.fromZip(bytes("name: x\n"), PackageFiles.Limits.DEFAULT))
                .hasMessageStartingWith("the upload is not a ZIP archive");
    }

    @Test
    void malformedYamlIsNamedWithItsFile() {
        assertThatThrownBy(() -> read(Map.of("problem.yaml", "name: [unclosed\n")))
                .hasMessageStartingWith("problem.yaml is not valid YAML: ");
        assertThatThrownBy(() -> read(Map.of("problem.yaml", "- a\n- b\n")))
                .hasMessage("problem.yaml must be a map of keys (name: ..., limits: ...), not a list");
        assertThatThrownBy(() -> read(Map.of("problem.yaml", "name: a\nname: b\n")))
                .hasMessageContaining("duplicate key name");
        String laughs = "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
                + "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n";
        assertThatThrownBy(() -> read(Map.of("problem.yaml", laughs))).hasMessageContaining("not valid YAML");
    }

    @Test
    void whatCannotBeJudgedAsMeantIsRefusedWithTheReason() {
        Map<String, String> base = new LinkedHashMap<>(Map.of(
                "statement/problem.en.md", "Say hello.",
                "data/secret/1.in", "", "data/secret/1.ans", "hello\n",
                "submissions/accepted/a.py", "print('hello')\n"));
        Map<String, String> multiPass = new LinkedHashMap<>(base);
        multiPass.put("problem.yaml", "problem_format_version: 2023-07-draft\nname: x\ntype: multi-pass\n");
        assertThatThrownBy(() -> read(multiPass)).hasMessageContaining("type 'multi-pass' is not supported here");
        Map<String, String> noAnswer = new LinkedHashMap<>(base);
        noAnswer.put("problem.yaml", "name: x\n");
        noAnswer.remove("data/secret/1.ans");
        assertThatThrownBy(() -> read(noAnswer)).hasMessage("data/secret/1.in has no answer: add data/secret/1.ans");
        Map<String, String> badFlags = new LinkedHashMap<>(base);
        badFlags.put("problem.yaml", "name: x\nvalidator_flags: float_tolerance lots\n");
        assertThatThrownBy(() -> read(badFlags))
                .hasMessage("problem.yaml: validator flag float_tolerance takes a number of 0 or more, not 'lots'");
        Map<String, String> noAccepted = new LinkedHashMap<>(base);
        noAccepted.put("problem.yaml", "name: x\n");
        noAccepted.remove("submissions/accepted/a.py");
        assertThatThrownBy(() -> read(noAccepted)).hasMessageStartingWith("submissions/accepted/ has no submission");
        Map<String, String> version = new LinkedHashMap<>(base);
        version.put("problem.yaml", "problem_format_version: 2099-01\nname: x\n");
        assertThatThrownBy(() -> read(version)).hasMessageContaining("'2099-01' is not one CodeArena reads");
    }

    @Test
    void submissionsYamlSaysWhatEachExampleMayAndMustGet() {
        Map<String, String> files = new LinkedHashMap<>(Map.of(
                "problem.yaml", "problem_format_version: 2023-07-draft\nname: x\ntype: scoring\n",
                "statement/problem.en.md", "Say hello.",
                "data/secret/1.in", "", "data/secret/1.ans", "hello\n",
                "submissions/accepted/a.py", "print('hello')\n",
                "submissions/rejected/slow.py", "print('hello')\n",
                "submissions/rejected/b.cpp", "int main() {}\n",
                "submissions/submissions.yaml", "rejected/*.py:\n  permitted: [AC, TLE]\n  required: [TLE]\n"
                        + "rejected/{b,c}.cpp:\n  score: [0, 10]\n  message: wrong\n"));
        ProblemPackage read = read(files);
        Map<String, ProblemPackage.Expectation> byPath = new LinkedHashMap<>();
        read.examples().forEach(example -> byPath.put(example.path(), example.expectation()));
        assertThat(byPath.get("submissions/accepted/a.py")).isNull();
        assertThat(byPath.get("submissions/rejected/slow.py").permitted()).containsExactly("AC", "TLE");
        assertThat(byPath.get("submissions/rejected/slow.py").required()).containsExactly("TLE");
        assertThat(byPath.get("submissions/rejected/b.cpp").scoreMax()).isEqualTo(10.0);
        assertThat(read.warnings()).contains("submissions/submissions.yaml: not used here: message");
        assertThat(PackageReader.globMatches("*/*.py", "wrong_answer/x.py")).isTrue();
        assertThat(PackageReader.globMatches("*.py", "wrong_answer/x.py")).as("* stays within a folder").isFalse();
        assertThat(PackageReader.globMatches("accepted", "accepted/dir/main.py")).isTrue();
        Map<String, String> bad = new LinkedHashMap<>(files);
        bad.put("submissions/submissions.yaml", "accepted/*:\n  permitted: [OK]\n");
        assertThatThrownBy(() -> read(bad)).hasMessage("submissions/submissions.yaml: 'accepted/*' permitted has 'OK'; "
                + "the verdicts are AC, WA, TLE and RTE");
    }

    private static ProblemPackage read(Map<String, String> texts) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        texts.forEach((path, text) -> files.put(path, bytes(text)));
        return PackageReader.read(PackageFiles.of(files));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeArchiveEntry();
            }
        }
        return out.toByteArray();
    }
}
