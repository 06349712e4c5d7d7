package org.codearena.protocol;

/** Names of the Artemis queues shared by the server and the runner agents. */
public final class Destinations {

    /** Runner agents announce themselves here: register, heartbeat, goodbye. */
    public static final String RUNNER_CONTROL = "arena.runner.control";

    /** Runner agents send every finished job here. */
    public static final String RESULTS = "arena.results";

    private static final String RUNNER_QUEUE_PREFIX = "arena.runner.jobs.";

    private Destinations() {
    }

    /** The queue that only the given runner consumes: its jobs. */
    public static String runnerQueue(String runnerId) {
        return RUNNER_QUEUE_PREFIX + runnerId;
    }
}
