package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a runner agent tells the matchmaker about itself.
 *
 * @param kind         register on start, heartbeat every interval, goodbye on a clean stop
 * @param runnerId     unique per agent process
 * @param runnerTypes  the languages (runner types) it can run
 * @param host         where it runs, for operators
 * @param currentRunId the run it is executing, or 0 when idle
 * @param toolchainVersions runner type to the version of its toolchain on this agent (sent on every announcement)
 * @param newestEpoch  the highest matchmaker lease epoch this agent has accepted a job under
 * @param incarnation  new for every start of the agent process: jobs sent to an earlier one are refused
 */
public record RunnerAnnouncement(Kind kind, String runnerId, List<String> runnerTypes, String host, long currentRunId,
                                 Map<String, String> toolchainVersions, long newestEpoch, String incarnation) {

    public enum Kind { REGISTER, HEARTBEAT, GOODBYE }

    public RunnerAnnouncement {
        runnerTypes = List.copyOf(runnerTypes);
        toolchainVersions = Map.copyOf(toolchainVersions);
        incarnation = incarnation == null ? "" : incarnation;
    }

    public void writeTo(MapMessage message) throws JMSException {
        message.setString("kind", kind.name());
        message.setString("runnerId", runnerId);
        message.setString("runnerTypes", String.join(",", runnerTypes));
        message.setString("host", host);
        message.setLong("currentRunId", currentRunId);
        StringBuilder versions = new StringBuilder();
        toolchainVersions.forEach((type, version) -> versions.append(type).append('=').append(version).append('\n'));
        message.setString("toolchainVersions", versions.toString());
        message.setLong("newestEpoch", newestEpoch);
        message.setString("incarnation", incarnation);
    }

    public static RunnerAnnouncement readFrom(MapMessage message) throws JMSException {
        String types = message.getString("runnerTypes");
        return new RunnerAnnouncement(
                Kind.valueOf(message.getString("kind")),
                message.getString("runnerId"),
                types == null || types.isBlank() ? List.of() : Arrays.asList(types.split(",")),
                message.getString("host"),
                message.getLong("currentRunId"),
                parseVersions(message.getString("toolchainVersions")),
                message.itemExists("newestEpoch") ? message.getLong("newestEpoch") : 0,
                message.itemExists("incarnation") ? message.getString("incarnation") : "");
    }

    private static Map<String, String> parseVersions(String lines) {
        Map<String, String> versions = new LinkedHashMap<>();
        if (lines != null) {
            for (String line : lines.split("\n")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    versions.put(line.substring(0, equals), line.substring(equals + 1));
                }
            }
        }
        return versions;
    }
}
