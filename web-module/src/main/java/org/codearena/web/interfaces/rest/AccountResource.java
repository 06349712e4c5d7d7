package org.codearena.web.interfaces.rest;

import jakarta.ejb.EJB;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.Map;
import org.codearena.domain.model.account.Account;
import org.codearena.web.application.AccountService;
import org.codearena.web.application.InvalidRequestException;

@Path("/v1/accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    public record SignUp(String username, String email, String password) {
    }

    @EJB
    private AccountService accounts;

    @POST
    public Response signUp(SignUp request) {
        if (request == null) {
            throw new InvalidRequestException("send {\"username\", \"email\", \"password\"}");
        }
        Account account = accounts.signUp(request.username(), request.email(), request.password());
        return Response.created(URI.create("/api/v1/accounts/" + account.getUsername()))
                .entity(Map.of("username", account.getUsername())).build();
    }
}
