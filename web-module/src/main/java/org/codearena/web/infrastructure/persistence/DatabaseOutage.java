package org.codearena.web.infrastructure.persistence;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells a failure because PostgreSQL cannot be reached (stopped, restarting, its connections used up) from
 * any other: the first is answered 503 with a time to come back, and Liberty's pool connects again by itself
 * when the database is back; the second stays a 500.
 */
public final class DatabaseOutage {

    /** what a client is told: nothing was done, and when to try again */
    public static final String MESSAGE = "CodeArena's database cannot be reached at the moment, so this request "
            + "was not carried out (nothing was changed); try again in a few seconds";
    public static final int RETRY_AFTER_SECONDS = 5;

    private DatabaseOutage() {
    }

    /** Whether anything in the chain of causes says the database could not be reached. */
    public static boolean causedBy(Throwable thrown) {
        int depth = 0;
        for (Throwable cause = thrown; cause != null && depth < 32; cause = cause.getCause(), depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                // 08: connection exception; 57P01-03: the server is shutting down or starting up
                return true;
            }
            if (cause.getClass().getSimpleName().equals("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }
}
