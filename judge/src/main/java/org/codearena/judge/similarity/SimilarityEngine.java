package org.codearena.judge.similarity;

import de.jplag.GreedyStringTiling;
import de.jplag.JPlagComparison;
import de.jplag.Language;
import de.jplag.Match;
import de.jplag.Submission;
import de.jplag.SubmissionSet;
import de.jplag.SubmissionSetBuilder;
import de.jplag.Token;
import de.jplag.clustering.ClusteringOptions;
import de.jplag.exceptions.BasecodeException;
import de.jplag.exceptions.ExitException;
import de.jplag.ParsingException;
import de.jplag.options.JPlagOptions;
import de.jplag.options.SimilarityMetric;
import de.jplag.strategy.AbstractComparisonStrategy;
import de.jplag.JPlagResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Compares every pair of solutions to one task with JPlag (token-based: renamed identifiers, reordered functions
 * and changed comments and layout do not hide a copy), language by language, and keeps the pairs at or above a
 * similarity threshold with the regions that matched. Code every solution was given or may share (the editor's
 * starter program, the task's reference solutions) is base code: what matches it does not count.
 *
 * <p>JPlag parses the solutions from files: each solution is written into a folder of its own under a temporary
 * directory, removed afterwards. Pairs are compared on a pool of the given parallelism, so that a large check
 * leaves the server's other cores to its requests; the caller hears how far it is every second.
 */
public final class SimilarityEngine {

    /** A solution to compare: its submission id, its language (CodeArena's id) and its code. */
    public record Solution(long id, String language, String source) {
    }

    /** Lines (1-based, inclusive) of one matched region in the first and the second solution of a pair. */
    public record Region(int firstStart, int firstEnd, int secondStart, int secondEnd, int tokens) {
    }

    /**
     * Two solutions at or above the threshold ({@code first < second}).
     *
     * @param similarity    the share of both solutions' tokens that matched (JPlag's average similarity), 0 to 1
     * @param maxSimilarity the larger of the two one-sided shares (a short solution copied into a long one)
     */
    public record Pair(long first, long second, String language, double similarity, double maxSimilarity,
                       int matchedTokens, List<Region> regions) {
    }

    /** A solution that was not compared, and why. */
    public record Skipped(long id, String language, String reason) {
    }

    /** What a comparison found: the pairs (most similar first), what was left out, and what it compared. */
    public record Outcome(List<Pair> pairs, List<Skipped> skipped, int comparedSolutions, long comparedPairs,
                          List<String> notes) {
    }

    /** How far the comparison is: a phase ("parsing python", "comparing python") and its counts. */
    @FunctionalInterface
    public interface Progress {
        void at(String phase, long done, long total);
    }

    /** A JPlag front end, the file name a solution is written under, and the group it is compared in. */
    private record FrontEnd(String group, Supplier<Language> language, String fileName) {
    }

    private static final Map<String, FrontEnd> FRONT_ENDS = Map.of(
            "python", new FrontEnd("python", de.jplag.python3.Language::new, "main.py"),
            "java", new FrontEnd("java", de.jplag.java.Language::new, "Main.java"),
            // JPlag's C/C++ scanner reads both: a C solution and a C++ one are compared with each other
            "c", new FrontEnd("c/c++", de.jplag.cpp.Language::new, "main.c"),
            "cpp", new FrontEnd("c/c++", de.jplag.cpp.Language::new, "main.cpp"),
            "go", new FrontEnd("go", de.jplag.golang.Language::new, "main.go"),
            "rust", new FrontEnd("rust", de.jplag.rust.Language::new, "main.rs"),
            "kotlin", new FrontEnd("kotlin", de.jplag.kotlin.Language::new, "main.kt"),
            "csharp", new FrontEnd("csharp", de.jplag.csharp.Language::new, "Program.cs"));

    /** CodeArena's languages JPlag can compare; the others are listed as skipped. */
    public static Set<String> supportedLanguages() {
        return FRONT_ENDS.keySet();
    }

    private final int parallelism;

    /** @param parallelism how many threads compare pairs (1 leaves the other cores to the server's requests) */
    public SimilarityEngine(int parallelism) {
        this.parallelism = Math.max(1, parallelism);
    }

    /**
     * Compares the solutions.
     *
     * @param baseCode  per language, code that does not count when it matches (several programs may be given,
     *                  each as one entry of the list)
     * @param threshold pairs at or above this similarity (0 to 1) are kept
     */
    public Outcome compare(List<Solution> solutions, Map<String, List<String>> baseCode, double threshold,
                           Progress progress) throws IOException {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("the threshold is a share between 0 and 1, not " + threshold);
        }
        Map<String, List<Solution>> groups = new TreeMap<>();
        List<Skipped> skipped = new ArrayList<>();
        for (Solution solution : solutions) {
            FrontEnd front = FRONT_ENDS.get(solution.language());
            if (front == null) {
                skipped.add(new Skipped(solution.id(), solution.language(),
                        "JPlag has no front end for " + solution.language() + ": not compared"));
            } else {
                groups.computeIfAbsent(front.group(), g -> new ArrayList<>()).add(solution);
            }
        }
        List<Pair> pairs = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int compared = 0;
        int groupCount = 0;
        long comparedPairs = 0;
        Path work = Files.createTempDirectory("codearena-similarity-");
        try {
            for (Map.Entry<String, List<Solution>> group : groups.entrySet()) {
                if (group.getValue().size() < 2) {
                    notes.add("only one " + group.getKey() + " solution: nothing to compare it with");
                    continue;
                }
                Path groupDir = Files.createDirectory(work.resolve("group-" + (++groupCount)));
                GroupOutcome outcome = compareGroup(group.getKey(), group.getValue(), baseCode, threshold, groupDir,
                        progress);
                pairs.addAll(outcome.pairs());
                skipped.addAll(outcome.skipped());
                notes.addAll(outcome.notes());
                compared += outcome.compared();
                comparedPairs += outcome.comparedPairs();
            }
        } finally {
            delete(work);
        }
        pairs.sort(Comparator.comparingDouble(Pair::similarity).reversed()
                .thenComparingLong(Pair::first).thenComparingLong(Pair::second));
        return new Outcome(pairs, skipped, compared, comparedPairs, notes);
    }

    private record GroupOutcome(List<Pair> pairs, List<Skipped> skipped, List<String> notes, int compared,
                                long comparedPairs) {
    }

    private GroupOutcome compareGroup(String group, List<Solution> solutions, Map<String, List<String>> baseCode,
                                      double threshold, Path dir, Progress progress) throws IOException {
        Path root = Files.createDirectory(dir.resolve("solutions"));
        Map<String, Solution> byName = new LinkedHashMap<>();
        Language language = null;
        for (Solution solution : solutions) {
            FrontEnd front = FRONT_ENDS.get(solution.language());
            language = language == null ? front.language().get() : language;
            Path folder = Files.createDirectory(root.resolve(Long.toString(solution.id())));
            Files.writeString(folder.resolve(front.fileName()), solution.source(), StandardCharsets.UTF_8);
            byName.put(Long.toString(solution.id()), solution);
        }
        List<String> notes = new ArrayList<>();
        Path base = Files.createDirectory(dir.resolve("base"));
        int baseFiles = 0;
        for (Map.Entry<String, FrontEnd> front : FRONT_ENDS.entrySet()) {
            if (!front.getValue().group().equals(group)) {
                continue;
            }
            for (String program : baseCode.getOrDefault(front.getKey(), List.of())) {
                String name = front.getValue().fileName();
                int dot = name.lastIndexOf('.');
                Files.writeString(base.resolve("base" + (++baseFiles) + name.substring(dot)), program,
                        StandardCharsets.UTF_8);
            }
        }
        JPlagOptions options = new JPlagOptions(language, Set.of(root.toFile()), Set.of())
                .withSimilarityMetric(SimilarityMetric.AVG)
                .withSimilarityThreshold(threshold)
                .withMaximumNumberOfComparisons(JPlagOptions.SHOW_ALL_COMPARISONS)
                .withClusteringOptions(new ClusteringOptions().withEnabled(false));
        progress.at("parsing " + group, 0, solutions.size());
        SubmissionSet set;
        try {
            set = new SubmissionSetBuilder(language, baseFiles == 0 ? options
                    : options.withBaseCodeSubmissionDirectory(base.toFile())).buildSubmissionSet();
        } catch (BasecodeException e) {
            // base code shorter than the shortest match JPlag counts can not make two solutions match: no loss
            if (!String.valueOf(e.getMessage()).contains("fewer tokens")) {
                notes.add(group + ": the base code could not be read (" + e.getMessage() + "): compared without it");
            }
            set = build(language, options);
        } catch (ExitException e) {
            throw new IllegalStateException(group + ": JPlag could not read the solutions: " + e.getMessage(), e);
        }
        List<Skipped> skipped = new ArrayList<>();
        for (Submission invalid : set.getInvalidSubmissions()) {
            Solution solution = byName.get(invalid.getName());
            if (solution != null) {
                skipped.add(new Skipped(solution.id(), solution.language(), whyNot(language, invalid, solution)));
            }
        }
        List<Submission> valid = set.getSubmissions();
        long total = (long) valid.size() * (valid.size() - 1) / 2;
        if (valid.size() < 2) {
            return new GroupOutcome(List.of(), skipped, notes, valid.size(), 0);
        }
        Strategy strategy = new Strategy(options);
        if (set.hasBaseCode()) {
            strategy.markBaseCode(set);
        }
        AtomicLong done = new AtomicLong();
        List<JPlagComparison> found = java.util.Collections.synchronizedList(new ArrayList<>());
        ForkJoinPool pool = new ForkJoinPool(parallelism);
        try {
            ForkJoinTask<?> task = pool.submit(() -> IntStream.range(0, valid.size()).parallel().forEach(i -> {
                for (int j = i + 1; j < valid.size(); j++) {
                    strategy.compare(valid.get(i), valid.get(j)).ifPresent(found::add);
                }
                done.addAndGet(valid.size() - 1 - i);
            }));
            while (true) {
                progress.at("comparing " + group, done.get(), total);
                try {
                    task.get(1, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException stillComparing) {
                    // report again
                } catch (ExecutionException e) {
                    throw new IllegalStateException(group + ": comparing failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    task.cancel(true);
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the comparison was interrupted", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        progress.at("comparing " + group, total, total);
        List<Pair> pairs = new ArrayList<>();
        for (JPlagComparison comparison : found) {
            pairs.add(pair(comparison, byName, group));
        }
        return new GroupOutcome(pairs, skipped, notes, valid.size(), total);
    }

    /** Why JPlag left a solution out (it says only that it did): read again, it either fails or is too short. */
    private static String whyNot(Language language, Submission invalid, Solution solution) {
        try {
            int tokens = language.parse(new java.util.HashSet<>(invalid.getFiles())).size();
            return "too short to compare (" + tokens + " tokens; a match is at least "
                    + language.minimumTokenMatch() + "): not compared";
        } catch (ParsingException e) {
            return "could not be read as " + solution.language() + " (a syntax error?): not compared";
        }
    }

    private static SubmissionSet build(Language language, JPlagOptions options) {
        try {
            return new SubmissionSetBuilder(language, options).buildSubmissionSet();
        } catch (ExitException e) {
            throw new IllegalStateException("JPlag could not read the solutions: " + e.getMessage(), e);
        }
    }

    /** The pair as first = the smaller submission id, each match as line ranges in the two solutions. */
    private static Pair pair(JPlagComparison comparison, Map<String, Solution> byName, String group) {
        Submission a = comparison.firstSubmission();
        Submission b = comparison.secondSubmission();
        long idA = byName.get(a.getName()).id();
        long idB = byName.get(b.getName()).id();
        boolean swap = idA > idB;
        List<Region> regions = new ArrayList<>();
        for (Match match : comparison.matches()) {
            int[] inA = lines(a.getTokenList(), match.startOfFirst(), match.length());
            int[] inB = lines(b.getTokenList(), match.startOfSecond(), match.length());
            regions.add(swap ? new Region(inB[0], inB[1], inA[0], inA[1], match.length())
                    : new Region(inA[0], inA[1], inB[0], inB[1], match.length()));
        }
        regions.sort(Comparator.comparingInt(Region::firstStart).thenComparingInt(Region::secondStart));
        String language = byName.get(a.getName()).language().equals(byName.get(b.getName()).language())
                ? byName.get(a.getName()).language() : group;
        return new Pair(Math.min(idA, idB), Math.max(idA, idB), language, comparison.similarity(),
                comparison.maximalSimilarity(), comparison.getNumberOfMatchedTokens(), regions);
    }

    /** First and last line the tokens [start, start + length) cover. */
    private static int[] lines(List<Token> tokens, int start, int length) {
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (Token token : tokens.subList(start, Math.min(tokens.size(), start + length))) {
            if (token.getLine() > 0) {
                first = Math.min(first, token.getLine());
                last = Math.max(last, token.getLine());
            }
        }
        return first == Integer.MAX_VALUE ? new int[] {0, 0} : new int[] {first, last};
    }

    /** JPlag's own pairwise comparison and base-code marking, driven pair by pair so that progress can be told. */
    private static final class Strategy extends AbstractComparisonStrategy {
        Strategy(JPlagOptions options) {
            super(options, new GreedyStringTiling(options));
        }

        void markBaseCode(SubmissionSet set) {
            compareSubmissionsToBaseCode(set);
        }

        Optional<JPlagComparison> compare(Submission first, Submission second) {
            return compareSubmissions(first, second);
        }

        @Override
        public JPlagResult compareSubmissions(SubmissionSet submissionSet) {
            throw new UnsupportedOperationException("compared pair by pair");
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is removed with the others when the machine restarts
        }
    }
}
