package org.codearena.web.application;

import jakarta.ejb.ApplicationException;
import org.codearena.domain.model.run.PriorityClass;

/** One person has as many runs of a class waiting as one person may: 429, so that no one fills a class alone. */
@ApplicationException(rollback = true)
public class PersonalQueueFullException extends RuntimeException {

    static final long RETRY_AFTER_SECONDS = 5;

    public PersonalQueueFullException(PriorityClass priorityClass, long waiting, long limit) {
        super("you already have " + waiting + " " + priorityClass.name().toLowerCase() + " runs waiting (at most "
                + limit + " per person); send more once they have started");
    }

    public long retryAfterSeconds() {
        return RETRY_AFTER_SECONDS;
    }
}
