package org.codearena.loadtest.stats;

/**
 * What happened to one request. Times are nanoseconds since the start of the test, measured on this
 * machine; {@code intendedAt} is when the schedule said to send it, so that a slow system that delays
 * sending is not flattered (coordinated omission).
 *
 * @param kind       OK (verdict OK or success), VERDICT (finished with another verdict), ERROR, TIMEOUT
 * @param verdict    the run's verdict, or the HTTP status for plain requests
 * @param queueWaitMillis accepted-to-started on the server, -1 when unknown
 */
public record Outcome(long sequence, String user, String task, long intendedAt, long sentAt, long doneAt,
                      Kind kind, String verdict, long runId, long queueWaitMillis, String error, String output) {

    public enum Kind { OK, VERDICT, ERROR, TIMEOUT }

    public long roundTripNanos() {
        return doneAt - intendedAt;
    }
}
