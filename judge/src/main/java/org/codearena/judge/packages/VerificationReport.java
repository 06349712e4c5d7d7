package org.codearena.judge.packages;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.codearena.domain.model.submission.Submission;
import org.codearena.protocol.Verdict;

/**
 * What an import found: the package's warnings, how the time limit was reached, and per example submission the
 * verdict its folder promises against the one CodeArena gave. Stored as JSON with the import; public fields
 * for JSON-B.
 */
public class VerificationReport {

    private static final Jsonb JSON = JsonbBuilder.create();

    public List<String> warnings = new ArrayList<>();
    public int packageTimeLimitMillis;
    public double acToTimeLimit = 2.0;
    public String format;
    public Integer timeLimitMillis;
    public String timeLimitExplanation;
    public boolean timeLimitTight;
    public List<ExampleResult> examples = new ArrayList<>();
    public Boolean verified;

    /** One example submission's outcome. */
    public static class ExampleResult {
        public String path;
        public String language;
        public String expected;
        public String verdict;
        public Integer score;
        public Integer maxScore;
        public Long timeMillis;
        public List<String> testVerdicts;
        public boolean asExpected;
        public String note;
    }

    static String initial(ProblemPackage pkg, List<String> warnings) {
        VerificationReport report = new VerificationReport();
        report.warnings = new ArrayList<>(warnings);
        report.packageTimeLimitMillis = pkg.timeLimitMillis();
        report.acToTimeLimit = pkg.acToTimeLimit();
        report.format = pkg.format();
        return report.write();
    }

    public static VerificationReport read(String json) {
        return json == null || json.isBlank() ? new VerificationReport() : JSON.fromJson(json, VerificationReport.class);
    }

    public String write() {
        return JSON.toJson(this);
    }

    void timeLimit(TimeLimit limit) {
        timeLimitMillis = limit.millis();
        timeLimitExplanation = limit.explanation();
        timeLimitTight = limit.tooTight();
    }

    void judged(String path, String expected, String language, Submission submission, List<Verdict> tests,
                boolean scoring, ProblemPackage.Expectation expectation) {
        ExampleResult result = new ExampleResult();
        result.path = path;
        result.language = language;
        result.expected = expected;
        result.verdict = submission.getVerdict() == null ? null : submission.getVerdict().name();
        result.score = submission.getScore();
        result.maxScore = submission.getMaxScore();
        result.timeMillis = submission.getMaxTimeMillis();
        result.testVerdicts = tests.stream().map(Verdict::name).toList();
        int score = submission.getScore() == null ? 0 : submission.getScore();
        result.note = expectation != null
                ? Expectation.check(expectation, submission.getVerdict(), tests, score)
                : Expectation.check(expected, submission.getVerdict(), tests, score, submission.getMaxScore(), scoring);
        result.asExpected = result.note.isEmpty();
        examples.removeIf(existing -> existing.path.equals(path));
        examples.add(result);
        examples.sort(java.util.Comparator.comparing(example -> example.path));
    }

    boolean allAsExpected() {
        return !examples.isEmpty() && examples.stream().allMatch(example -> example.asExpected);
    }

    void finished(boolean verified) {
        this.verified = verified;
    }

    /** What each verdict folder promises, checked against a judged example; empty when it holds. */
    static final class Expectation {

        private static final Set<Verdict> CRASH = Set.of(Verdict.RUNTIME_ERROR, Verdict.MEMORY_LIMIT);

        private Expectation() {
        }

        static String check(String expected, Verdict verdict, List<Verdict> tests, int score, int maxScore,
                            boolean scoring) {
            if (verdict == Verdict.COMPILE_ERROR) {
                return "it did not compile";
            }
            if (verdict == Verdict.SYSTEM_ERROR || verdict == null || tests.contains(Verdict.SYSTEM_ERROR)) {
                return "it could not be judged (a system error): import the package again";
            }
            boolean anyTle = tests.contains(Verdict.TIME_LIMIT);
            boolean anyWa = tests.contains(Verdict.WRONG_ANSWER);
            boolean anyCrash = tests.stream().anyMatch(CRASH::contains);
            return switch (expected) {
                case "accepted" -> verdict == Verdict.OK && (!scoring || score == maxScore) ? ""
                        : "expected accepted with full marks, got " + verdict + (scoring ? " with " + score + " of "
                        + maxScore : "") + firstFailure(tests);
                case "partially_accepted" -> scoring && score > 0 && score < maxScore ? ""
                        : "expected some but not all of the points, got " + score + " of " + maxScore;
                case "wrong_answer" -> anyWa && !anyTle && !anyCrash ? ""
                        : "expected a wrong answer on some test (and no time-out or crash), got " + summary(tests);
                case "time_limit_exceeded" -> anyTle && !anyCrash ? ""
                        : "expected a time-out on some test (and no crash), got " + summary(tests);
                case "run_time_error" -> anyCrash && !anyTle && !anyWa ? ""
                        : "expected a crash on some test (and no time-out or wrong answer), got " + summary(tests);
                case "brute_force" -> (anyTle || anyCrash) && !anyWa ? ""
                        : "expected a time-out or crash on some test (and no wrong answer), got " + summary(tests);
                case "rejected" -> verdict != Verdict.OK ? "" : "expected to be rejected, but it was accepted";
                case "input_validator" -> verdict == Verdict.OK ? "" : "the input validator did not accept every "
                        + "test's input: " + rejected(tests);
                default -> "'" + expected + "' is not a verdict folder CodeArena checks";
            };
        }

        /** As submissions.yaml says: every test within the permitted verdicts, one of the required, the score in range. */
        static String check(ProblemPackage.Expectation expectation, Verdict verdict, List<Verdict> tests, int score) {
            if (verdict == Verdict.COMPILE_ERROR) {
                return "it did not compile";
            }
            if (verdict == Verdict.SYSTEM_ERROR || verdict == null || tests.contains(Verdict.SYSTEM_ERROR)) {
                return "it could not be judged (a system error): import the package again";
            }
            List<String> codes = tests.stream().map(Expectation::code).toList();
            if (!expectation.permitted().isEmpty() && !expectation.permitted().containsAll(codes)) {
                return "submissions.yaml permits " + expectation.permitted() + ", got " + summary(tests);
            }
            if (!expectation.required().isEmpty() && codes.stream().noneMatch(expectation.required()::contains)) {
                return "submissions.yaml requires one of " + expectation.required() + ", got " + summary(tests);
            }
            if (expectation.scoreMin() != null && (score < expectation.scoreMin() - 1e-9
                    || score > expectation.scoreMax() + 1e-9)) {
                return "submissions.yaml expects a score of " + (expectation.scoreMin().equals(expectation.scoreMax())
                        ? number(expectation.scoreMin()) : number(expectation.scoreMin()) + " to "
                        + number(expectation.scoreMax())) + ", got " + score;
            }
            return "";
        }

        /** A test's verdict as submissions.yaml writes it. */
        static String code(Verdict verdict) {
            return switch (verdict) {
                case OK -> "AC";
                case WRONG_ANSWER -> "WA";
                case TIME_LIMIT -> "TLE";
                default -> "RTE";
            };
        }

        private static String number(double value) {
            return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
        }

        private static String rejected(List<Verdict> tests) {
            List<String> which = new ArrayList<>();
            for (int i = 0; i < tests.size(); i++) {
                if (tests.get(i) != Verdict.OK) {
                    which.add((i + 1) + " (" + tests.get(i) + ")");
                }
            }
            return "tests " + String.join(", ", which);
        }

        private static String firstFailure(List<Verdict> tests) {
            for (int i = 0; i < tests.size(); i++) {
                if (tests.get(i) != Verdict.OK) {
                    return " (first on test " + (i + 1) + ")";
                }
            }
            return "";
        }

        private static String summary(List<Verdict> tests) {
            java.util.Map<Verdict, Long> counts = new java.util.TreeMap<>();
            tests.forEach(test -> counts.merge(test, 1L, Long::sum));
            List<String> parts = new ArrayList<>();
            counts.forEach((verdict, count) -> parts.add(count + " " + verdict));
            return String.join(", ", parts);
        }
    }
}
