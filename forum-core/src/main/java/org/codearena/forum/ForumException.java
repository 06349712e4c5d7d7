package org.codearena.forum;

import jakarta.ejb.ApplicationException;

/**
 * A forum request that cannot be done, with the HTTP status that says why and a message that says what to do. An
 * application exception: thrown out of an EJB it arrives as itself, and rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class ForumException extends RuntimeException {

    public enum Kind {
        INVALID(400), NOT_SIGNED_IN(401), FORBIDDEN(403), NOT_FOUND(404), CONFLICT(409), TOO_MANY(429);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    private final Kind kind;
    private final long retryAfterSeconds;

    public ForumException(Kind kind, String message) {
        this(kind, message, 0);
    }

    public ForumException(Kind kind, String message, long retryAfterSeconds) {
        super(message);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return kind.status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ForumException invalid(String message) {
        return new ForumException(Kind.INVALID, message);
    }

    static ForumException notFound(String message) {
        return new ForumException(Kind.NOT_FOUND, message);
    }

    static ForumException forbidden(String message) {
        return new ForumException(Kind.FORBIDDEN, message);
    }
}
