package org.codearena.judge.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.protocol.Comparison;
import org.codearena.protocol.ValidatorFlags;

/**
 * A task written in the browser: what its author typed, turned into the same {@link ProblemPackage} an import
 * reads, so that it is stored, verified (its reference solution must pass every test) and exported the same
 * way. Each field's problem is refused with a sentence that names it.
 *
 * @param timeLimitSeconds 0: derived from the reference solution, as for a package
 * @param perTest          true: the hidden tests share 100 points (partial credit); false: all or nothing
 */
public record AuthoredTask(String title, String statement, double timeLimitSeconds, int memoryMb, String comparison,
                           String flags, String validatorLanguage, String validatorSource, boolean perTest,
                           List<TestInput> tests, String referenceLanguage, String referenceSource) {

    /** One test as typed (or read from a ZIP of .in/.ans pairs). */
    public record TestInput(String input, String answer, boolean sample) {
    }

    private static final Map<String, String> EXTENSION = Map.ofEntries(Map.entry("c", "c"), Map.entry("cpp", "cpp"),
            Map.entry("java", "java"), Map.entry("python", "py"), Map.entry("javascript", "js"),
            Map.entry("kotlin", "kt"), Map.entry("go", "go"), Map.entry("rust", "rs"), Map.entry("csharp", "cs"),
            Map.entry("haskell", "hs"), Map.entry("ruby", "rb"), Map.entry("php", "php"));

    public ProblemPackage toPackage() {
        String name = title == null ? "" : title.strip();
        if (name.length() < 3 || name.length() > 200) {
            throw new PackageException("title: 3 to 200 characters");
        }
        if (statement == null || statement.isBlank()) {
            throw new PackageException("statement: say what the program gets and what it must print (Markdown)");
        }
        if (statement.length() > 100_000) {
            throw new PackageException("statement: at most 100,000 characters");
        }
        if (timeLimitSeconds < 0 || timeLimitSeconds > 30) {
            throw new PackageException("time limit: 0 to 30 seconds (0: from the reference solution)");
        }
        if (memoryMb < 16 || memoryMb > 1024) {
            throw new PackageException("memory: 16 to 1024 MB");
        }
        Comparison check;
        try {
            check = Comparison.valueOf(comparison == null ? "" : comparison.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PackageException("output check: one of EXACT, WHITESPACE, TOKENS (the default validator, "
                    + "with flags), VALIDATOR (a program of yours) and INTERACTIVE");
        }
        String taskFlags = flags == null ? "" : flags.strip();
        if (check == Comparison.TOKENS) {
            try {
                ValidatorFlags.parse(taskFlags);
            } catch (IllegalArgumentException e) {
                throw new PackageException("output check flags: " + e.getMessage());
            }
        }
        ProblemPackage.Program validator = null;
        if (check.needsValidator()) {
            validator = program("validator", validatorLanguage, validatorSource, "output_validator/validate");
        }
        if (tests == null || tests.stream().noneMatch(test -> !test.sample())) {
            throw new PackageException("tests: add at least one hidden test (not an example)");
        }
        if (tests.size() > 500) {
            throw new PackageException("tests: at most 500");
        }
        List<ProblemPackage.Test> packageTests = new ArrayList<>();
        int sample = 0;
        int secret = 0;
        for (TestInput test : tests) {
            if (test.input() == null || test.answer() == null) {
                throw new PackageException("tests: each test needs an input and an answer (either may be empty)");
            }
            String file = String.format(Locale.ROOT, "%03d", test.sample() ? ++sample : ++secret);
            packageTests.add(new ProblemPackage.Test(test.sample() ? "sample" : "secret", file, test.input(),
                    test.answer(), test.sample()));
        }
        // the flags travel with the groups, as a 2023-07 package carries them (so that the export imports the same)
        String groupFlags = taskFlags.isEmpty() ? null : taskFlags;
        // quoted: YAML would read 1e-6 as a number and give it back as 1.0E-6
        String argsYaml = groupFlags == null ? "" : "output_validator_args: [" + String.join(", ",
                List.of(taskFlags.split("\\s+")).stream().map(arg -> "\"" + arg.replace("\"", "") + "\"").toList())
                + "]\n";
        List<ProblemPackage.Group> groups = new ArrayList<>();
        if (sample > 0) {
            groups.add(new ProblemPackage.Group("sample", 0, Aggregation.PASS_FAIL, groupFlags,
                    argsYaml.isEmpty() ? null : argsYaml));
        }
        String secretYaml = (perTest ? "max_score: 100\nscore_aggregation: sum\n" : "") + argsYaml;
        groups.add(new ProblemPackage.Group("secret", 100, perTest ? Aggregation.SUM : Aggregation.PASS_FAIL,
                groupFlags, secretYaml.isEmpty() ? null : secretYaml));
        ProblemPackage.Program reference = program("reference solution", referenceLanguage, referenceSource,
                "submissions/accepted/reference");
        List<ProblemPackage.Example> examples = List.of(new ProblemPackage.Example(
                "submissions/accepted/" + reference.mainFile(), "accepted", reference));
        String yaml = problemYaml(name, check, perTest, timeLimitSeconds, memoryMb);
        return new ProblemPackage("authored", name, "", perTest, check, "", validator,
                new ProblemPackage.Statement("markdown", statement, "en"), (int) Math.round(timeLimitSeconds * 1000),
                2.0, 1.5, memoryMb * 1024L, groups, packageTests, examples, yaml, List.of());
    }

    private static ProblemPackage.Program program(String what, String language, String source, String path) {
        String extension = language == null ? null : EXTENSION.get(language);
        if (extension == null) {
            throw new PackageException(what + ": choose its language (" + String.join(", ", EXTENSION.keySet().stream()
                    .sorted().toList()) + ")");
        }
        if (source == null || source.isBlank()) {
            throw new PackageException(what + ": paste its code");
        }
        String file = path.substring(path.lastIndexOf('/') + 1) + "." + extension;
        Map<String, String> files = new LinkedHashMap<>();
        files.put(file, source);
        return new ProblemPackage.Program(path.substring(0, path.lastIndexOf('/')), language, files, file);
    }

    private static String problemYaml(String name, Comparison check, boolean perTest, double timeLimitSeconds,
                                      int memoryMb) {
        StringBuilder yaml = new StringBuilder("# written in CodeArena's task editor\n");
        yaml.append("problem_format_version: 2023-07-draft\n");
        yaml.append("name: '").append(name.replace("'", "''")).append("'\n");
        yaml.append("uuid: ").append(java.util.UUID.randomUUID()).append('\n');
        List<String> types = new ArrayList<>();
        types.add(perTest ? "scoring" : "pass-fail");
        if (check == Comparison.INTERACTIVE) {
            types.add("interactive");
        }
        yaml.append("type: [").append(String.join(", ", types)).append("]\n");
        yaml.append("limits:\n  memory: ").append(memoryMb).append('\n');
        if (timeLimitSeconds > 0) {
            yaml.append("  time_limit: ").append(timeLimitSeconds).append('\n');
        }
        return yaml.toString();
    }
}
