package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** No such assessment, candidate, link or contest (for this person): 404 with the message. */
@ApplicationException(rollback = false)
public class UnknownResourceException extends RuntimeException {

    public UnknownResourceException(String message) {
        super(message);
    }
}
