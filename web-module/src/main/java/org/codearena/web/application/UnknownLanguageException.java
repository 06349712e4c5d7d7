package org.codearena.web.application;

import jakarta.ejb.ApplicationException;
import java.util.List;

@ApplicationException(rollback = true)
public class UnknownLanguageException extends InvalidRequestException {

    public UnknownLanguageException(String language, List<String> known) {
        super("unknown language '" + language + "'; choose one of " + String.join(", ", known));
    }
}
