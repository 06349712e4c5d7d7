package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.codearena.domain.model.account.Account;
import org.codearena.web.application.AccountService;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.NotAuthenticatedException;
import org.codearena.web.application.TokenService;

/** Tokens for API clients; a login session for the pages. */
@Path("/v1/auth")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    public record Credentials(String username, String password) {
    }

    @EJB
    private AccountService accounts;

    @EJB
    private TokenService tokens;

    @POST
    @Path("/token")
    @RateLimited("login")
    public Map<String, String> token(Credentials credentials) {
        return Map.of("token", tokens.issue(check(credentials)));
    }

    @POST
    @Path("/session")
    @RateLimited("login")
    public Map<String, String> logIn(Credentials credentials, @Context HttpServletRequest request) {
        Account account = check(credentials);
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        // a fresh session id at login: no session fixation
        request.getSession(true).setAttribute(Caller.PROPERTY, Caller.of(account));
        return Map.of("username", account.getUsername());
    }

    @DELETE
    @Path("/session")
    public Response logOut(@Context HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/me")
    @Authenticated
    public Map<String, String> me(@Context HttpServletRequest request) {
        return Map.of("username", Caller.of(request).username());
    }

    private Account check(Credentials credentials) {
        if (credentials == null || credentials.username() == null || credentials.password() == null) {
            throw new InvalidRequestException("send {\"username\", \"password\"}");
        }
        return accounts.authenticate(credentials.username(), credentials.password())
                .orElseThrow(() -> new NotAuthenticatedException("wrong username or password"));
    }
}
