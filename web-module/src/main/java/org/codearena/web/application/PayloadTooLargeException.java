package org.codearena.web.application;

public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limitBytes) {
        this(limitBytes, "send less source or stdin");
    }

    /** @param advice what to send instead ("send a smaller JPEG") */
    public PayloadTooLargeException(long limitBytes, String advice) {
        super("request body is larger than the limit of " + limitBytes + " bytes; " + advice);
    }
}
