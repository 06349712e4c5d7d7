package org.codearena.judge.packages;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.judge.packages.ProblemPackage.Example;
import org.codearena.judge.packages.ProblemPackage.Group;
import org.codearena.judge.packages.ProblemPackage.Program;
import org.codearena.judge.packages.ProblemPackage.Statement;
import org.codearena.judge.packages.ProblemPackage.Test;
import org.codearena.protocol.Comparison;
import org.codearena.protocol.ValidatorFlags;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a problem package in the Kattis format (problemarchive.org): the legacy version, and the 2023-07 draft
 * in each of its snapshots up to 2025-09 ({@code testdata.yaml} or {@code test_group.yaml}, a {@code grading}
 * or {@code scoring} map or top-level {@code max_score}, {@code problem_statement/} or {@code statement/}).
 * What CodeArena cannot judge the way the package means (multi-pass, custom graders, several output
 * validators, unbounded scores) is refused with a sentence that says so; what it reads but does not use is a
 * warning in the import report.
 */
public final class PackageReader {

    private static final Set<String> NEW_VERSIONS = Set.of("2023-07-draft", "2023-07", "2025-09");
    private static final Set<String> VERDICT_FOLDERS = Set.of("accepted", "wrong_answer", "time_limit_exceeded",
            "run_time_error", "rejected", "partially_accepted", "brute_force");
    private static final Map<String, String> LANGUAGE_BY_EXTENSION = Map.ofEntries(
            Map.entry("c", "c"), Map.entry("cc", "cpp"), Map.entry("cpp", "cpp"), Map.entry("cxx", "cpp"),
            Map.entry("c++", "cpp"), Map.entry("C", "cpp"), Map.entry("java", "java"), Map.entry("py", "python"),
            Map.entry("py3", "python"), Map.entry("js", "javascript"), Map.entry("kt", "kotlin"),
            Map.entry("go", "go"), Map.entry("rs", "rust"), Map.entry("cs", "csharp"), Map.entry("hs", "haskell"),
            Map.entry("rb", "ruby"), Map.entry("php", "php"));
    private static final Set<String> HEADERS = Set.of("h", "hpp", "hh", "hxx");
    private static final Pattern PROBLEM_NAME = Pattern.compile("\\\\problemname\\{([^}]*)}");
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,254}$");
    private static final int DEFAULT_SECRET_POINTS = 100;

    private final PackageFiles files;
    private final List<String> warnings = new ArrayList<>();
    private boolean legacy;

    private PackageReader(PackageFiles files) {
        this.files = files;
    }

    public static ProblemPackage read(PackageFiles files) {
        return new PackageReader(files).read();
    }

    private ProblemPackage read() {
        if (!files.has("problem.yaml")) {
            throw new PackageException("the package has no problem.yaml at its top: a Kattis problem package is a "
                    + "folder with problem.yaml, a statement, data/sample, data/secret and submissions/");
        }
        String problemYaml = files.text("problem.yaml");
        Map<String, Object> problem = yamlMap("problem.yaml", problemYaml);
        String version = string(problem, "problem_format_version", "problem.yaml", "legacy");
        if (version.equals("legacy") || version.equals("legacy-icpc")) {
            legacy = true;
        } else if (!NEW_VERSIONS.contains(version)) {
            throw new PackageException("problem.yaml: problem_format_version '" + version + "' is not one CodeArena "
                    + "reads; it reads legacy, 2023-07-draft, 2023-07 and 2025-09");
        }
        String format = legacy ? "kattis-legacy" : "kattis-2023-07";

        Set<String> types = types(problem);
        for (String type : types) {
            if (!Set.of("pass-fail", "scoring", "interactive").contains(type)) {
                throw new PackageException("problem.yaml: type '" + type + "' is not supported here; CodeArena "
                        + "judges pass-fail, scoring and interactive problems");
            }
        }
        boolean scoring = types.contains("scoring");
        boolean interactive = types.contains("interactive");
        Comparison comparison = Comparison.TOKENS;
        if (legacy) {
            String validation = string(problem, "validation", "problem.yaml", "default").trim();
            List<String> words = List.of(validation.split("\\s+"));
            if (!words.get(0).equals("default") && !words.get(0).equals("custom")) {
                throw new PackageException("problem.yaml: validation '" + validation + "' is not 'default' or "
                        + "'custom' (optionally followed by 'score' and 'interactive')");
            }
            if (words.get(0).equals("custom")) {
                comparison = words.contains("interactive") ? Comparison.INTERACTIVE : Comparison.VALIDATOR;
            }
            interactive |= words.contains("interactive");
        } else if (files.under("output_validator").size() > 0 || files.under("output_validators").size() > 0) {
            comparison = interactive ? Comparison.INTERACTIVE : Comparison.VALIDATOR;
        } else if (interactive) {
            throw new PackageException("problem.yaml says the problem is interactive, but the package has no "
                    + "output_validator/: an interactive problem needs the program that talks with submissions");
        }
        if (interactive && comparison != Comparison.INTERACTIVE) {
            comparison = Comparison.INTERACTIVE;
        }

        Map<String, Object> limits = map(problem, "limits", "problem.yaml");
        int timeLimitMillis = 0;
        double acToTimeLimit;
        double timeLimitToTle;
        if (legacy) {
            acToTimeLimit = number(limits, "time_multiplier", "problem.yaml limits", 5);
            timeLimitToTle = number(limits, "time_safety_margin", "problem.yaml limits", 2);
        } else {
            Map<String, Object> multipliers = map(limits, "time_multipliers", "problem.yaml limits");
            acToTimeLimit = number(multipliers, "ac_to_time_limit", "problem.yaml limits.time_multipliers", 2.0);
            timeLimitToTle = number(multipliers, "time_limit_to_tle", "problem.yaml limits.time_multipliers", 1.5);
            double seconds = number(limits, "time_limit", "problem.yaml limits", 0);
            if (seconds < 0 || seconds > 60) {
                throw new PackageException("problem.yaml: limits.time_limit " + seconds + " s is outside 0–60 s");
            }
            timeLimitMillis = (int) Math.round(seconds * 1000);
        }
        if (acToTimeLimit < 1 || timeLimitToTle < 1) {
            throw new PackageException("problem.yaml: the time multipliers must be 1 or more");
        }
        double memoryMib = number(limits, "memory", "problem.yaml limits", 0);
        if (memoryMib < 0 || memoryMib > 4096) {
            throw new PackageException("problem.yaml: limits.memory " + memoryMib + " MiB is outside 1–4096 MiB");
        }

        Statement statement = statement();
        String name = name(problem, statement);
        String uuid = string(problem, "uuid", "problem.yaml", "");

        String validatorFlags = "";
        if (legacy) {
            validatorFlags = string(problem, "validator_flags", "problem.yaml", "");
        }
        Map<String, Map<String, Object>> groupConfigs = groupConfigs();
        Map<String, Object> rootConfig = groupConfigs.getOrDefault("data", Map.of());
        String rootFlags = flags(rootConfig, "data");
        validatorFlags = (validatorFlags + " " + rootFlags).trim();
        if (comparison == Comparison.TOKENS) {
            try {
                ValidatorFlags.parse(validatorFlags);
            } catch (IllegalArgumentException e) {
                throw new PackageException("problem.yaml: " + e.getMessage());
            }
        }

        List<Test> tests = tests(interactive);
        List<Group> groups = groups(tests, groupConfigs, scoring, validatorFlags, comparison);
        Program validator = comparison.needsValidator() ? validator() : null;
        List<Example> examples = new ArrayList<>(examples());
        if (examples.stream().noneMatch(example -> example.expected().equals("accepted"))) {
            throw new PackageException("submissions/accepted/ has no submission CodeArena can run: a package needs "
                    + "at least one accepted solution, to verify its tests and derive its time limit");
        }
        examples.addAll(inputValidators());
        if (files.has("submissions/submissions.yaml")) {
            examples = expectations(examples);
        }
        return new ProblemPackage(format, name, uuid, scoring, comparison, validatorFlags, validator, statement,
                timeLimitMillis, acToTimeLimit, timeLimitToTle, Math.round(memoryMib * 1024), groups, tests, examples,
                problemYaml, List.copyOf(warnings));
    }

    // ---- problem.yaml --------------------------------------------------------------------------------------

    private Set<String> types(Map<String, Object> problem) {
        Object type = problem.get("type");
        Set<String> types = new TreeSet<>();
        if (type == null) {
            types.add("pass-fail");
        } else if (type instanceof String text) {
            types.add(text.trim());
        } else if (type instanceof List<?> list && !legacy) {
            list.forEach(item -> types.add(String.valueOf(item).trim()));
        } else {
            throw new PackageException("problem.yaml: type must be " + (legacy ? "pass-fail or scoring"
                    : "a type or a list of types (pass-fail, scoring, interactive)"));
        }
        if (types.contains("pass-fail") && types.contains("scoring")) {
            throw new PackageException("problem.yaml: a problem is pass-fail or scoring, not both");
        }
        return types;
    }

    private String name(Map<String, Object> problem, Statement statement) {
        Object name = problem.get("name");
        if (name instanceof String text && !text.isBlank()) {
            return clip(text.strip(), 200);
        }
        if (name instanceof Map<?, ?> byLanguage && !byLanguage.isEmpty()) {
            Object english = byLanguage.get("en");
            Object chosen = english != null ? english : byLanguage.values().iterator().next();
            return clip(String.valueOf(chosen).strip(), 200);
        }
        if (name != null) {
            throw new PackageException("problem.yaml: name must be text, or a map from language to text");
        }
        if (statement.format().equals("latex")) {
            Matcher matcher = PROBLEM_NAME.matcher(statement.text());
            if (matcher.find() && !matcher.group(1).isBlank()) {
                return clip(matcher.group(1).strip(), 200);
            }
        }
        throw new PackageException("problem.yaml has no name (and the statement has no \\problemname{...}): "
                + "add 'name: ...' to problem.yaml");
    }

    private Statement statement() {
        for (String folder : List.of("statement", "problem_statement")) {
            for (String format : List.of("md", "tex")) {
                List<String> candidates = new ArrayList<>(List.of(folder + "/problem.en." + format,
                        folder + "/problem." + format));
                files.under(folder).stream().filter(path -> path.matches(Pattern.quote(folder)
                        + "/problem\\.[a-zA-Z-]+\\." + format)).forEach(candidates::add);
                for (String path : candidates) {
                    if (files.has(path)) {
                        String language = path.substring(path.indexOf("problem.") + 8, path.lastIndexOf('.'));
                        return new Statement(format.equals("md") ? "markdown" : "latex", files.text(path),
                                language.isEmpty() || language.equals("problem") ? "en" : language);
                    }
                }
            }
        }
        if (files.paths().stream().anyMatch(path -> path.matches("(problem_)?statement/problem(\\.[a-zA-Z-]+)?\\.pdf"))) {
            throw new PackageException("the statement is a PDF only: CodeArena shows statements as text; add "
                    + "statement/problem.en.md (Markdown) or problem_statement/problem.en.tex");
        }
        throw new PackageException("the package has no statement: add statement/problem.en.md (or, in the legacy "
                + "format, problem_statement/problem.en.tex)");
    }

    // ---- data ---------------------------------------------------------------------------------------------

    /** Each folder's testdata.yaml or test_group.yaml ('data', 'data/secret', 'data/secret/group1'). */
    private Map<String, Map<String, Object>> groupConfigs() {
        Map<String, Map<String, Object>> configs = new TreeMap<>();
        for (String path : files.paths()) {
            if (path.startsWith("data/") || path.startsWith("data")) {
                String fileName = path.substring(path.lastIndexOf('/') + 1);
                if (fileName.equals("testdata.yaml") || fileName.equals("test_group.yaml")) {
                    String folder = path.substring(0, path.lastIndexOf('/'));
                    if (configs.containsKey(folder)) {
                        throw new PackageException(folder + "/ has both testdata.yaml and test_group.yaml; keep one");
                    }
                    Map<String, Object> config = yamlMap(path, files.text(path));
                    if (config.containsKey("grading") && config.get("grading") instanceof String grading
                            && grading.equals("custom")) {
                        throw new PackageException(path + ": custom graders are not supported; use the default "
                                + "grader (sum or min)");
                    }
                    configs.put(folder, config);
                }
            }
        }
        return configs;
    }

    private List<Test> tests(boolean interactive) {
        List<Test> tests = new ArrayList<>();
        for (String path : files.under("data")) {
            if (!path.endsWith(".in")) {
                continue;
            }
            if (!(path.startsWith("data/sample/") || path.startsWith("data/secret/"))) {
                if (!path.startsWith("data/invalid_") && !path.startsWith("data/valid_output/")) {
                    warnings.add(path + " is outside data/sample and data/secret and is not a test");
                }
                continue;
            }
            String folder = path.substring(0, path.lastIndexOf('/'));
            String fileName = path.substring(path.lastIndexOf('/') + 1);
            String base = fileName.substring(0, fileName.length() - 3);
            if (fileName.startsWith(".") || fileName.startsWith("-")) {
                continue;
            }
            if (!NAME.matcher(fileName).matches()) {
                throw new PackageException(path + ": test file names are letters, digits, '_', '.' and '-' "
                        + "(not starting with '.' or '-')");
            }
            String answerPath = folder + "/" + base + ".ans";
            if (!files.has(answerPath)) {
                throw new PackageException(path + " has no answer: add " + answerPath);
            }
            boolean sample = path.startsWith("data/sample/");
            tests.add(new Test(folder.substring("data/".length()), base, files.text(path), files.text(answerPath),
                    sample));
        }
        // lexicographic by path, samples first (the format's order)
        tests.sort((a, b) -> a.sample() != b.sample() ? (a.sample() ? -1 : 1)
                : (a.group() + "/" + a.name()).compareTo(b.group() + "/" + b.name()));
        if (tests.stream().noneMatch(test -> !test.sample())) {
            throw new PackageException("data/secret/ has no test: add at least one pair NAME.in and NAME.ans");
        }
        if (tests.size() > 2_000) {
            throw new PackageException("the package has " + tests.size() + " tests; CodeArena takes at most 2000");
        }
        return tests;
    }

    /**
     * The groups, each test's group being the nearest folder that is one. Pass-fail problems: 'sample' (no
     * points) and 'secret' (100 points, all or nothing). Scoring problems: the folders with a group config
     * (2023-07: those with test_group.yaml; legacy: every folder with tests), with their points and aggregation.
     */
    private List<Group> groups(List<Test> tests, Map<String, Map<String, Object>> configs, boolean scoring,
                               String taskFlags, Comparison comparison) {
        Map<String, Group> groups = new LinkedHashMap<>();
        boolean hasSamples = tests.stream().anyMatch(Test::sample);
        if (hasSamples) {
            groups.put("sample", new Group("sample", 0, Aggregation.PASS_FAIL, groupFlags(configs, "sample",
                    taskFlags, comparison), yamlText("data/sample")));
        }
        if (!scoring) {
            groups.put("secret", new Group("secret", DEFAULT_SECRET_POINTS, Aggregation.PASS_FAIL,
                    groupFlags(configs, "secret", taskFlags, comparison), yamlText("data/secret")));
            List<Test> grouped = new ArrayList<>();
            for (Test test : tests) {
                grouped.add(new Test(test.sample() ? "sample" : "secret", test.name(), test.input(),
                        test.answer(), test.sample()));
            }
            tests.clear();
            tests.addAll(grouped);
            return List.copyOf(groups.values());
        }
        // scoring: which folders are groups
        Set<String> groupFolders = new TreeSet<>();
        for (Test test : tests) {
            if (test.sample()) {
                continue;
            }
            String group = legacy ? test.group() : nearestConfigured(test.group(), configs);
            groupFolders.add(group);
        }
        Map<String, Object> secretConfig = configs.getOrDefault("data/secret", Map.of());
        int secretPoints = points(secretConfig, "data/secret", legacy ? -1 : DEFAULT_SECRET_POINTS);
        for (String folder : groupFolders) {
            Map<String, Object> config = inherited(configs, "data/" + folder);
            String where = "data/" + folder;
            long count = tests.stream().filter(test -> !test.sample() && (legacy ? test.group()
                    : nearestConfigured(test.group(), configs)).equals(folder)).count();
            Aggregation aggregation;
            int points;
            if (legacy) {
                String graderFlags = string(config, "grader_flags", where + "/testdata.yaml", "");
                double acceptScore = number(config, "accept_score", where + "/testdata.yaml", 1);
                if (graderFlags.contains("max")) {
                    throw new PackageException(where + "/testdata.yaml: grader flag 'max' is not supported; use sum "
                            + "or min");
                }
                if (graderFlags.contains("min")) {
                    aggregation = Aggregation.MIN;
                    points = (int) Math.round(acceptScore);
                } else if (graderFlags.contains("avg")) {
                    aggregation = Aggregation.SUM;
                    points = (int) Math.round(acceptScore);
                } else {
                    aggregation = Aggregation.SUM;
                    points = (int) Math.round(acceptScore * count);
                }
            } else {
                boolean isSecret = folder.equals("secret");
                aggregation = aggregation(config, where, isSecret ? Aggregation.SUM : Aggregation.PASS_FAIL);
                points = isSecret ? secretPoints : points(config, where, -1);
                if (points < 0) {
                    throw new PackageException(where + ": give the group a max_score (unbounded scores are not "
                            + "supported here)");
                }
            }
            groups.put(folder, new Group(folder, points, aggregation, groupFlags(configs, folder, taskFlags,
                    comparison), yamlText(where)));
        }
        if (!legacy && !groupFolders.equals(Set.of("secret"))) {
            Aggregation secretAggregation = aggregation(secretConfig, "data/secret", Aggregation.SUM);
            if (secretAggregation != Aggregation.SUM) {
                throw new PackageException("data/secret: score_aggregation " + secretAggregation.name().toLowerCase(
                        Locale.ROOT) + " over groups is not supported; use sum (each group's points add up)");
            }
            int total = groups.values().stream().mapToInt(Group::points).sum();
            if (secretPoints > 0 && total != secretPoints) {
                warnings.add("the groups' points add up to " + total + ", not to data/secret's max_score "
                        + secretPoints + ": a full score here is " + total);
            }
        }
        List<Test> grouped = new ArrayList<>();
        for (Test test : tests) {
            String group = test.sample() ? "sample" : legacy ? test.group() : nearestConfigured(test.group(), configs);
            grouped.add(new Test(group, test.name(), test.input(), test.answer(), test.sample()));
        }
        tests.clear();
        tests.addAll(grouped);
        return List.copyOf(groups.values());
    }

    private static String nearestConfigured(String folder, Map<String, Map<String, Object>> configs) {
        String current = folder;
        while (current.contains("/")) {
            if (configs.containsKey("data/" + current)) {
                return current;
            }
            current = current.substring(0, current.lastIndexOf('/'));
        }
        return current;
    }

    /** Legacy settings come from the nearest folder that sets them. */
    private static Map<String, Object> inherited(Map<String, Map<String, Object>> configs, String folder) {
        Map<String, Object> merged = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        String current = folder;
        while (true) {
            chain.add(0, current);
            int slash = current.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            current = current.substring(0, slash);
        }
        for (String link : chain) {
            merged.putAll(configs.getOrDefault(link, Map.of()));
        }
        return merged;
    }

    private String groupFlags(Map<String, Map<String, Object>> configs, String folder, String taskFlags,
                              Comparison comparison) {
        Map<String, Object> config = configs.get("data/" + folder);
        if (config == null) {
            return null;
        }
        String own = flags(config, "data/" + folder);
        if (own.isEmpty()) {
            return null;
        }
        String flags = legacy ? (taskFlags + " " + own).trim() : own;
        if (comparison == Comparison.TOKENS) {
            try {
                ValidatorFlags.parse(flags);
            } catch (IllegalArgumentException e) {
                throw new PackageException("data/" + folder + ": " + e.getMessage());
            }
        }
        return flags;
    }

    /** A group config's validator flags: output_validator_flags (a string) or output_validator_args (a list). */
    private static String flags(Map<String, Object> config, String where) {
        Object flags = config.get("output_validator_flags");
        if (flags == null) {
            flags = config.get("output_validator_args");
        }
        if (flags == null) {
            return "";
        }
        if (flags instanceof List<?> list) {
            return String.join(" ", list.stream().map(String::valueOf).toList());
        }
        if (flags instanceof String || flags instanceof Number) {
            return String.valueOf(flags).trim();
        }
        throw new PackageException(where + ": output validator flags must be text or a list");
    }

    private static int points(Map<String, Object> config, String where, int fallback) {
        Object value = config.get("max_score");
        if (value == null && config.get("scoring") instanceof Map<?, ?> scoring) {
            value = scoring.get("score");
        }
        if (value == null && config.get("grading") instanceof Map<?, ?> grading) {
            value = grading.get("max_score") != null ? grading.get("max_score") : grading.get("score");
        }
        if (value == null) {
            return fallback;
        }
        if ("unbounded".equals(value)) {
            throw new PackageException(where + ": unbounded scores are not supported; give a max_score");
        }
        if (!(value instanceof Number number) || number.doubleValue() < 0 || number.doubleValue() > 1_000_000
                || number.doubleValue() != Math.rint(number.doubleValue())) {
            throw new PackageException(where + ": max_score must be a whole number of points, 0 to 1000000");
        }
        return number.intValue();
    }

    private static Aggregation aggregation(Map<String, Object> config, String where, Aggregation fallback) {
        Object value = config.get("score_aggregation");
        if (value == null && config.get("scoring") instanceof Map<?, ?> scoring) {
            value = scoring.get("aggregation");
        }
        if (value == null && config.get("grading") instanceof Map<?, ?> grading) {
            value = grading.get("aggregation");
        }
        if (value == null) {
            return fallback;
        }
        return switch (String.valueOf(value)) {
            case "pass-fail" -> Aggregation.PASS_FAIL;
            case "sum" -> Aggregation.SUM;
            case "min" -> Aggregation.MIN;
            default -> throw new PackageException(where + ": score_aggregation '" + value + "' is not pass-fail, sum "
                    + "or min");
        };
    }

    private String yamlText(String folder) {
        for (String name : List.of("/testdata.yaml", "/test_group.yaml")) {
            if (files.has(folder + name)) {
                return files.text(folder + name);
            }
        }
        return null;
    }

    // ---- programs -----------------------------------------------------------------------------------------

    private Program validator() {
        String folder = files.under("output_validator").isEmpty() ? "output_validators" : "output_validator";
        List<String> paths = files.under(folder);
        if (paths.isEmpty()) {
            throw new PackageException("problem.yaml says the output is checked by a custom validator, but the "
                    + "package has no output_validators/ (legacy) or output_validator/ folder");
        }
        String root = folder;
        if (folder.equals("output_validators")) {
            Set<String> entries = new TreeSet<>();
            paths.forEach(path -> entries.add(path.substring(folder.length() + 1).split("/")[0]));
            if (entries.size() > 1) {
                throw new PackageException("output_validators/ holds " + entries.size() + " validators (" + entries
                        + "); CodeArena runs one: keep one");
            }
            String entry = entries.iterator().next();
            root = folder + "/" + entry;
            if (files.has(root)) {
                return program(root, Map.of(entry, files.text(root)), root);
            }
        }
        return programInFolder(root, files.under(root));
    }

    private Program programInFolder(String root, List<String> paths) {
        Map<String, String> sources = new TreeMap<>();
        for (String path : paths) {
            String relative = path.substring(root.length() + 1);
            if (relative.equals("build") || relative.equals("run")) {
                throw new PackageException(root + "/ has a " + relative + " script; CodeArena compiles programs "
                        + "itself: give the source (C, C++, Python, Java...) without build or run scripts");
            }
            if (relative.contains("/")) {
                warnings.add(path + " is in a sub-folder of a program and is not used");
                continue;
            }
            sources.put(relative, files.text(path));
        }
        List<String> mains = sources.keySet().stream().filter(file -> languageOf(file) != null).toList();
        if (mains.size() != 1) {
            throw new PackageException(root + "/ must hold exactly one source file CodeArena can compile (beside "
                    + "headers such as validate.h); it holds " + (mains.isEmpty() ? "none" : mains));
        }
        return program(root, sources, root + "/" + mains.get(0));
    }

    private Program program(String path, Map<String, String> sources, String mainPath) {
        String mainFile = mainPath.substring(mainPath.lastIndexOf('/') + 1);
        String language = languageOf(mainFile);
        if (language == null) {
            throw new PackageException(mainPath + ": CodeArena cannot tell its language from its extension "
                    + "(.c, .cpp, .java, .py, .js, .kt, .go, .rs, .cs, .hs, .rb, .php)");
        }
        return new Program(path, language, Map.copyOf(sources), mainFile);
    }

    static String languageOf(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return null;
        }
        String extension = fileName.substring(dot + 1);
        if (HEADERS.contains(extension)) {
            return null;
        }
        return LANGUAGE_BY_EXTENSION.get(extension);
    }

    /**
     * submissions/submissions.yaml (2023-07): per glob of paths under submissions/ ('*' within a folder, '{a,b}'
     * alternatives), the verdicts permitted and required and the score; the last matching glob's value counts for
     * each key. Other keys (language, entrypoint, message, use_for_time_limit...) are named in a warning.
     */
    private List<Example> expectations(List<Example> examples) {
        Map<String, Object> yaml = yamlMap("submissions/submissions.yaml", files.text("submissions/submissions.yaml"));
        Set<String> unused = new TreeSet<>();
        List<Example> expected = new ArrayList<>();
        for (Example example : examples) {
            if (!example.path().startsWith("submissions/")) {
                expected.add(example);
                continue;
            }
            String relative = example.path().substring("submissions/".length());
            Set<String> permitted = null;
            Set<String> required = null;
            Double low = null;
            Double high = null;
            boolean matched = false;
            for (Map.Entry<String, Object> entry : yaml.entrySet()) {
                if (!globMatches(entry.getKey(), relative)) {
                    continue;
                }
                if (!(entry.getValue() instanceof Map<?, ?> values)) {
                    throw new PackageException("submissions/submissions.yaml: '" + entry.getKey() + "' must map to "
                            + "keys such as permitted, required and score");
                }
                matched = true;
                for (Map.Entry<?, ?> value : values.entrySet()) {
                    String key = String.valueOf(value.getKey());
                    switch (key) {
                        case "permitted" -> permitted = verdicts(entry.getKey(), key, value.getValue());
                        case "required" -> required = verdicts(entry.getKey(), key, value.getValue());
                        case "score" -> {
                            double[] range = scoreRange(entry.getKey(), value.getValue());
                            low = range[0];
                            high = range[1];
                        }
                        default -> unused.add(key);
                    }
                }
            }
            expected.add(matched ? new Example(example.path(), example.expected(), example.program(),
                    new ProblemPackage.Expectation(permitted == null ? Set.of() : permitted,
                            required == null ? Set.of() : required, low, high)) : example);
        }
        if (!unused.isEmpty()) {
            warnings.add("submissions/submissions.yaml: not used here: " + String.join(", ", unused));
        }
        return expected;
    }

    private static Set<String> verdicts(String glob, String key, Object value) {
        List<?> list = value instanceof List<?> items ? items : List.of(value);
        Set<String> verdicts = new TreeSet<>();
        for (Object item : list) {
            String verdict = String.valueOf(item);
            if (!Set.of("AC", "WA", "TLE", "RTE").contains(verdict)) {
                throw new PackageException("submissions/submissions.yaml: '" + glob + "' " + key + " has '" + verdict
                        + "'; the verdicts are AC, WA, TLE and RTE");
            }
            verdicts.add(verdict);
        }
        return verdicts;
    }

    private static double[] scoreRange(String glob, Object value) {
        if (value instanceof Number number) {
            return new double[] {number.doubleValue(), number.doubleValue()};
        }
        if (value instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number low
                && pair.get(1) instanceof Number high) {
            return new double[] {low.doubleValue(), high.doubleValue()};
        }
        throw new PackageException("submissions/submissions.yaml: '" + glob + "' score must be a number or "
                + "[lowest, highest]");
    }

    /** A submissions.yaml glob against a path under submissions/ (a folder submission matches by its folder). */
    static boolean globMatches(String glob, String path) {
        List<String> alternatives = new ArrayList<>(List.of(glob));
        for (int guard = 0; guard < 10 && alternatives.stream().anyMatch(a -> a.contains("{")); guard++) {
            List<String> expanded = new ArrayList<>();
            for (String alternative : alternatives) {
                int open = alternative.indexOf('{');
                int close = alternative.indexOf('}', open);
                if (open < 0 || close < 0) {
                    expanded.add(alternative);
                    continue;
                }
                for (String option : alternative.substring(open + 1, close).split(",", -1)) {
                    expanded.add(alternative.substring(0, open) + option + alternative.substring(close + 1));
                }
            }
            alternatives = expanded;
        }
        for (String alternative : alternatives) {
            StringBuilder regex = new StringBuilder();
            for (char c : alternative.toCharArray()) {
                regex.append(c == '*' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
            }
            // a glob naming a folder (or a folder submission) matches what is inside it too
            if (path.matches(regex + "(/.*)?")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The package's input validators, each judged on every test's input like an example whose verdict must be
     * "every input accepted" (exit 42); Checktestdata and VIVA files are not run (a warning says so).
     */
    private List<Example> inputValidators() {
        List<Example> validators = new ArrayList<>();
        for (String folder : List.of("input_validators", "input_format_validators")) {
            Map<String, List<String>> byEntry = new TreeMap<>();
            for (String path : files.under(folder)) {
                byEntry.computeIfAbsent(path.substring(folder.length() + 1).split("/")[0], key -> new ArrayList<>())
                        .add(path);
            }
            for (Map.Entry<String, List<String>> entry : byEntry.entrySet()) {
                String path = folder + "/" + entry.getKey();
                if (entry.getKey().endsWith(".ctd") || entry.getKey().endsWith(".viva")) {
                    warnings.add(path + " (Checktestdata or VIVA) is kept but not run: CodeArena runs input "
                            + "validators that are programs");
                    continue;
                }
                try {
                    Program program = files.has(path) ? program(path, Map.of(entry.getKey(), files.text(path)), path)
                            : programInFolder(path, entry.getValue());
                    validators.add(new Example(path, "input_validator", program));
                } catch (PackageException e) {
                    warnings.add(path + " is not run: " + e.getMessage());
                }
            }
        }
        return validators;
    }

    private List<Example> examples() {
        Map<String, List<String>> byEntry = new TreeMap<>();
        for (String path : files.under("submissions")) {
            String[] parts = path.split("/");
            if (parts.length < 3) {
                continue;
            }
            if (!VERDICT_FOLDERS.contains(parts[1])) {
                warnings.add("submissions/" + parts[1] + "/ is not a verdict folder CodeArena knows; its "
                        + "submissions are not judged");
                continue;
            }
            byEntry.computeIfAbsent(parts[1] + "/" + parts[2], key -> new ArrayList<>()).add(path);
        }
        List<Example> examples = new ArrayList<>();
        Set<String> said = new TreeSet<>();
        for (Map.Entry<String, List<String>> entry : byEntry.entrySet()) {
            String key = entry.getKey();
            String expected = key.substring(0, key.indexOf('/'));
            String path = "submissions/" + key;
            try {
                Program program = files.has(path) ? program(path, Map.of(key.substring(key.indexOf('/') + 1),
                        files.text(path)), path) : programInFolder(path, entry.getValue());
                examples.add(new Example(path, expected, program));
            } catch (PackageException e) {
                if (said.add(path)) {
                    warnings.add(path + " is not judged: " + e.getMessage());
                }
            }
        }
        if (examples.size() > 100) {
            throw new PackageException("submissions/ holds " + examples.size() + " submissions; CodeArena judges "
                    + "at most 100 on import");
        }
        return examples;
    }

    // ---- YAML ---------------------------------------------------------------------------------------------

    /** Parses YAML safely (no types, few aliases, bounded size and depth) into a map, or names what is wrong. */
    static Map<String, Object> yamlMap(String path, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(1 << 20);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new PackageException(path + " is not valid YAML: " + clip(message.replaceAll("\\s+", " "), 300));
        }
        if (loaded == null) {
            return Map.of();
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new PackageException(path + " must be a map of keys (name: ..., limits: ...), not a "
                    + (loaded instanceof List ? "list" : "single value"));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        map.forEach((key, value) -> result.put(String.valueOf(key), value));
        return result;
    }

    private static String string(Map<String, Object> map, String key, String where, String fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        throw new PackageException(where + ": " + key + " must be text");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> map, String key, String where) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new PackageException(where + ": " + key + " must be a map of keys");
        }
        return (Map<String, Object>) value;
    }

    private static double number(Map<String, Object> map, String key, String where, double fallback) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && Double.isFinite(number.doubleValue())) {
            return number.doubleValue();
        }
        throw new PackageException(where + ": " + key + " must be a number, not '" + value + "'");
    }

    private static String clip(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
