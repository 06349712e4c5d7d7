package org.codearena.web.application;

public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limitBytes) {
        super("request body is larger than the limit of " + limitBytes + " bytes; "
                + "send less source or stdin");
    }
}
