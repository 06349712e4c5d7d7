package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

@ApplicationException(rollback = true)
public class NotAuthenticatedException extends RuntimeException {

    public NotAuthenticatedException(String message) {
        super(message);
    }
}
