package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Fresh groups without the wait: making and removing a cgroup each take milliseconds of kernel time (a grace
 * period per hierarchy; ~30 ms for the three v1 hierarchies here), so a background thread makes the next groups
 * ahead of time and removes used ones after the run. Every execution still gets a group no process has used:
 * nothing (counters, charged memory) carries over from one run to the next.
 */
public final class CgroupPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CgroupPool.class.getName());
    private static final int READY = 2;

    private final Cgroups cgroups;
    private final BlockingQueue<RunCgroup> ready = new LinkedBlockingQueue<>();
    private final AtomicLong names = new AtomicLong();
    private final ExecutorService keeper = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cgroup-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public CgroupPool(Cgroups cgroups) {
        this.cgroups = cgroups;
        for (int i = 0; i < READY; i++) {
            keeper.execute(this::prepareOne);
        }
    }

    public String describe() {
        return cgroups.describe();
    }

    /** A group no process has used, with these limits. */
    public RunCgroup take(long memoryBytes, long processes) throws IOException {
        RunCgroup group = ready.poll();
        if (group == null) {
            group = cgroups.make(nextName());
        }
        keeper.execute(this::prepareOne);
        try {
            cgroups.limit(group, memoryBytes, processes);
        } catch (IOException | RuntimeException e) {
            release(group);
            throw e;
        }
        return group;
    }

    /** Empties the group now (nothing of the run outlives this call) and removes it in the background. */
    public void release(RunCgroup group) {
        group.empty();
        keeper.execute(group::remove);
    }

    private void prepareOne() {
        try {
            if (ready.size() < READY) {
                ready.add(cgroups.make(nextName()));
            }
        } catch (IOException | RuntimeException e) {
            // take() makes one itself, and says why if it cannot
            LOG.warning(() -> "event=cgroup-prepare-failed cgroups=\"" + cgroups.describe() + "\" error=" + e);
        }
    }

    private String nextName() {
        return "exec-" + names.incrementAndGet();
    }

    @Override
    public void close() {
        keeper.shutdown();
        RunCgroup group;
        while ((group = ready.poll()) != null) {
            group.remove();
        }
    }
}
