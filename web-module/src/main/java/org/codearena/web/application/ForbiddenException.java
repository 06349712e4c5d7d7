package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** The person is signed in but may not do this (403); the message says what they lack. */
@ApplicationException(rollback = false)
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
