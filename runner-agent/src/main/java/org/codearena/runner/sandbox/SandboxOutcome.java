package org.codearena.runner.sandbox;

/**
 * What happened to a process tree in the sandbox.
 *
 * @param exitCode      the program's exit status, or 128 + signal when a signal ended it
 * @param signal        the signal that ended it, 0 if it exited
 * @param wallTimedOut  the wall-clock limit passed and everything it started was killed
 * @param outputExceeded stdout or stderr passed the cap and everything was killed
 */
public record SandboxOutcome(int exitCode, int signal, boolean wallTimedOut, boolean outputExceeded,
                             String stdout, String stderr, long cpuMillis, long wallMillis, long maxRssKb) {

    public boolean succeeded() {
        return exitCode == 0 && signal == 0 && !wallTimedOut && !outputExceeded;
    }
}
