package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Control groups v2: one group in the unified hierarchy with the memory and pids controllers, no swap, and
 * memory.oom.group so that the kernel ends the whole run when it runs out of memory.
 */
final class CgroupV2 implements Cgroups {

    private final Path root;
    private final Path parent;

    CgroupV2(Path root, String runnerId) {
        this.root = root;
        this.parent = root.resolve("codearena").resolve(runnerId);
    }

    static boolean usable(Path root) {
        try {
            Path controllers = root.resolve("cgroup.controllers");
            if (!Files.exists(controllers)) {
                return false;
            }
            List<String> available = List.of(Files.readString(controllers).strip().split("\\s+"));
            return available.contains("memory") && available.contains("pids") && Cgroups.writableDirectory(root);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public RunCgroup make(String name) throws IOException {
        enableControllers();
        Group group = new Group(parent.resolve(name));
        Files.createDirectories(group.directory);
        return group;
    }

    @Override
    public void limit(RunCgroup made, long memoryBytes, long processes) throws IOException {
        Path directory = ((Group) made).directory;
        RunCgroup.write(directory.resolve("memory.max"), Long.toString(memoryBytes));
        Path swap = directory.resolve("memory.swap.max");
        if (Files.exists(swap)) {
            RunCgroup.write(swap, "0");
        }
        RunCgroup.write(directory.resolve("memory.oom.group"), "1");
        RunCgroup.write(directory.resolve("pids.max"), Long.toString(processes));
    }

    /** memory and pids must be enabled in every ancestor's subtree_control for a child to have them. */
    private void enableControllers() throws IOException {
        Path codearena = parent.getParent();
        Files.createDirectories(parent);
        for (Path directory : List.of(root, codearena, parent)) {
            Path control = directory.resolve("cgroup.subtree_control");
            String enabled = Files.readString(control);
            if (!enabled.contains("memory") || !enabled.contains("pids")) {
                RunCgroup.write(control, "+memory +pids");
            }
        }
    }

    @Override
    public String describe() {
        return "cgroup v2 (" + parent + ")";
    }

    @Override
    public void removeLeftovers() throws IOException {
        for (Path child : Cgroups.children(parent)) {
            new Group(child).close();
        }
    }

    private static final class Group extends RunCgroup {
        private final Path directory;

        Group(Path directory) {
            this.directory = directory;
        }

        @Override
        protected List<Path> directories() {
            return List.of(directory);
        }

        @Override
        public List<Path> procsFiles() {
            return List.of(directory.resolve("cgroup.procs"));
        }

        @Override
        protected long totalCpuNanos() throws IOException {
            return RunCgroup.readKey(directory.resolve("cpu.stat"), "usage_usec") * 1000;
        }

        @Override
        public long peakMemoryBytes() throws IOException {
            Path peak = directory.resolve("memory.peak");
            // memory.peak came with Linux 5.19; before it, the current figure is the best there is
            return RunCgroup.readLong(Files.exists(peak) ? peak : directory.resolve("memory.current"));
        }

        @Override
        protected long oomKills() throws IOException {
            return RunCgroup.readKey(directory.resolve("memory.events"), "oom_kill");
        }

        @Override
        protected void resetPeak() {
            // memory.peak cannot be reset for later readers (Linux 6.12 resets it only for the open file that wrote
            // to it): the peak includes the few megabytes of a launcher that waited in the group
        }

        @Override
        public void killAll() {
            Path kill = directory.resolve("cgroup.kill");
            if (Files.exists(kill)) {
                try {
                    RunCgroup.write(kill, "1");
                    return;
                } catch (IOException e) {
                    // an older kernel: kill the processes one by one below
                }
            }
            super.killAll();
        }
    }
}
