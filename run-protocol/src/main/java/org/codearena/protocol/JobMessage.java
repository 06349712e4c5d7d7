package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * One unit of work for a runner agent: the whole payload, sent straight to the runner's own queue.
 * A plain run has {@code stdin} and no tests; a judged run (a submission) carries all its tests: the runner
 * compiles once, runs every test, and checks each output as {@code check} says.
 *
 * @param epoch the matchmaker lease epoch this dispatch was made under; agents refuse older ones
 * @param runnerIncarnation the start of the agent it was sent to (empty: any); an agent started since refuses it,
 *                          because the matchmaker gave that start's jobs to someone else when it registered again
 */
public record JobMessage(long runId, String language, String source, String stdin,
                         long timeLimitMillis, long memoryLimitKb, long epoch,
                         List<TestCase> tests, OutputCheck check, String runnerIncarnation) {

    public JobMessage {
        tests = tests == null ? List.of() : List.copyOf(tests);
        check = check == null ? OutputCheck.EXACT : check;
        runnerIncarnation = runnerIncarnation == null ? "" : runnerIncarnation;
    }

    /** A judged run: the program is run on every test. */
    public JobMessage(long runId, String language, String source, String stdin,
                      long timeLimitMillis, long memoryLimitKb, long epoch,
                      List<TestCase> tests, OutputCheck check) {
        this(runId, language, source, stdin, timeLimitMillis, memoryLimitKb, epoch, tests, check, "");
    }

    /** The same job, addressed to one start of an agent. */
    public JobMessage forIncarnation(String incarnation) {
        return new JobMessage(runId, language, source, stdin, timeLimitMillis, memoryLimitKb, epoch, tests,
                check, incarnation);
    }

    /** A plain run: the program is run once on {@code stdin}. */
    public JobMessage(long runId, String language, String source, String stdin,
                      long timeLimitMillis, long memoryLimitKb, long epoch) {
        this(runId, language, source, stdin, timeLimitMillis, memoryLimitKb, epoch, List.of(), OutputCheck.EXACT, "");
    }

    public boolean judged() {
        return !tests.isEmpty();
    }

    public void writeTo(MapMessage message) throws JMSException {
        message.setLong("runId", runId);
        message.setString("language", language);
        message.setString("source", source);
        message.setString("stdin", stdin);
        message.setLong("timeLimitMillis", timeLimitMillis);
        message.setLong("memoryLimitKb", memoryLimitKb);
        message.setLong("epoch", epoch);
        message.setString("comparison", check.comparison().name());
        message.setString("check.flags", check.flags());
        message.setString("check.validator.language", check.validatorLanguage());
        message.setString("check.validator.source", check.validatorSource());
        List<String> names = List.copyOf(new java.util.TreeSet<>(check.validatorFiles().keySet()));
        message.setInt("check.validator.files", names.size());
        for (int i = 0; i < names.size(); i++) {
            message.setString("check.validator.file." + i + ".name", names.get(i));
            message.setString("check.validator.file." + i + ".content", check.validatorFiles().get(names.get(i)));
        }
        message.setString("runnerIncarnation", runnerIncarnation);
        message.setInt("tests", tests.size());
        for (int i = 0; i < tests.size(); i++) {
            TestCase test = tests.get(i);
            message.setInt("test." + i + ".ordinal", test.ordinal());
            message.setBoolean("test." + i + ".sample", test.sample());
            message.setString("test." + i + ".input", test.input());
            message.setString("test." + i + ".expected", test.expectedOutput());
            if (!test.checkFlags().isEmpty()) {
                message.setString("test." + i + ".flags", test.checkFlags());
            }
            if (test.maxScore() > 0) {
                message.setInt("test." + i + ".max", test.maxScore());
            }
        }
    }

    public static JobMessage readFrom(MapMessage message) throws JMSException {
        int count = message.itemExists("tests") ? message.getInt("tests") : 0;
        List<TestCase> tests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tests.add(new TestCase(message.getInt("test." + i + ".ordinal"), message.getBoolean("test." + i + ".sample"),
                    message.getString("test." + i + ".input"), message.getString("test." + i + ".expected"),
                    optional(message, "test." + i + ".flags"),
                    message.itemExists("test." + i + ".max") ? message.getInt("test." + i + ".max") : 0));
        }
        return new JobMessage(
                message.getLong("runId"),
                message.getString("language"),
                message.getString("source"),
                message.getString("stdin"),
                message.getLong("timeLimitMillis"),
                message.getLong("memoryLimitKb"),
                message.getLong("epoch"),
                tests,
                new OutputCheck(message.itemExists("comparison") ? Comparison.valueOf(message.getString("comparison"))
                        : Comparison.EXACT, optional(message, "check.flags"), optional(message, "check.validator.language"),
                        optional(message, "check.validator.source"), validatorFiles(message)),
                message.itemExists("runnerIncarnation") ? message.getString("runnerIncarnation") : "");
    }

    private static java.util.Map<String, String> validatorFiles(MapMessage message) throws JMSException {
        int count = message.itemExists("check.validator.files") ? message.getInt("check.validator.files") : 0;
        java.util.Map<String, String> files = new java.util.TreeMap<>();
        for (int i = 0; i < count; i++) {
            files.put(message.getString("check.validator.file." + i + ".name"),
                    message.getString("check.validator.file." + i + ".content"));
        }
        return files;
    }

    private static String optional(MapMessage message, String name) throws JMSException {
        return message.itemExists(name) ? message.getString(name) : "";
    }
}
