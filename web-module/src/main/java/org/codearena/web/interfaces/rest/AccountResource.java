package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.codearena.domain.model.account.UsernamePolicy;
import org.codearena.web.application.AccountService;
import org.codearena.web.application.mail.MailTexts;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.UsernameRegistry;

@Path("/v1/accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    /** @param suggestionToken from a 409's body, to claim the name it suggested (held for the person) */
    public record SignUp(String username, String email, String password, String suggestionToken) {
    }

    public record Deletion(String password) {
    }

    @EJB
    private AccountService accounts;

    /**
     * Answered asynchronously: the request holds no server thread while its password waits for the hashing
     * pool. A taken name is answered at once (409), before any hashing.
     */
    @POST
    @RateLimited(value = "signup", shared = true)
    public void signUp(SignUp request, @Suspended AsyncResponse response) {
        if (request == null) {
            throw new InvalidRequestException("send {\"username\", \"email\", \"password\"}");
        }
        // the hashing queue is first come first served; a full queue (20,000 at 2 threads) drains within the hour
        response.setTimeout(60, TimeUnit.MINUTES);
        accounts.signUp(request.username(), request.email(), request.password(), request.suggestionToken())
                .whenComplete((account, failure) -> {
                    if (failure != null) {
                        response.resume(failure);
                    } else {
                        response.resume(Response.created(URI.create("/api/v1/accounts/" + account.getUsername()))
                                .entity(Map.of("username", account.getUsername())).build());
                    }
                });
    }

    /** Whether a name is free, for the sign-up page as the person types; nothing is held by asking. */
    @GET
    @Path("/availability")
    @RateLimited(value = "availability", shared = true)
    public Map<String, Object> availability(@QueryParam("username") String username) {
        UsernameRegistry.Availability availability = accounts.availability(username);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("username", UsernamePolicy.key(username));
        body.put("available", availability.available());
        body.put("suggestion", availability.suggestion());
        return body;
    }

    /** Deletes the caller's own account, its tokens and its runs; the name becomes free for others. */
    @DELETE
    @Path("/me")
    @Authenticated
    public Response delete(Deletion request, @Context HttpServletRequest http) {
        accounts.delete(Caller.of(http).accountId(), request == null ? null : request.password());
        HttpSession session = http.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return Response.noContent().build();
    }

    /** {@code language}: of the mail the platform sends you ("en", "fr"; null: the sender's choice). */
    public record MailSettings(String language, Boolean forumDigest) {
    }

    /** The caller's mail settings: the language of their mail, and whether they get the forum's daily digest. */
    @GET
    @Path("/me/settings")
    @Authenticated
    public Map<String, Object> settings(@Context HttpServletRequest http) {
        return accounts.mailSettings(Caller.of(http).accountId());
    }

    @PUT
    @Path("/me/settings")
    @Authenticated
    public Map<String, Object> changeSettings(MailSettings request, @Context HttpServletRequest http) {
        if (request == null || (request.language() == null && request.forumDigest() == null)) {
            throw new InvalidRequestException("send {\"language\": one of " + MailTexts.LANGUAGES
                    + " or \"\" for none, \"forumDigest\": true or false}");
        }
        if (request.language() != null && !request.language().isEmpty()
                && !MailTexts.LANGUAGES.contains(request.language())) {
            throw new InvalidRequestException("language " + request.language() + " has no mail texts: use one of "
                    + MailTexts.LANGUAGES + ", or \"\" to leave it to whoever sends");
        }
        long accountId = Caller.of(http).accountId();
        accounts.changeMailSettings(accountId, request.language(), request.forumDigest());
        return accounts.mailSettings(accountId);
    }
}
