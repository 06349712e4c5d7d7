package org.codearena.runner.sandbox;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Runs untrusted code: no network, no host files, no inherited environment, limits on everything. */
public interface Sandbox {

    /** How the program sees its working folder /box. */
    enum WorkDirAccess {
        /** the work folder itself, writable: for compilers, whose output the next step needs */
        WRITABLE,
        /** a new, empty tmpfs with the work folder's files in it read-only: nothing written survives the run */
        FRESH
    }

    /** Makes a private working folder the sandboxed user may write to. */
    Path createWorkDir(String name) throws IOException;

    /** Writes a file into a work folder, owned by the sandboxed user. */
    void writeFile(Path workDir, String fileName, String content) throws IOException;

    void deleteWorkDir(Path workDir);

    /** Makes an empty folder in a work folder (emptied first when it exists), writable by the sandboxed user. */
    void makeFolder(Path workDir, String name) throws IOException;

    /**
     * Starts a long-running helper (a warm compiler) in a sandbox of its own with the work folder writable as /box;
     * its memory and processes are limited as for any execution, its CPU time per task is its user's to watch.
     */
    SandboxedService startService(Path workDir, List<String> command, SandboxLimits limits) throws IOException;

    /** Runs the command with /box as its current directory; stdin is fed to it in full. */
    SandboxOutcome execute(Path workDir, WorkDirAccess access, List<String> command, byte[] stdin,
                           SandboxLimits limits) throws IOException, InterruptedException;

    /**
     * An interactive run: the program (in a fresh copy of its folder, with its limits) and the task's validator
     * (in its own folder, writable, with its limits) run at the same time, each one's output fed to the other's
     * input as it comes; {@code validatorArguments} follow the validator's command.
     */
    Interaction interact(Path programDir, List<String> program, SandboxLimits programLimits, Path validatorDir,
                         List<String> validator, SandboxLimits validatorLimits) throws IOException, InterruptedException;

    /** How an interactive run ended: each side's outcome, and whether the validator ended before the program. */
    record Interaction(SandboxOutcome program, SandboxOutcome validator, boolean validatorEndedFirst) {
    }

    /** Ends whatever this sandbox executes now (an operator stopped the run); nothing when it executes nothing. */
    default void stopCurrent() {
    }
}
