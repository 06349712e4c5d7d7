package org.codearena.runner.sandbox;

/**
 * Limits for one execution in the sandbox. With cgroups, memory, processes and CPU time count every process of
 * the execution together, and the memory covers what the program keeps in its tmpfs folders.
 *
 * @param memoryBytes      the execution's memory (its cgroup limit, and the size of its /tmp and /box)
 * @param processes        processes and threads at once
 * @param stackBytes       each process's stack, or 0 for the system's default
 * @param unlimitedAddressSpace the runtime limits its own heap (JVM -Xmx, Node): without cgroups (development
 *                         only) no address-space limit is set for it, since it reserves far more than it uses
 */
public record SandboxLimits(long cpuMillis, long wallMillis, long memoryBytes, long processes,
                            long fileSizeBytes, long outputBytes, long stackBytes, boolean unlimitedAddressSpace) {
}
