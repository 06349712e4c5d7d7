package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** No such run, or not this person's: both answer 404 so that ids of others' runs leak nothing. */
@ApplicationException(rollback = true)
public class UnknownRunException extends RuntimeException {

    public UnknownRunException(long runId) {
        super("no run " + runId);
    }
}
