package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

/** What a runner agent reports for a finished job. */
public record RunResult(long runId, String runnerId, Verdict verdict, String stdout, String stderr,
                        int exitCode, long timeMillis, long memoryKb) {

    public void writeTo(MapMessage message) throws JMSException {
        message.setLong("runId", runId);
        message.setString("runnerId", runnerId);
        message.setString("verdict", verdict.name());
        message.setString("stdout", stdout);
        message.setString("stderr", stderr);
        message.setInt("exitCode", exitCode);
        message.setLong("timeMillis", timeMillis);
        message.setLong("memoryKb", memoryKb);
    }

    public static RunResult readFrom(MapMessage message) throws JMSException {
        return new RunResult(
                message.getLong("runId"),
                message.getString("runnerId"),
                Verdict.valueOf(message.getString("verdict")),
                message.getString("stdout"),
                message.getString("stderr"),
                message.getInt("exitCode"),
                message.getLong("timeMillis"),
                message.getLong("memoryKb"));
    }
}
