package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.codearena.domain.model.account.Account;
import org.codearena.web.application.AccountService;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.NotAuthenticatedException;
import org.codearena.web.application.TokenService;
import org.codearena.web.interfaces.web.LoginCookie;
import org.codearena.web.interfaces.web.LoginSessions;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Tokens for API clients; a login session for the pages. */
@Path("/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record Credentials(String username, String password) {
    }

    /** a login waits at most this long for the hashing queue (a full queue is refused at once) */
    private static final long LOGIN_TIMEOUT_MINUTES = 10;

    @EJB
    private AccountService accounts;

    @EJB
    private TokenService tokens;

    @Inject
    LoginSessions loginSessions;

    @Inject
    @ConfigProperty(name = "codearena.cookie.secure", defaultValue = "false")
    boolean secureCookie;

    /**
     * Logins are answered asynchronously: the request holds no server thread while its password waits for the
     * hashing pool, so a flood of logins queues there and every other request is served as usual.
     */
    @POST
    @Path("/token")
    @RateLimited(value = "login", shared = true)
    public void token(Credentials credentials, @Suspended AsyncResponse response) {
        whenChecked(credentials, response, account -> Map.of("token", tokens.issue(account)));
    }

    @POST
    @Path("/session")
    @RateLimited(value = "login", shared = true)
    public void logIn(Credentials credentials, @Context HttpServletRequest context, @Suspended AsyncResponse response) {
        // the injected request is a proxy that works on this thread only; the login completes on the hashing
        // pool's, so it takes the servlet request itself, which stays valid until the answer is sent
        HttpServletRequest request = context.isAsyncStarted()
                ? (HttpServletRequest) context.getAsyncContext().getRequest() : context;
        whenChecked(credentials, response, account -> {
            HttpSession old = request.getSession(false);
            if (old != null) {
                old.invalidate();
            }
            // a fresh session id at login: no session fixation
            HttpSession session = request.getSession(true);
            session.setAttribute(Caller.PROPERTY, Caller.of(account));
            // and the login cookie, from which any other server makes the session again if this one goes away
            String token = tokens.issue(account);
            loginSessions.bind(session, token);
            return Response.ok(Map.of("username", account.getUsername()))
                    .header("Set-Cookie", LoginCookie.issued(token, secureCookie)).build();
        });
    }

    @DELETE
    @Path("/session")
    public Response logOut(@Context HttpServletRequest request, @CookieParam(LoginCookie.NAME) String loginToken) {
        // the token first: a request of this browser between the two would otherwise make the session again from it
        if (loginToken != null && !loginToken.isEmpty()) {
            tokens.revoke(loginToken);
            // and every session of this login, here and on the other servers (those the cookie made again there)
            loginSessions.loggedOut(loginToken);
        }
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().header("Set-Cookie", LoginCookie.expired(secureCookie)).build();
    }

    @GET
    @Path("/me")
    @Authenticated
    public Map<String, Object> me(@Context HttpServletRequest request) {
        Caller caller = Caller.of(request);
        // the roles let each page show only what this person can use (Assessments for recruiters, ...)
        return Map.of("username", caller.username(), "roles", caller.roles().stream().sorted().toList());
    }

    /** Answers the login with what {@code answer} makes of the account, or with the failure (mapped by ErrorMapper). */
    private void whenChecked(Credentials credentials, AsyncResponse response, Function<Account, Object> answer) {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw new InvalidRequestException("send {\"username\", \"password\"}");
        }
        response.setTimeout(LOGIN_TIMEOUT_MINUTES, TimeUnit.MINUTES);
        accounts.authenticate(credentials.username(), credentials.password()).whenComplete((account, failure) -> {
            try {
                if (failure != null) {
                    response.resume(failure);
                } else if (account.isEmpty()) {
                    response.resume(new NotAuthenticatedException("wrong username or password"));
                } else {
                    response.resume(answer.apply(account.get()));
                }
            } catch (RuntimeException e) {
                response.resume(e);
            }
        });
    }
}
