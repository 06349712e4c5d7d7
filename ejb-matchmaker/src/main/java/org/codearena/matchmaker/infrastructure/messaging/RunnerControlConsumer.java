package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.infrastructure.persistence.LanguageStore;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunnerAnnouncement;

/**
 * Registrations, heartbeats and goodbyes from runner agents. Not in a transaction: every announcement is safe to
 * lose (the next heartbeat says it again) and is taken in memory; delivered in an XA transaction, each one cost
 * the broker three more blocking round trips (start, end, commit), twice a second with two agents.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.RUNNER_CONTROL),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Topic"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@jakarta.ejb.TransactionAttribute(jakarta.ejb.TransactionAttributeType.NOT_SUPPORTED)
public class RunnerControlConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(RunnerControlConsumer.class.getName());

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private LanguageStore languages;

    /** runner incarnations whose toolchain versions this server recorded (once each, from whichever announcement) */
    private static final java.util.Map<String, Boolean> RECORDED = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void onMessage(Message message) {
        if (!(message instanceof MapMessage map)) {
            LOG.warning(() -> "event=runner-control-ignored reason=not-a-map-message type=" + message.getClass());
            return;
        }
        try {
            RunnerAnnouncement announcement = RunnerAnnouncement.readFrom(map);
            String incarnation = announcement.runnerId() + "/" + announcement.incarnation();
            if (!announcement.toolchainVersions().isEmpty() && !RECORDED.containsKey(incarnation)) {
                languages.recordToolchainVersions(announcement.runnerId(), announcement.toolchainVersions());
                RECORDED.put(incarnation, Boolean.TRUE);
            }
            matchmaker.runnerAnnounced(announcement);
        } catch (JMSException | RuntimeException e) {
            LOG.warning(() -> "event=runner-control-unreadable error=" + e);
        }
    }
}
