package org.codearena.runner.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.codearena.runner.sandbox.cgroup.RunCgroup;

/**
 * A long-running helper in a sandbox of its own (the warm compiler): its pipes, and what its cgroup counts.
 * Closing it kills everything it started.
 */
public final class SandboxedService implements AutoCloseable {

    private final Process process;
    private final RunCgroup group;
    private final Runnable stop;

    SandboxedService(Process process, RunCgroup group, Runnable stop) {
        this.process = process;
        this.group = group;
        this.stop = stop;
    }

    public OutputStream input() {
        return process.getOutputStream();
    }

    public InputStream output() {
        return process.getInputStream();
    }

    public InputStream errors() {
        return process.getErrorStream();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** CPU time of all its processes so far (0 without cgroups). */
    public long cpuNanos() throws IOException {
        return group == null ? 0 : group.cpuNanos();
    }

    public boolean outOfMemory() throws IOException {
        return group != null && group.oomKilled();
    }

    @Override
    public void close() {
        stop.run();
    }
}
