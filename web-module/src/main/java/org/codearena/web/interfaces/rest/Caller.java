package org.codearena.web.interfaces.rest;

/** The signed-in person behind a request. */
public record Caller(long accountId, String username) implements java.io.Serializable {

    public static final String PROPERTY = Caller.class.getName();

    /** The caller that the authentication filter put on this request (request properties are its attributes). */
    public static Caller of(jakarta.servlet.http.HttpServletRequest request) {
        return (Caller) request.getAttribute(PROPERTY);
    }
}
