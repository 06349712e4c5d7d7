package org.codearena.runner.sandbox;

/**
 * Limits for one process tree in the sandbox.
 *
 * @param addressSpaceBytes RLIMIT_AS, or -1 for none (runtimes that cap their own heap)
 */
public record SandboxLimits(long cpuMillis, long wallMillis, long addressSpaceBytes, long processes,
                            long fileSizeBytes, long outputBytes) {
}
