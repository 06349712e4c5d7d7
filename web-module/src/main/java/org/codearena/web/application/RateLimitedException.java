package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** One client asked too often; the answer is 429 with Retry-After. */
@ApplicationException(rollback = true)
public class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    public RateLimitedException(String what, long perMinute, long retryAfterSeconds) {
        super("too many " + switch (what) {
            case "signup" -> "sign-ups";
            case "login" -> "logins";
            case "trial" -> "runs before signing up";
            default -> what + " requests";
        } + " from your address (at most "
                + perMinute + " a minute); try again in " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Busy rather than too often: the message says what to do. */
    public RateLimitedException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
