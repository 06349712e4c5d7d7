package org.codearena.web.infrastructure.persistence;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tells a failure because PostgreSQL cannot be reached (stopped, restarting, its connections used up) from
 * any other: the first is answered 503 with a time to come back, and Liberty's pool connects again by itself
 * when the database is back; the second stays a 500.
 *
 * <p>While the database goes away or comes back, some failures no longer carry the driver's words: a commit
 * that the transaction manager rolled back because its connection died says only "rolled back". A failure of
 * the data layer (an SQL, persistence or transaction exception) within {@value #AFTER_OUTAGE_SECONDS} s of a
 * failure that did say so is counted as the same outage: the transaction did not commit, so nothing changed.
 */
public final class DatabaseOutage {

    /** what a client is told: nothing was done, and when to try again */
    public static final String MESSAGE = "CodeArena's database cannot be reached at the moment, so this request "
            + "was not carried out (nothing was changed); try again in a few seconds";
    public static final int RETRY_AFTER_SECONDS = 5;
    static final int AFTER_OUTAGE_SECONDS = 15;

    private static final AtomicLong LAST_SEEN_NANOS = new AtomicLong(System.nanoTime() - 3_600_000_000_000L);

    private DatabaseOutage() {
    }

    /** Whether the failure is the database's absence (and, if it says so itself, remembers when it was seen). */
    public static boolean causedBy(Throwable thrown) {
        if (saysUnreachable(thrown)) {
            LAST_SEEN_NANOS.set(System.nanoTime());
            return true;
        }
        return dataLayerFailure(thrown)
                && System.nanoTime() - LAST_SEEN_NANOS.get() < AFTER_OUTAGE_SECONDS * 1_000_000_000L;
    }

    /** Whether anything in the chain of causes says the database could not be reached. */
    static boolean saysUnreachable(Throwable thrown) {
        int depth = 0;
        for (Throwable cause = thrown; cause != null && depth < 32; cause = next(cause), depth++) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLRecoverableException || cause instanceof java.net.ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                // 08: connection exception; 57P01-03: the server is shutting down or starting up
                return true;
            }
            String name = cause.getClass().getSimpleName();
            if (name.equals("JDBCConnectionException") || name.equals("StaleConnectionException")) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && (message.contains("DSRA9110E") || message.contains("I/O error occurred while sending"))) {
                // Liberty: the pooled connection was closed under the request; the driver: the socket broke
                return true;
            }
            if (cause instanceof javax.transaction.xa.XAException xa && (xa.errorCode == javax.transaction.xa.XAException.XAER_RMFAIL
                    || xa.errorCode == javax.transaction.xa.XAException.XAER_RMERR)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure came out of the data layer at all (and not, say, from a bug in a resource). */
    static boolean dataLayerFailure(Throwable thrown) {
        int depth = 0;
        for (Throwable cause = thrown; cause != null && depth < 32; cause = next(cause), depth++) {
            String type = cause.getClass().getName();
            if (cause instanceof SQLException || cause instanceof jakarta.persistence.PersistenceException
                    || cause instanceof javax.transaction.xa.XAException || type.startsWith("jakarta.transaction.")
                    || type.startsWith("org.hibernate.") || cause instanceof jakarta.ejb.EJBTransactionRolledbackException) {
                return true;
            }
        }
        return false;
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof SQLException sql && sql.getNextException() != null && cause.getCause() == null) {
            return sql.getNextException();
        }
        return cause.getCause();
    }
}
