package org.codearena.matchmaker.domain.model;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/** A runner agent as the matchmaker sees it. Mutable, guarded by the matchmaker. */
public final class Runner {

    private final String runnerId;
    private final Set<String> runnerTypes;
    private final String host;
    private Instant lastHeartbeat;
    private Ticket currentJob;
    private Instant assignedAt;
    private boolean acknowledged;
    /** the run the agent said it executes in its latest heartbeat: 0 none, -1 not known */
    private long reportedRunId = -1;
    private long jobsDone;
    private long jobsFailed;
    /** an operator asked it to finish its current job and take no more */
    private boolean draining;
    /** only in the per-runner-queue mode: tickets given to this runner, waiting for it */
    private final Deque<Ticket> ownQueue = new ArrayDeque<>();
    /** where the board keeps it among its runners (-1: not on a board); the board's to set */
    int slot = -1;

    public Runner(String runnerId, Set<String> runnerTypes, String host, Instant registeredAt) {
        this.runnerId = runnerId;
        this.runnerTypes = Set.copyOf(runnerTypes);
        this.host = host;
        this.lastHeartbeat = registeredAt;
    }

    public String runnerId() {
        return runnerId;
    }

    public Set<String> runnerTypes() {
        return runnerTypes;
    }

    public String host() {
        return host;
    }

    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public Ticket currentJob() {
        return currentJob;
    }

    /** The agent reported that it runs its current job. */
    void acknowledge() {
        acknowledged = true;
    }

    boolean acknowledged() {
        return acknowledged;
    }

    public long reportedRunId() {
        return reportedRunId;
    }

    void reported(long runId) {
        if (runId >= 0) {
            reportedRunId = runId;
        }
    }

    public Instant assignedAt() {
        return assignedAt;
    }

    public long jobsDone() {
        return jobsDone;
    }

    public long jobsFailed() {
        return jobsFailed;
    }

    public Deque<Ticket> ownQueue() {
        return ownQueue;
    }

    public boolean isFree() {
        return currentJob == null;
    }

    /** Free, and not draining: a job may be given to it. */
    public boolean takesJobs() {
        return currentJob == null && !draining;
    }

    public boolean isDraining() {
        return draining;
    }

    void drain(boolean on) {
        draining = on;
    }

    public boolean serves(String runnerType) {
        return runnerTypes.contains(runnerType);
    }

    void heartbeatAt(Instant at) {
        lastHeartbeat = at;
    }

    void assign(Ticket ticket, Instant at) {
        currentJob = ticket;
        assignedAt = at;
        acknowledged = false;
    }

    /** Frees the runner if it was working on the given run; returns whether it was. */
    boolean release(long runId, boolean failed) {
        if (currentJob != null && currentJob.runId() == runId) {
            currentJob = null;
            jobsDone++;
            if (failed) {
                jobsFailed++;
            }
            return true;
        }
        return false;
    }

    Ticket takeJobBack() {
        Ticket job = currentJob;
        currentJob = null;
        return job;
    }
}
