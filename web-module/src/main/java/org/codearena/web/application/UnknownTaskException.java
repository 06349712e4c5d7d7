package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** No public task with that name: 404. */
@ApplicationException(rollback = false)
public class UnknownTaskException extends RuntimeException {

    public UnknownTaskException(String slug) {
        super("no task '" + slug + "'; the task list on the home page shows the tasks there are");
    }
}
