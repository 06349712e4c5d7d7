package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a runner agent reports for a finished job. For a judged job, {@code tests} holds every test's
 * outcome in order; {@code verdict} is then the first test's that was not OK (or COMPILE_ERROR), time and
 * memory the largest of any test.
 */
public record RunResult(long runId, String runnerId, Verdict verdict, String stdout, String stderr,
                        int exitCode, long timeMillis, long memoryKb, List<TestOutcome> tests) {

    public RunResult {
        tests = tests == null ? List.of() : List.copyOf(tests);
    }

    /** A plain run's result. */
    public RunResult(long runId, String runnerId, Verdict verdict, String stdout, String stderr,
                     int exitCode, long timeMillis, long memoryKb) {
        this(runId, runnerId, verdict, stdout, stderr, exitCode, timeMillis, memoryKb, List.of());
    }

    public void writeTo(MapMessage message) throws JMSException {
        message.setLong("runId", runId);
        message.setString("runnerId", runnerId);
        message.setString("verdict", verdict.name());
        message.setString("stdout", stdout);
        message.setString("stderr", stderr);
        message.setInt("exitCode", exitCode);
        message.setLong("timeMillis", timeMillis);
        message.setLong("memoryKb", memoryKb);
        message.setInt("tests", tests.size());
        for (int i = 0; i < tests.size(); i++) {
            tests.get(i).writeTo(message, "test." + i + ".");
        }
    }

    public static RunResult readFrom(MapMessage message) throws JMSException {
        int count = message.itemExists("tests") ? message.getInt("tests") : 0;
        List<TestOutcome> tests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tests.add(TestOutcome.readFrom(message, "test." + i + "."));
        }
        return new RunResult(
                message.getLong("runId"),
                message.getString("runnerId"),
                Verdict.valueOf(message.getString("verdict")),
                message.getString("stdout"),
                message.getString("stderr"),
                message.getInt("exitCode"),
                message.getLong("timeMillis"),
                message.getLong("memoryKb"),
                tests);
    }
}
