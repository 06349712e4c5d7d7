package org.codearena.contest;

import jakarta.ejb.ActivationConfigProperty;
import jakarta.ejb.EJB;
import jakarta.ejb.MessageDriven;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import java.util.logging.Logger;
import org.codearena.protocol.Destinations;

/**
 * The leaderboard step: a scored contest submission's standing is computed again (committed), then every
 * server's leaderboard of that contest is refreshed and pushed.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.CONTEST_STANDINGS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StandingsConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(StandingsConsumer.class.getName());

    @EJB
    private ContestStore store;

    @EJB
    private Leaderboards leaderboards;

    @Override
    public void onMessage(Message message) {
        long submissionId;
        try {
            submissionId = ((MapMessage) message).getLong("submissionId");
        } catch (JMSException | ClassCastException | NumberFormatException e) {
            LOG.warning(() -> "event=standing-unreadable error=" + e);
            return;
        }
        store.updateStanding(submissionId).ifPresent(contest -> leaderboards.standingChanged(contest.getId()));
    }
}
