package org.codearena.chat;

/**
 * A chat request refused, with the HTTP status that fits and words a person can act on. An application exception:
 * an enterprise bean that throws it hands it to its caller as it is (not wrapped), and rolls back.
 */
@jakarta.ejb.ApplicationException(rollback = true)
public class ChatException extends RuntimeException {

    private final int status;
    private final long retryAfterSeconds;

    public ChatException(int status, String message) {
        this(status, message, 0);
    }

    public ChatException(int status, String message, long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
