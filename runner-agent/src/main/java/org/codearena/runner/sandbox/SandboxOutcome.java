package org.codearena.runner.sandbox;

/**
 * What happened to one execution in the sandbox.
 *
 * @param exitCode        the program's exit status, or 128 + signal when a signal ended it
 * @param signal          the signal that ended it, 0 if it exited
 * @param wallTimedOut    the wall-clock limit passed and everything it started was killed
 * @param cpuExceeded     the CPU time of all its processes together passed the limit, and it was killed
 * @param memoryExceeded  the kernel killed a process of it for reaching the memory limit
 * @param outputExceeded  stdout or stderr passed the cap and everything was killed
 * @param peakMemoryKb    the most memory it held at once, all processes and its tmpfs files together
 * @param sandboxFailure  why the sandbox itself failed (the program may not have run at all), or null
 */
public record SandboxOutcome(int exitCode, int signal, boolean wallTimedOut, boolean cpuExceeded,
                             boolean memoryExceeded, boolean outputExceeded, String stdout, String stderr,
                             long cpuMillis, long wallMillis, long peakMemoryKb, String sandboxFailure) {

    public boolean succeeded() {
        return exitCode == 0 && signal == 0 && !wallTimedOut && !cpuExceeded && !memoryExceeded && !outputExceeded
                && sandboxFailure == null;
    }
}
