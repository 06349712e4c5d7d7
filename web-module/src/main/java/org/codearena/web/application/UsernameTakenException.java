package org.codearena.web.application;

import jakarta.ejb.ApplicationException;

/**
 * (Nothing to roll back: the suggestion's hold was committed in its own transaction.)
 * The name is taken; carries a free one the person can take instead, held for them: sending the suggested
 * name with the suggestion's token claims it, even while thousands of others ask for the same name.
 */
@ApplicationException(rollback = false)
public class UsernameTakenException extends RuntimeException {

    private final String suggestion;
    private final String suggestionToken;

    public UsernameTakenException(String username, String suggestion, String suggestionToken) {
        super(suggestion == null
                ? "username '" + username + "' is taken, and no name made from it is free; choose another"
                : "username '" + username + "' is taken; '" + suggestion + "' is free and kept for you for a few minutes");
        this.suggestion = suggestion;
        this.suggestionToken = suggestionToken;
    }

    public String suggestion() {
        return suggestion;
    }

    public String suggestionToken() {
        return suggestionToken;
    }
}
