package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The streaming replica: what is written on the primary can be read back from the replica. */
class ReplicationIT {

    private static Connection connect(String urlProperty) throws SQLException {
        return DriverManager.getConnection(System.getProperty(urlProperty),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
    }

    @Test
    void rowWrittenOnPrimaryIsReadFromReplica() throws SQLException {
        String username = ArenaClient.uniqueName("repl");
        try (Connection primary = connect("codearena.db.url");
             PreparedStatement insert = primary.prepareStatement("insert into account "
                     + "(username, username_key, email, password_hash, created_at) values (?, ?, ?, 'x', now())")) {
            insert.setString(1, username);
            insert.setString(2, username);
            insert.setString(3, username + "@example.org");
            insert.executeUpdate();
        }

        try (Connection replica = connect("codearena.replica.url");
             PreparedStatement select = replica.prepareStatement("select email from account where username_key = ?")) {
            assertThat(replica.isReadOnly() || isInRecovery(replica)).isTrue();
            select.setString(1, username);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo(username + "@example.org");
                }
            });
        }
    }

    @Test
    void replicaRefusesWrites() throws SQLException {
        try (Connection replica = connect("codearena.replica.url")) {
            assertThat(isInRecovery(replica)).isTrue();
            try (PreparedStatement insert = replica.prepareStatement("insert into language (id, name, version, "
                    + "editor_mode, sort_order, time_limit_millis, memory_limit_kb) values ('x','x','x','x',9,1,1)")) {
                org.assertj.core.api.Assertions.assertThatThrownBy(insert::executeUpdate)
                        .hasMessageContaining("read-only transaction");
            }
        }
    }

    @Test
    void adminEndpointReportsLagMeasuredOnTheReplica() {
        JsonNode lag = ArenaClient.signedUp().grant("ADMIN").get("api/v1/admin/replica").body();

        assertThat(lag.get("inRecovery").asBoolean()).isTrue();
        assertThat(lag.get("lagMillis").asLong()).isBetween(0L, 60_000L);
    }

    private static boolean isInRecovery(Connection connection) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery("select pg_is_in_recovery()")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
