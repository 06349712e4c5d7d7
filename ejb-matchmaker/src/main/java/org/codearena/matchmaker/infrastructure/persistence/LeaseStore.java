package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * The matchmaker lease in PostgreSQL: one row, taken or renewed in one atomic statement. A server that
 * takes it from someone else (or after it expired) increases the fencing epoch; renewing keeps it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class LeaseStore {

    private static final String ACQUIRE_OR_RENEW = "UPDATE matchmaker_lease SET "
            + "epoch = CASE WHEN holder = ? AND expires_at > now() THEN epoch ELSE epoch + 1 END, "
            + "holder = ?, expires_at = now() + ? * interval '1 millisecond' "
            + "WHERE id = 1 AND (holder = ? OR holder IS NULL OR expires_at < now()) RETURNING epoch";
    private static final String RAISE_EPOCH = "UPDATE matchmaker_lease SET epoch = ? + 1 "
            + "WHERE id = 1 AND holder = ? AND epoch <= ? AND expires_at > now() RETURNING epoch";
    private static final String RELEASE = "UPDATE matchmaker_lease SET expires_at = now() WHERE id = 1 AND holder = ?";

    @Resource(lookup = "jdbc/arena")
    private DataSource dataSource;

    /** The epoch if this server holds the lease now (taken or renewed), empty if another server does. */
    public OptionalLong acquireOrRenew(String serverId, long leaseMillis) {
        return updateReturningEpoch(ACQUIRE_OR_RENEW, "take or renew the matchmaker lease", update -> {
            update.setString(1, serverId);
            update.setString(2, serverId);
            update.setLong(3, leaseMillis);
            update.setString(4, serverId);
        });
    }

    /**
     * The holder learned that agents have seen a higher epoch than its own (they outlived a database that
     * was reset): it moves its epoch above that, or agents would refuse every dispatch. Empty if not holder.
     */
    public OptionalLong raiseEpochAbove(String serverId, long seenEpoch) {
        return updateReturningEpoch(RAISE_EPOCH, "raise the matchmaker epoch", update -> {
            update.setLong(1, seenEpoch);
            update.setString(2, serverId);
            update.setLong(3, seenEpoch);
        });
    }

    private interface Parameters {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private OptionalLong updateReturningEpoch(String sql, String what, Parameters parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            parameters.bind(update);
            try (ResultSet row = update.executeQuery()) {
                return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        }
    }

    /** A clean stop lets the next holder take over at once instead of waiting for the expiry. */
    public void release(String serverId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(RELEASE)) {
            connection.setAutoCommit(true);
            update.setString(1, serverId);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not release the matchmaker lease: " + e.getMessage(), e);
        }
    }
}
