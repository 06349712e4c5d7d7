package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/** The name is taken; carries a free one the person can take instead. */
@ApplicationException(rollback = true)
public class UsernameTakenException extends RuntimeException {

    private final String suggestion;

    public UsernameTakenException(String username, String suggestion) {
        super("username '" + username + "' is taken; '" + suggestion + "' is free");
        this.suggestion = suggestion;
    }

    public String suggestion() {
        return suggestion;
    }
}
