package org.codearena.judge.packages;

import java.util.List;
import java.util.Map;
import org.codearena.domain.model.task.Aggregation;
import org.codearena.protocol.Comparison;

/**
 * A problem package as CodeArena takes it: what the task is called and says, how output is checked, its limits,
 * its tests in groups with points, and its example submissions with the verdicts their folders promise.
 *
 * @param format              'kattis-legacy' or 'kattis-2023-07' (the draft, 2023-07 and 2025-09 are read alike)
 * @param timeLimitMillis     the package's own time limit, or 0 when it is to be derived from the accepted examples
 * @param memoryLimitKb       the package's memory limit, or 0 for the platform's default
 * @param warnings            what was read but not used, said in the import report
 */
public record ProblemPackage(String format, String name, String uuid, boolean scoring, Comparison comparison,
                             String validatorFlags, Program validator, Statement statement, int timeLimitMillis,
                             double acToTimeLimit, double timeLimitToTle, long memoryLimitKb, List<Group> groups,
                             List<Test> tests, List<Example> examples, String problemYaml, List<String> warnings) {

    /** A program of the package's (a validator, an example submission): its language and files. */
    public record Program(String path, String language, Map<String, String> files, String mainFile) {

        public String mainSource() {
            return files.get(mainFile);
        }
    }

    /** @param format 'markdown', or 'latex' (shown as written, in a readable block) */
    public record Statement(String format, String text, String language) {
    }

    /**
     * A test group by its path ('sample', 'secret', 'secret/group1'): its points (its maximum score) and how
     * its tests' results make them; its own validator flags where it has some.
     */
    public record Group(String path, int points, Aggregation aggregation, String validatorFlags,
                        String testdataYaml) {
    }

    /** One test: its group, its file name without extension, input and answer. */
    public record Test(String group, String name, String input, String answer, boolean sample) {
    }

    /**
     * An example submission and the verdict its folder promises ('accepted', 'wrong_answer', ...), with what
     * submissions/submissions.yaml says of it where it says something (null: the folder's rule).
     */
    public record Example(String path, String expected, Program program, Expectation expectation) {

        public Example(String path, String expected, Program program) {
            this(path, expected, program, null);
        }
    }

    /**
     * What submissions.yaml expects of a submission: the verdicts its tests may get ({@code permitted}: all of them
     * within; empty: any), the verdicts at least one test must get ({@code required}; empty: none), and its score's
     * range (null: any). Verdicts as the format writes them: AC, WA, TLE, RTE.
     */
    public record Expectation(java.util.Set<String> permitted, java.util.Set<String> required, Double scoreMin,
                              Double scoreMax) {
    }
}
