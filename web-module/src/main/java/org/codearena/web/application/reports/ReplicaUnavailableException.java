package org.codearena.web.application.reports;

import jakarta.ejb.ApplicationException;

/** Reports are read from the replica only: when it cannot be reached they say so (503), never read the primary. */
@ApplicationException(rollback = false)
public class ReplicaUnavailableException extends RuntimeException {

    public static final int RETRY_AFTER_SECONDS = 30;

    public ReplicaUnavailableException() {
        super("reports are read from the read replica, which cannot be reached right now; runs, submissions and "
                + "contests are not affected. Try again in a minute (operators: start the replica, or see its log)");
    }
}
