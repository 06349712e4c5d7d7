package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.codearena.runner.sandbox.SandboxUnavailableException;

/**
 * Control groups for sandboxed executions: one group per execution, so that memory (tmpfs pages included),
 * processes and CPU time count every process of a run together, however the program splits its work.
 */
public interface Cgroups {

    /**
     * Makes an empty group without limits. Slow (milliseconds: the kernel waits for a grace period), so
     * {@link CgroupPool} does it ahead of time, off the run's path.
     */
    RunCgroup make(String name) throws IOException;

    /** Sets the limits of a group that {@link #make} made and no process has used yet. */
    void limit(RunCgroup group, long memoryBytes, long processes) throws IOException;

    /** Makes a fresh group for one execution, with its limits already set. */
    default RunCgroup create(String name, long memoryBytes, long processes) throws IOException {
        RunCgroup group = make(name);
        try {
            limit(group, memoryBytes, processes);
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    /** Where the groups live, for logs and error messages. */
    String describe();

    /**
     * Finds a usable hierarchy under {@code root} (normally /sys/fs/cgroup): v2 where the unified hierarchy has
     * the memory and pids controllers, else v1 with writable memory, pids and cpuacct hierarchies. The agent's
     * groups go under {@code codearena/<runnerId>} in it; what an earlier agent left there is removed. A trial
     * group is made and removed, so that a hierarchy that only looks usable is refused here, not on a job.
     *
     * @param version "auto", "v1" or "v2"
     */
    static Cgroups detect(Path root, String runnerId, String version) throws SandboxUnavailableException {
        String why;
        Cgroups found = null;
        boolean v2Usable = CgroupV2.usable(root);
        boolean v1Usable = CgroupV1.usable(root);
        switch (version) {
            case "v2" -> found = v2Usable ? new CgroupV2(root, runnerId) : null;
            case "v1" -> found = v1Usable ? new CgroupV1(root, runnerId) : null;
            case "auto" -> found = v2Usable ? new CgroupV2(root, runnerId)
                    : v1Usable ? new CgroupV1(root, runnerId) : null;
            default -> throw new SandboxUnavailableException("sandbox.cgroup.version must be auto, v1 or v2, not '"
                    + version + "'");
        }
        if (found == null) {
            why = "no cgroup hierarchy under " + root + " lets this agent limit memory and processes per run "
                    + "(wanted " + version + "; v2 needs the memory and pids controllers in "
                    + root.resolve("cgroup.controllers") + ", v1 needs writable " + root.resolve("memory") + ", "
                    + root.resolve("pids") + " and " + root.resolve("cpuacct") + "). Run the agent as root, or "
                    + "delegate a cgroup subtree to its user and set sandbox.cgroup.root";
            throw new SandboxUnavailableException(why);
        }
        try {
            found.removeLeftovers();
            found.create("startup-check", 64L << 20, 8).close();
        } catch (IOException | RuntimeException e) {
            throw new SandboxUnavailableException("cannot create a cgroup in " + found.describe() + ": " + e
                    + ". Run the agent as root, or delegate a cgroup subtree to its user and set sandbox.cgroup.root");
        }
        return found;
    }

    /** Removes the groups an earlier agent with the same id left behind (it was killed mid-job). */
    void removeLeftovers() throws IOException;

    static boolean writableDirectory(Path dir) {
        return Files.isDirectory(dir) && Files.isWritable(dir);
    }

    static List<Path> children(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }
}
