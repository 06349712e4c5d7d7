package org.codearena.web.interfaces.web;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import java.util.logging.Logger;
import org.codearena.web.application.TokenService;
import org.codearena.web.interfaces.rest.Caller;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes a page's login session again on a server that does not know it, from the login cookie ({@link LoginCookie}):
 * one read in PostgreSQL when the session is missing, none otherwise. A request without the cookie, or with a
 * session that has its caller, passes untouched. A cookie whose token expired or was revoked is deleted. Declared in
 * web.xml, so that it runs before the filters that send a visitor without a login to the login page.
 */
public class SessionRestoreFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(SessionRestoreFilter.class.getName());

    @EJB
    private TokenService tokens;

    @Inject
    LoginSessions loginSessions;

    @Inject
    @ConfigProperty(name = "codearena.cookie.secure", defaultValue = "false")
    boolean secureCookie;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String token = LoginCookie.of(request);
        if (token != null) {
            HttpSession session = request.getSession(false);
            if (session == null || session.getAttribute(Caller.PROPERTY) == null) {
                restore(token, request, response);
            }
        }
        chain.doFilter(request, response);
    }

    private void restore(String token, HttpServletRequest request, HttpServletResponse response) {
        Optional<TokenService.Bearer> bearer;
        try {
            bearer = tokens.bearerOf(token);
        } catch (RuntimeException e) {
            // the database is away: the request goes on without a login and says so in its own way
            LOG.warning(() -> "event=session-restore-failed error=" + e.getMessage());
            return;
        }
        if (bearer.isPresent()) {
            // a session of its own, never one whose id the request brought (no session fixation)
            HttpSession existing = request.getSession(false);
            if (existing != null) {
                existing.invalidate();
            }
            HttpSession session = request.getSession(true);
            session.setAttribute(Caller.PROPERTY, Caller.of(bearer.get()));
            loginSessions.bind(session, token);
            LOG.fine(() -> "event=session-restored accountId=" + bearer.get().accountId());
        } else {
            response.addHeader("Set-Cookie", LoginCookie.expired(secureCookie));
        }
    }
}
