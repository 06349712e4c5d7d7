package org.codearena.matchmaker.application;

import jakarta.ejb.ApplicationException;
import org.codearena.domain.model.run.PriorityClass;

/** Backpressure: the class's queue is at its bound; the client should try again later. */
@ApplicationException(rollback = true)
public class QueueFullException extends RuntimeException {

    private final long retryAfterSeconds;

    public QueueFullException(PriorityClass priorityClass, long retryAfterSeconds) {
        super("too many " + priorityClass.name().toLowerCase() + " runs are waiting; try again in "
                + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
