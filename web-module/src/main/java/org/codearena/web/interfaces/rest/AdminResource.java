package org.codearena.web.interfaces.rest;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;

/** Operator views. Roles arrive with the admin console; until then any signed-in person may read them. */
@Path("/v1/admin")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    /** Read on the replica itself: how far its replay is behind what it has received, and since when. */
    private static final String REPLICA_LAG = "select pg_is_in_recovery(), "
            + "case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0 "
            + "else extract(epoch from now() - pg_last_xact_replay_timestamp()) * 1000 end, "
            + "pg_last_xact_replay_timestamp()";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replica;

    @EJB
    private Matchmaker matchmaker;

    @GET
    @Path("/replica")
    public Map<String, Object> replica() throws SQLException {
        try (Connection connection = replica.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(REPLICA_LAG)) {
            row.next();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("inRecovery", row.getBoolean(1));
            view.put("lagMillis", Math.round(row.getDouble(2)));
            view.put("lastReplayedAt", String.valueOf(row.getTimestamp(3) == null ? null : row.getTimestamp(3).toInstant()));
            return view;
        }
    }

    @GET
    @Path("/matchmaker")
    public MatchmakerSnapshot matchmaker() {
        return matchmaker.snapshot();
    }
}
