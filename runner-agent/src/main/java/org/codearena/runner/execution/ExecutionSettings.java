package org.codearena.runner.execution;

import org.codearena.runner.config.AgentConfig;

/** Limits that are the agent's, not the job's. */
public record ExecutionSettings(long compileTimeLimitMillis, long compileMemoryBytes, long compileProcesses,
                                long fileSizeBytes, long outputBytes) {

    public static ExecutionSettings from(AgentConfig config) {
        return new ExecutionSettings(
                config.getLong("sandbox.compile.time.limit.millis"),
                config.getLong("sandbox.compile.memory.mb") * 1024 * 1024,
                config.getLong("sandbox.compile.processes"),
                config.getLong("sandbox.file.size.limit.bytes"),
                config.getLong("sandbox.output.limit.bytes"));
    }
}
