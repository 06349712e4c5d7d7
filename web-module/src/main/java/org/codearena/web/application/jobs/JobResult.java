package org.codearena.web.application.jobs;

/** What a run of a scheduled job came to: OK, or WAITED (it did not run: the replica was too far behind, or down). */
public record JobResult(String outcome, String detail) {

    public static JobResult ok(String detail) {
        return new JobResult("OK", detail);
    }

    public static JobResult waited(String detail) {
        return new JobResult("WAITED", detail);
    }
}
