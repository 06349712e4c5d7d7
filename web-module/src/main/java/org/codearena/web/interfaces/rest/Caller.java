package org.codearena.web.interfaces.rest;

import java.util.Set;
import org.codearena.domain.model.account.Account;

/** The signed-in person behind a request, with the roles they have now (read again on every request). */
public record Caller(long accountId, String username, Set<String> roles) implements java.io.Serializable {

    public static final String PROPERTY = Caller.class.getName();

    public static final String ADMIN = "ADMIN";
    public static final String RECRUITER = "RECRUITER";

    public Caller {
        roles = Set.copyOf(roles);
    }

    public static Caller of(Account account) {
        return new Caller(account.getId(), account.getUsername(), account.getRoles());
    }

    public static Caller of(org.codearena.web.application.TokenService.Bearer bearer) {
        return new Caller(bearer.accountId(), bearer.username(), bearer.roles());
    }

    /** The caller that the authentication filter put on this request (request properties are its attributes). */
    public static Caller of(jakarta.servlet.http.HttpServletRequest request) {
        return (Caller) request.getAttribute(PROPERTY);
    }

    /** Throws 403 with a message unless the caller has the role. */
    public Caller require(String role) {
        if (!roles.contains(role)) {
            // said to a person: who to ask, not a command they cannot run
            throw new org.codearena.web.application.ForbiddenException("this needs the " + role + " role, which "
                    + username + " does not have; ask the people who run this CodeArena to give it to you");
        }
        return this;
    }
}
