package org.codearena.web.interfaces.rest;

import jakarta.annotation.Priority;
import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import org.codearena.web.application.NotAuthenticatedException;
import org.codearena.web.application.TokenService;

/**
 * Resolves the caller from "Authorization: Bearer …" (API clients; Judge0 clients may send the same token as
 * "X-Auth-Token: …") or the login session (pages).
 */
@Provider
@Authenticated
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {

    static final String JUDGE0_TOKEN_HEADER = "X-Auth-Token";

    /** Whether the request brings its own token (an API client) rather than counting on the page's cookie. */
    static boolean carriesToken(ContainerRequestContext request) {
        return request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || request.getHeaderString(JUDGE0_TOKEN_HEADER) != null;
    }

    @EJB
    private TokenService tokens;

    @EJB
    private org.codearena.web.application.AccountService accounts;

    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        String judge0Token = request.getHeaderString(JUDGE0_TOKEN_HEADER);
        if (header == null && judge0Token != null) {
            // Judge0's clients send the token in a header of their own (the Judge0-compatible API, /judge0/)
            header = "Bearer " + judge0Token;
        }
        if (header != null) {
            if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new NotAuthenticatedException("Authorization header must be 'Bearer <token>'");
            }
            Caller caller = tokens.bearerOf(header.substring(7).strip())
                    .map(Caller::of)
                    .orElseThrow(() -> new NotAuthenticatedException(
                            "your sign-in has expired or the token is unknown: sign in again"));
            request.setProperty(Caller.PROPERTY, caller);
            return;
        }
        HttpSession session = servletRequest.getSession(false);
        Caller caller = session == null ? null : (Caller) session.getAttribute(Caller.PROPERTY);
        if (caller == null) {
            throw new NotAuthenticatedException(
                    "sign in first: log in on the page (an API client sends its token as 'Authorization: Bearer <token>')");
        }
        // the account as it is now: a role taken away, or the account deleted, counts from the next request of an
        // open page too, not only from its next login (one read by primary key)
        Caller current = accounts.current(caller.accountId()).map(Caller::of).orElse(null);
        if (current == null) {
            session.invalidate();
            throw new NotAuthenticatedException("this account does not exist any more; sign up or log in again");
        }
        if (!current.equals(caller)) {
            session.setAttribute(Caller.PROPERTY, current);
        }
        request.setProperty(Caller.PROPERTY, current);
    }
}
