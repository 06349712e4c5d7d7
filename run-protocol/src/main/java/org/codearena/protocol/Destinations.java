package org.codearena.protocol;

/** Names of the Artemis queues and topics shared by the servers and the runner agents. */
public final class Destinations {

    /**
     * A topic: runner agents announce themselves here (register, heartbeat, goodbye). Every server
     * subscribes, so that whichever takes over the matchmaker already knows every agent.
     */
    public static final String RUNNER_CONTROL = "arena.runner.announcements";

    /**
     * A topic between the servers: tickets a non-holder accepted, runners freed by a result another server
     * stored, run changes for browsers connected elsewhere, and the holder's queue depths.
     */
    public static final String CLUSTER = "arena.cluster";

    /** Runner agents send every finished job here. */
    public static final String RESULTS = "arena.results";

    /** Runner agents send each test's outcome here as a judged job goes on (for the live view). */
    public static final String JUDGE_PROGRESS = "arena.judge.progress";

    /** A judged run finished: its submission is scored by the consumer of this queue. */
    public static final String JUDGE_SCORING = "arena.judge.scoring";

    /** A contest submission was scored: the leaderboard consumer updates its participant's standing. */
    public static final String CONTEST_STANDINGS = "arena.contest.standings";

    /** Proctoring uploads (snapshots, events), written down by the consumer of this queue: store, then database. */
    public static final String PROCTORING = "arena.proctoring";

    private static final String RUNNER_QUEUE_PREFIX = "arena.runner.jobs.";

    private Destinations() {
    }

    /** The queue that only the given runner consumes: an operator's stop of the run it executes (a run id). */
    public static String runnerStopQueue(String runnerId) {
        return "arena.runner.stop." + runnerId;
    }

    /** The queue that only the given runner consumes: its jobs. */
    public static String runnerQueue(String runnerId) {
        return RUNNER_QUEUE_PREFIX + runnerId;
    }
}
