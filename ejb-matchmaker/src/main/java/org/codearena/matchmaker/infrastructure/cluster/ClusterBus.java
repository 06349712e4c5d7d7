package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import java.util.logging.Logger;
import org.codearena.matchmaker.infrastructure.messaging.DirectSender;
import org.codearena.protocol.Destinations;

/**
 * Publishes on the {@code arena.cluster} topic, at once and outside any transaction (over {@link DirectSender}). Nothing here is the
 * only copy of anything: tickets are in PostgreSQL (the holder's sweep finds one whose message was lost),
 * and a runner whose release was lost is corrected by its next heartbeat. So the messages are
 * non-persistent, and a failure to send is logged, never thrown at the caller.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterBus {

    private static final Logger LOG = Logger.getLogger(ClusterBus.class.getName());
    private static final long TIME_TO_LIVE_MILLIS = 30_000;

    @EJB
    private DirectSender sender;

    public void publish(ClusterMessage clusterMessage) {
        try {
            sender.toTopic(Destinations.CLUSTER, TIME_TO_LIVE_MILLIS, clusterMessage::writeTo);
        } catch (JMSException | RuntimeException e) {
            LOG.warning(() -> "event=cluster-publish-failed kind=" + clusterMessage.getClass().getSimpleName()
                    + " error=" + e);
        }
    }
}
