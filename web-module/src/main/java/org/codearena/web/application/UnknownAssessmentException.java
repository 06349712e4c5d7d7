package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** No such assessment, candidate or link for this person: 404 with the message. */
@ApplicationException(rollback = false)
public class UnknownAssessmentException extends RuntimeException {

    public UnknownAssessmentException(String message) {
        super(message);
    }
}
