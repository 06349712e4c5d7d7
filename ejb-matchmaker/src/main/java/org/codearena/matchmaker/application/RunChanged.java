package org.codearena.matchmaker.application;

import org.codearena.domain.model.run.Run;

/**
 * A run moved to another status (RUNNING or FINISHED); pushed to whoever watches it. {@code run} is the run as
 * it was just stored, when the sender has it (a FINISHED run in the server that stored it), so that the push
 * in this server need not read it again; it never crosses to other servers, which read the run themselves.
 */
public record RunChanged(long runId, long accountId, String status, Run run) {

    public RunChanged(long runId, long accountId, String status) {
        this(runId, accountId, status, null);
    }
}
