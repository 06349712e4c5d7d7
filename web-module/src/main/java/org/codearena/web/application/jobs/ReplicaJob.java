package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.codearena.web.application.ReplicaStatus;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What every job that reads the replica shares: it runs only while the replica is reachable and at most
 * {@code codearena.jobs.replica.max.lag.seconds} behind, and the links it puts in mail point at
 * {@code codearena.public.url}. Its reads go to the replica, or to the primary while the replica is away or
 * behind ({@link #source()}, {@link #read}).
 */
abstract class ReplicaJob {

    /** Work on a JDBC connection. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** Where a job's reads go. */
    enum Source {
        REPLICA, PRIMARY;

        /** "replica" or "primary", as jobs report it. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replicaData;

    /** The primary on a connection of its own: outside a transaction, in autocommit (one snapshot per statement). */
    @Resource(lookup = "jdbc/arena", shareable = false)
    private DataSource primaryData;

    @EJB
    private ReplicaStatus replicaStatus;

    @Inject
    @ConfigProperty(name = "codearena.jobs.replica.max.lag.seconds", defaultValue = "60")
    int maxLagSeconds;

    @Inject
    @ConfigProperty(name = "codearena.public.url", defaultValue = "http://localhost:9080")
    String publicUrl;

    /** The replica now: usable (and how far behind), or why the job waits for its next turn. */
    ReplicaStatus.Freshness replica() throws SQLException {
        return replicaStatus.fresh(maxLagSeconds);
    }

    /** The replica when it is usable now, else the primary. */
    Source source() throws SQLException {
        return replica().usable() ? Source.REPLICA : Source.PRIMARY;
    }

    /**
     * Reads on a connection of its own from the source. Called outside a transaction, a read of the primary is in
     * autocommit; a job that must read the primary under its own locks reads through its transaction instead.
     */
    <T> T read(Source source, ConnectionWork<T> work) throws SQLException {
        try (Connection connection = (source == Source.REPLICA ? replicaData : primaryData).getConnection()) {
            return work.apply(connection);
        }
    }

    /** The site's address without a trailing slash. */
    String site() {
        return publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }
}
