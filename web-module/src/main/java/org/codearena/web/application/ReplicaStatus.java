package org.codearena.web.application;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.codearena.web.infrastructure.persistence.DatabaseOutage;

/** The read replica as operators see it: reachable or not, and how far its replay is behind. */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ReplicaStatus {

    /** Read on the replica itself: how far its replay is behind what it has received, and since when. */
    private static final String REPLICA_LAG = "select pg_is_in_recovery(), "
            + "case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0 "
            + "else extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 end, "
            + "pg_last_xact_replay_timestamp()";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replica;

    /** Whether a job may read the replica now: reachable and at most so far behind; if not, why. */
    public record Freshness(boolean usable, long lagMillis, String reason) {
    }

    public Freshness fresh(int maxLagSeconds) throws SQLException {
        Map<String, Object> lag = now();
        if (!Boolean.TRUE.equals(lag.get("reachable"))) {
            return new Freshness(false, -1, "the read replica cannot be reached: nothing read, nothing sent; the next "
                    + "turn tries again");
        }
        long lagMillis = ((Number) lag.get("lagMillis")).longValue();
        if (lagMillis > maxLagSeconds * 1000L) {
            return new Freshness(false, lagMillis, "the read replica is " + lagMillis / 1000 + " s behind (at most "
                    + maxLagSeconds + " s): nothing sent; the next turn tries again");
        }
        return new Freshness(true, lagMillis, null);
    }

    /** {"reachable", "inRecovery", "lagMillis", "lastReplayedAt"} or {"reachable": false, "error"}. */
    public Map<String, Object> now() throws SQLException {
        try (Connection connection = replica.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(REPLICA_LAG)) {
            row.next();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reachable", true);
            view.put("inRecovery", row.getBoolean(1));
            view.put("lagMillis", Math.round(row.getDouble(2)));
            view.put("lastReplayedAt", String.valueOf(row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant()));
            return view;
        } catch (SQLException e) {
            if (!DatabaseOutage.causedBy(e)) {
                throw e;
            }
            // nothing on the request path reads the replica: the platform goes on without it
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("reachable", false);
            view.put("error", "the read replica cannot be reached; runs, submissions and contests go on without "
                    + "it. Start the replica again, or see its log");
            return view;
        }
    }
}
