package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** Too many wrong passwords for one account in a row: its next login waits; the answer is 429 with Retry-After. */
@ApplicationException(rollback = true)
public class LoginBackoffException extends RuntimeException {

    private final long retryAfterSeconds;

    public LoginBackoffException(long retryAfterSeconds) {
        super("too many wrong passwords for this account in a row; try again in " + retryAfterSeconds
                + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
