package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Control groups v1: a group in each of the memory, pids and cpuacct hierarchies. Swap is limited with memory
 * where the kernel accounts it (memsw), so a program cannot page its way past the limit.
 */
final class CgroupV1 implements Cgroups {

    private final Path memory;
    private final Path pids;
    private final Path cpuacct;

    CgroupV1(Path root, String runnerId) {
        this.memory = root.resolve("memory/codearena").resolve(runnerId);
        this.pids = root.resolve("pids/codearena").resolve(runnerId);
        this.cpuacct = root.resolve("cpuacct/codearena").resolve(runnerId);
    }

    static boolean usable(Path root) {
        return Files.exists(root.resolve("memory/memory.limit_in_bytes"))
                && Files.exists(root.resolve("pids/cgroup.procs"))
                && Files.exists(root.resolve("cpuacct/cpuacct.usage"))
                && Cgroups.writableDirectory(root.resolve("memory"))
                && Cgroups.writableDirectory(root.resolve("pids"))
                && Cgroups.writableDirectory(root.resolve("cpuacct"));
    }

    @Override
    public RunCgroup make(String name) throws IOException {
        Group group = new Group(memory.resolve(name), pids.resolve(name), cpuacct.resolve(name));
        try {
            for (Path directory : group.directories()) {
                Files.createDirectories(directory);
            }
        } catch (IOException | RuntimeException e) {
            group.close();
            throw e;
        }
        return group;
    }

    @Override
    public void limit(RunCgroup made, long memoryBytes, long processes) throws IOException {
        Group group = (Group) made;
        Path memory = group.memory.resolve("memory.limit_in_bytes");
        Path memsw = group.memory.resolve("memory.memsw.limit_in_bytes");
        // the memory limit may never be above memory+swap: raise the latter first, lower it last
        boolean raising = Files.exists(memsw) && memoryBytes > RunCgroup.readLong(memsw);
        if (raising) {
            RunCgroup.write(memsw, Long.toString(memoryBytes));
        }
        RunCgroup.write(memory, Long.toString(memoryBytes));
        if (Files.exists(memsw) && !raising) {
            RunCgroup.write(memsw, Long.toString(memoryBytes));
        }
        RunCgroup.write(group.pids.resolve("pids.max"), Long.toString(processes));
    }

    @Override
    public String describe() {
        return "cgroup v1 (" + memory + ", " + pids + ", " + cpuacct + ")";
    }

    @Override
    public void removeLeftovers() throws IOException {
        for (Path parent : List.of(memory, pids, cpuacct)) {
            for (Path child : Cgroups.children(parent)) {
                new Group(memory.resolve(child.getFileName()), pids.resolve(child.getFileName()),
                        cpuacct.resolve(child.getFileName())).close();
            }
        }
    }

    private static final class Group extends RunCgroup {
        private final Path memory;
        private final Path pids;
        private final Path cpuacct;

        Group(Path memory, Path pids, Path cpuacct) {
            this.memory = memory;
            this.pids = pids;
            this.cpuacct = cpuacct;
        }

        @Override
        protected List<Path> directories() {
            return List.of(memory, pids, cpuacct);
        }

        @Override
        public List<Path> procsFiles() {
            return directories().stream().map(directory -> directory.resolve("cgroup.procs")).toList();
        }

        @Override
        protected long totalCpuNanos() throws IOException {
            return RunCgroup.readLong(cpuacct.resolve("cpuacct.usage"));
        }

        @Override
        public long peakMemoryBytes() throws IOException {
            return RunCgroup.readLong(memory.resolve("memory.max_usage_in_bytes"));
        }

        @Override
        protected long oomKills() throws IOException {
            return RunCgroup.readKey(memory.resolve("memory.oom_control"), "oom_kill");
        }

        @Override
        protected void resetPeak() throws IOException {
            // writing to it sets it to the current usage
            RunCgroup.write(memory.resolve("memory.max_usage_in_bytes"), "0");
        }
    }
}
