package org.codearena.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.activemq.artemis.api.core.TransportConfiguration;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

class BrokerAddressTest {

    @Test
    void oneBrokerIsOneAddress() {
        assertThat(BrokerAddress.url("localhost", 61616, null, "reconnectAttempts=-1"))
                .isEqualTo("tcp://localhost:61616?reconnectAttempts=-1");
        assertThat(BrokerAddress.url("localhost", 61616, " ", "a=1")).isEqualTo("tcp://localhost:61616?a=1");
        assertThat(BrokerAddress.url("localhost", 61616, "localhost:61616", "a=1")).isEqualTo("tcp://localhost:61616?a=1");
    }

    @Test
    void aPairIsBothWithHighAvailabilityAsTheClientReadsIt() throws Exception {
        String url = BrokerAddress.url("broker-a", 61616, "broker-b:61626", "reconnectAttempts=-1");
        assertThat(url).isEqualTo("(tcp://broker-a:61616,tcp://broker-b:61626)?ha=true&reconnectAttempts=-1");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url)) {
            assertThat(factory.isHA()).isTrue();
            assertThat(factory.getReconnectAttempts()).isEqualTo(-1);
            TransportConfiguration[] connectors = factory.getStaticConnectors();
            assertThat(connectors).hasSize(2);
            assertThat(connectors[0].getParams()).containsEntry("host", "broker-a").containsEntry("port", "61616");
            assertThat(connectors[1].getParams()).containsEntry("host", "broker-b").containsEntry("port", "61626");
        }
    }

    @Test
    void aBackupThatIsNotHostAndPortIsRefusedInWords() {
        assertThatThrownBy(() -> BrokerAddress.url("a", 1, "tcp://b:2", "x=1"))
                .hasMessageContaining("host:port").hasMessageContaining("tcp://b:2");
    }
}
