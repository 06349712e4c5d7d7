package org.codearena.web.interfaces.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The page login's second half: beside the HTTP session (held in memory by the server that made it), a cookie with a
 * sign-in token that any server can check in PostgreSQL. When a request reaches a server that does not know its
 * session (the one that made it was stopped or killed, and the load balancer sent the browser elsewhere), that server
 * makes the session again from this cookie ({@link SessionRestoreFilter}): the person stays signed in. Not readable
 * by scripts, not sent with requests other sites start (besides links), sent over HTTPS only when
 * codearena.cookie.secure is set, and gone when the browser closes; logging out revokes its token.
 */
public final class LoginCookie {

    public static final String NAME = org.codearena.forum.SignedInDirectory.LOGIN_COOKIE;

    private LoginCookie() {
    }

    /**
     * The Set-Cookie header that carries a fresh login's token. Written out rather than made by JAX-RS's NewCookie,
     * which writes a version-1 cookie with a quoted path ({@code Path="/"}) that browsers do not read as "/".
     */
    public static String issued(String token, boolean secure) {
        return NAME + "=" + token + "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The Set-Cookie header that makes the browser forget it. */
    public static String expired(boolean secure) {
        return NAME + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }

    /** The token a request carries in the cookie, or null. */
    public static String of(HttpServletRequest request) {
        return org.codearena.forum.SignedInDirectory.loginToken(request);
    }
}
