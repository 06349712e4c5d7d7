package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunnerAnnouncement;
import org.junit.jupiter.api.Test;

/** The matchmaker lease: the running server holds it, renews it, and dispatches under its epoch. */
class MatchmakerLeaseIT {

    @Test
    void theServerHoldsAndRenewsTheLeaseAndDispatchesUnderItsEpoch() throws SQLException, InterruptedException {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        assertThat(client.run("python", "print('fenced')", "").get("verdict").asText()).isEqualTo("OK");
        JsonNode matchmaker = client.get("api/v1/admin/matchmaker").body();

        try (Connection primary = DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"))) {
            long firstExpiry = expiry(primary);
            try (ResultSet row = primary.createStatement().executeQuery(
                    "select holder, epoch, expires_at > now() from matchmaker_lease where id = 1")) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo(matchmaker.get("serverId").asText());
                assertThat(row.getLong(2)).isPositive().isEqualTo(matchmaker.get("leaseEpoch").asLong());
                assertThat(row.getBoolean(3)).isTrue();
            }
            Thread.sleep(2_000);
            assertThat(expiry(primary)).as("renewed every second").isGreaterThan(firstExpiry);
        }
    }

    private static long expiry(Connection connection) throws SQLException {
        try (ResultSet row = connection.createStatement().executeQuery(
                "select extract(epoch from expires_at) * 1000 from matchmaker_lease where id = 1")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void agentsThatSawAHigherEpochMakeTheHolderRaiseItsOwn() throws Exception {
        ArenaClient client = ArenaClient.signedUp().grant("ADMIN");
        long before = client.get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong();
        String probe = "epoch-probe-" + java.util.UUID.randomUUID().toString().substring(0, 8);

        // an agent that outlived a reset database: it has accepted jobs under a much higher epoch
        announce(new RunnerAnnouncement(RunnerAnnouncement.Kind.REGISTER, probe, java.util.List.of("cobol"),
                "test", 0, java.util.Map.of(), before + 10, "probe"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(client.get("api/v1/admin/matchmaker").body().get("leaseEpoch").asLong())
                        .isEqualTo(before + 11));
        announce(new RunnerAnnouncement(RunnerAnnouncement.Kind.GOODBYE, probe, java.util.List.of("cobol"),
                "test", 0, java.util.Map.of(), before + 10, "probe"));

        // the real agents accept the higher epoch: runs go on
        assertThat(client.run("python", "print('after the raise')", "").get("verdict").asText()).isEqualTo("OK");
    }

    private static void announce(RunnerAnnouncement announcement) throws jakarta.jms.JMSException {
        try (org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory factory =
                     new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(
                             System.getProperty("codearena.broker.url"));
             jakarta.jms.JMSContext context = factory.createContext(System.getProperty("codearena.broker.user"),
                     System.getProperty("codearena.broker.password"))) {
            jakarta.jms.MapMessage message = context.createMapMessage();
            announcement.writeTo(message);
            context.createProducer().send(context.createTopic(Destinations.RUNNER_CONTROL), message);
        }
    }
}
