package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** No submission with that id that the caller may see: 404. */
@ApplicationException(rollback = false)
public class UnknownSubmissionException extends RuntimeException {

    public UnknownSubmissionException(long id) {
        super("no submission " + id + " of yours; My submissions lists the ones you made");
    }
}
