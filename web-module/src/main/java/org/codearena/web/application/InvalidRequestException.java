package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** The request is malformed or breaks a rule; the message says which, for a person to read. */
@ApplicationException(rollback = true)
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
