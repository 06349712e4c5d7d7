package org.codearena.runner.execution;

import java.util.concurrent.atomic.AtomicLong;

/**
 * An operator's stop for the run this agent executes now: the request names a run; if it is the current one, the
 * switch remembers it and ends what runs in the sandbox at once ({@code kill}); the executor then stops before the
 * next step and reports the verdict STOPPED. A request for another run (finished meanwhile) is ignored.
 */
public final class StopSwitch {

    private final Runnable kill;
    private final AtomicLong current = new AtomicLong();
    private final AtomicLong requested = new AtomicLong();

    public StopSwitch(Runnable kill) {
        this.kill = kill;
    }

    /** The agent starts executing the run (0: none any more). */
    public void running(long runId) {
        current.set(runId);
        requested.set(0);
    }

    /** Returns whether the run was the current one (and is being stopped). */
    public boolean request(long runId) {
        if (runId == 0 || current.get() != runId) {
            return false;
        }
        requested.set(runId);
        kill.run();
        return true;
    }

    public boolean requested(long runId) {
        return runId != 0 && requested.get() == runId;
    }
}
