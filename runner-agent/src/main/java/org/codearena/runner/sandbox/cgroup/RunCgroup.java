package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Logger;

/**
 * One execution's control group (in one or several hierarchies). The sandbox's launcher writes its own process
 * id into every {@link #procsFiles()} before it starts anything, so that all the program's processes are born
 * inside it.
 */
public abstract class RunCgroup implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RunCgroup.class.getName());
    private static final long EMPTY_WAIT_MILLIS = 2000;

    /** The cgroup.procs files to join, one per hierarchy. */
    public abstract List<Path> procsFiles();

    private long cpuBaselineNanos;
    private long oomKillsBaseline;

    /** CPU time of every process that ran in the group since {@link #startAccounting}, user and system. */
    public long cpuNanos() throws IOException {
        return totalCpuNanos() - cpuBaselineNanos;
    }

    /** Whether the kernel killed a process of the group since {@link #startAccounting} for reaching its limit. */
    public boolean oomKilled() throws IOException {
        return oomKills() > oomKillsBaseline;
    }

    /**
     * Counts from now: for a group whose processes were started before the work it measures (a sandbox set up
     * ahead of its program). The peak memory starts again from what the group holds now, where the kernel allows.
     */
    public void startAccounting() throws IOException {
        cpuBaselineNanos = totalCpuNanos();
        oomKillsBaseline = oomKills();
        resetPeak();
    }

    /** The most memory the group held at once (anonymous, tmpfs and page cache it brought in). */
    public abstract long peakMemoryBytes() throws IOException;

    protected abstract long totalCpuNanos() throws IOException;

    protected abstract long oomKills() throws IOException;

    protected abstract void resetPeak() throws IOException;

    /** The directories of the group, one per hierarchy; the first one's cgroup.procs lists its processes. */
    protected abstract List<Path> directories();

    /** Kills every process still in the group. */
    public void killAll() {
        for (long pid : processes()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private List<Long> processes() {
        try {
            return Files.readAllLines(directories().get(0).resolve("cgroup.procs")).stream()
                    .filter(line -> !line.isBlank()).map(line -> Long.parseLong(line.strip())).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Kills what is left and waits (up to two seconds) until the group has no process. */
    public void empty() {
        long deadline = System.currentTimeMillis() + EMPTY_WAIT_MILLIS;
        List<Long> left = processes();
        while (!left.isEmpty() && System.currentTimeMillis() < deadline) {
            killAll();
            sleepBriefly();
            left = processes();
        }
    }

    /** Removes the (empty) group from every hierarchy. Slow, like making it. */
    public void remove() {
        for (Path directory : directories()) {
            remove(directory);
        }
    }

    /** Kills what is left, waits until the group is empty and removes it. */
    @Override
    public void close() {
        empty();
        remove();
    }

    static void remove(Path directory) {
        try {
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            LOG.warning(() -> "event=cgroup-remove-failed dir=" + directory + " error=" + e);
        }
    }

    static long readLong(Path file) throws IOException {
        String text = Files.readString(file).strip();
        return "max".equals(text) ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** The number after {@code key} in a flat keyed file such as memory.events or cpu.stat; 0 if absent. */
    static long readKey(Path file, String key) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2 && parts[0].equals(key)) {
                return Long.parseLong(parts[1]);
            }
        }
        return 0;
    }

    static void write(Path file, String value) throws IOException {
        Files.writeString(file, value);
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
