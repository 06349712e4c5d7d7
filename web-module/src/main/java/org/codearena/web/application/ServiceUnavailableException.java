package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** A part the request needs (the broker, the store) cannot be reached: 503, with when to try again. */
@ApplicationException(rollback = true)
public class ServiceUnavailableException extends RuntimeException {

    private final int retryAfterSeconds;

    public ServiceUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
