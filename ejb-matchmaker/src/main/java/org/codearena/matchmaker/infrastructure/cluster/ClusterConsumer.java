package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.matchmaker.application.internal.ServerIdentity;
import org.codearena.protocol.Destinations;

/** What the other servers say on the cluster topic; this server's own messages are skipped. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.CLUSTER),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ClusterConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ClusterConsumer.class.getName());

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private RunEvents runEvents;

    @EJB
    private ClusterNotices notices;

    @Inject
    ServerIdentity identity;

    @Override
    public void onMessage(Message message) {
        ClusterMessage received;
        try {
            received = ClusterMessage.readFrom((MapMessage) message);
        } catch (JMSException | ClassCastException | IllegalArgumentException e) {
            LOG.warning(() -> "event=cluster-message-unreadable error=" + e);
            return;
        }
        if (received.origin().equals(identity.serverId())) {
            return;
        }
        if (received instanceof ClusterMessage.TicketAccepted ticket) {
            matchmaker.ticketFromPeer(ticket.ticket());
        } else if (received instanceof ClusterMessage.TicketMoved moved) {
            matchmaker.ticketMovedByPeer(moved.ticket());
        } else if (received instanceof ClusterMessage.RunnerFreed freed) {
            matchmaker.runnerFreedByPeer(freed.runnerId(), freed.runId(), freed.failed());
        } else if (received instanceof ClusterMessage.RunStatusChanged changed) {
            runEvents.deliverHere(changed.change());
        } else if (received instanceof ClusterMessage.HolderStatus status) {
            matchmaker.holderStatus(status.queues());
        } else if (received instanceof ClusterMessage.Notice notice) {
            notices.deliver(notice.topic(), notice.id());
        } else if (received instanceof ClusterMessage.Payload payload) {
            notices.deliverText(payload.topic(), payload.text());
        }
    }
}
