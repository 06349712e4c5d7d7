package org.codearena.runner.sandbox.cgroup;

import java.io.IOException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Fresh groups without the wait. Making and removing a cgroup each take milliseconds of kernel time (a grace
 * period per hierarchy; ~30 ms for the three v1 hierarchies here) and hold the kernel's cgroup lock, which the
 * next run needs to join its own group: done between a run's steps, they would delay the next step as much as
 * doing them in it. So a keeper thread makes groups ahead of time and removes used ones only while the sandbox is
 * idle (no execution for {@value #IDLE_MILLIS} ms), keeping {@value #READY} ready: a judged submission's tests
 * run one after another without waiting on the kernel. Every execution still gets a group no process has used:
 * nothing (counters, charged memory) carries over from one run to the next.
 */
public final class CgroupPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CgroupPool.class.getName());
    private static final int READY = 16;
    private static final long IDLE_MILLIS = 150;
    private static final long KEEPER_PERIOD_MILLIS = 25;

    private final Cgroups cgroups;
    private final Queue<RunCgroup> ready = new ConcurrentLinkedQueue<>();
    private final Queue<RunCgroup> used = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong lastActivityNanos = new AtomicLong(System.nanoTime());
    private final AtomicLong names = new AtomicLong();
    private final ScheduledExecutorService keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cgroup-keeper");
        thread.setDaemon(true);
        return thread;
    });

    public CgroupPool(Cgroups cgroups) {
        this.cgroups = cgroups;
        keeper.scheduleWithFixedDelay(this::keep, 0, KEEPER_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    public String describe() {
        return cgroups.describe();
    }

    /** A group no process has used, with these limits, for one execution; give it back with {@link #release}. */
    public RunCgroup take(long memoryBytes, long processes) throws IOException {
        inFlight.incrementAndGet();
        lastActivityNanos.set(System.nanoTime());
        try {
            return acquire(memoryBytes, processes);
        } catch (IOException | RuntimeException e) {
            inFlight.decrementAndGet();
            throw e;
        }
    }

    /** Empties the group now (nothing of the run outlives this call); it is removed when the sandbox is idle. */
    public void release(RunCgroup group) {
        try {
            releaseService(group);
        } finally {
            lastActivityNanos.set(System.nanoTime());
            inFlight.decrementAndGet();
        }
    }

    /** A group taken earlier (for a sandbox set up ahead of its run) is now in use: the sandbox is not idle. */
    public void enter(RunCgroup group, long memoryBytes, long processes) throws IOException {
        inFlight.incrementAndGet();
        lastActivityNanos.set(System.nanoTime());
        try {
            cgroups.limit(group, memoryBytes, processes);
        } catch (IOException | RuntimeException e) {
            leave();
            throw e;
        }
    }

    /** The run in a group taken with {@link #takeForService} and {@link #enter} is over. */
    public void leave() {
        lastActivityNanos.set(System.nanoTime());
        inFlight.decrementAndGet();
    }

    /** A group for a long-running service (the warm compiler): it does not keep the sandbox from being idle. */
    public RunCgroup takeForService(long memoryBytes, long processes) throws IOException {
        return acquire(memoryBytes, processes);
    }

    public void releaseService(RunCgroup group) {
        group.empty();
        used.add(group);
    }

    private RunCgroup acquire(long memoryBytes, long processes) throws IOException {
        RunCgroup group = ready.poll();
        if (group == null) {
            // more executions in a row than groups ready: make one now, slowly
            group = cgroups.make(nextName());
        }
        try {
            cgroups.limit(group, memoryBytes, processes);
            return group;
        } catch (IOException | RuntimeException e) {
            releaseService(group);
            throw e;
        }
    }

    /** One step of upkeep, only while nothing runs: remove a used group, or make one more ready. */
    private void keep() {
        try {
            while (idle()) {
                RunCgroup done = used.poll();
                if (done != null) {
                    done.remove();
                } else if (ready.size() < READY) {
                    ready.add(cgroups.make(nextName()));
                } else {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // take() makes one itself, and says why if it cannot
            LOG.warning(() -> "event=cgroup-upkeep-failed cgroups=\"" + cgroups.describe() + "\" error=" + e);
        }
    }

    private boolean idle() {
        return inFlight.get() == 0
                && System.nanoTime() - lastActivityNanos.get() > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    }

    private String nextName() {
        return "exec-" + names.incrementAndGet();
    }

    @Override
    public void close() {
        keeper.shutdownNow();
        RunCgroup group;
        while ((group = ready.poll()) != null) {
            group.remove();
        }
        while ((group = used.poll()) != null) {
            group.remove();
        }
    }
}
