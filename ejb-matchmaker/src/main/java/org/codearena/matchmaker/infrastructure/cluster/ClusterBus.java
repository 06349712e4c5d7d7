package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.DeliveryMode;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import java.util.logging.Logger;
import org.codearena.protocol.Destinations;

/**
 * Publishes on the {@code arena.cluster} topic, at once and outside any transaction. Nothing here is the
 * only copy of anything: tickets are in PostgreSQL (the holder's sweep finds one whose message was lost),
 * and a runner whose release was lost is corrected by its next heartbeat. So the messages are
 * non-persistent, and a failure to send is logged, never thrown at the caller.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());
    private static final long TIME_TO_LIVE_MILLIS = 30_000;

    /** a context per send, from Liberty's pool: an injected JMSContext is closed outside a transaction */
    @Resource(lookup = "jms/arenaConnectionFactory")
    private ConnectionFactory connectionFactory;

    public void publish(ClusterMessage clusterMessage) {
        try (JMSContext jms = connectionFactory.createContext()) {
            MapMessage message = jms.createMapMessage();
            clusterMessage.writeTo(message);
            jms.createProducer().setDeliveryMode(DeliveryMode.NON_PERSISTENT).setTimeToLive(TIME_TO_LIVE_MILLIS)
                    .send(jms.createTopic(Destinations.CLUSTER), message);
        } catch (JMSException | JMSRuntimeException e) {
            LOG.warning(() -> "event=cluster-publish-failed kind=" + clusterMessage.getClass().getSimpleName()
                    + " error=" + e);
        }
    }
}
