package org.codearena.web.interfaces.rest;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.codearena.web.application.InvalidRequestException;

/** Reading numbers and instants from paths, queries and bodies, with a 400 that names the field. */
final class Params {

    private Params() {
    }

    static long number(String what, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new InvalidRequestException(what + " must be a number, not '" + text + "'");
        }
    }

    /** An ISO-8601 instant, or null when absent. */
    static Instant instant(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(field + " must be an ISO-8601 instant such as 2026-12-01T18:00:00Z, not '"
                    + text + "'");
        }
    }
}
