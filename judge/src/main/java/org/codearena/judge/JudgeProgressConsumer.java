package org.codearena.judge;

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
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.TestProgress;

/** Each test's outcome as a runner reports it: stored, and the person's page told at once. */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.JUDGE_PROGRESS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JudgeProgressConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(JudgeProgressConsumer.class.getName());

    @EJB
    private JudgeStore judgeStore;

    @EJB
    private RunEvents runEvents;

    @Override
    public void onMessage(Message message) {
        TestProgress progress;
        try {
            progress = TestProgress.readFrom((MapMessage) message);
        } catch (JMSException | ClassCastException | IllegalArgumentException e) {
            LOG.warning(() -> "event=progress-unreadable error=" + e);
            return;
        }
        judgeStore.recordProgress(progress).ifPresent(accountId ->
                runEvents.publish(new RunChanged(progress.runId(), accountId, "JUDGING")));
    }
}
