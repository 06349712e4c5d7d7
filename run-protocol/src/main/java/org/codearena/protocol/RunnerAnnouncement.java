package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import java.util.Arrays;
import java.util.List;

/**
 * What a runner agent tells the matchmaker about itself.
 *
 * @param kind         register on start, heartbeat every interval, goodbye on a clean stop
 * @param runnerId     unique per agent process
 * @param runnerTypes  the languages (runner types) it can run
 * @param host         where it runs, for operators
 * @param currentRunId the run it is executing, or 0 when idle
 */
public record RunnerAnnouncement(Kind kind, String runnerId, List<String> runnerTypes, String host, long currentRunId) {

    public enum Kind { REGISTER, HEARTBEAT, GOODBYE }

    public RunnerAnnouncement {
        runnerTypes = List.copyOf(runnerTypes);
    }

    public void writeTo(MapMessage message) throws JMSException {
        message.setString("kind", kind.name());
        message.setString("runnerId", runnerId);
        message.setString("runnerTypes", String.join(",", runnerTypes));
        message.setString("host", host);
        message.setLong("currentRunId", currentRunId);
    }

    public static RunnerAnnouncement readFrom(MapMessage message) throws JMSException {
        String types = message.getString("runnerTypes");
        return new RunnerAnnouncement(
                Kind.valueOf(message.getString("kind")),
                message.getString("runnerId"),
                types == null || types.isBlank() ? List.of() : Arrays.asList(types.split(",")),
                message.getString("host"),
                message.getLong("currentRunId"));
    }
}
