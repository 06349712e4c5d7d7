package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** The request is fine but the state does not allow it now (409); the message says what to do. */
@ApplicationException(rollback = false)
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
