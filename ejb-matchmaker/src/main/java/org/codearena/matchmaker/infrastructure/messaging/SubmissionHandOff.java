package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.MapMessage;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunResult;

/**
 * The matchmaker runs programs; it does not score them. A finished run that belongs to a submission is handed,
 * over the persistent queue {@code arena.judge.scoring}, to whoever judges submissions (the judge module). A
 * failure is thrown: the caller's own message then comes back, and the hand-off is tried again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SubmissionHandOff {

    /** a context per send, from Liberty's pool: an injected JMSContext is closed outside a transaction */
    @Resource(lookup = "jms/arenaConnectionFactory")
    private ConnectionFactory connectionFactory;

    public void finished(RunResult result) {
        try (JMSContext jms = connectionFactory.createContext()) {
            MapMessage message = jms.createMapMessage();
            result.writeTo(message);
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(jms.createQueue(Destinations.JUDGE_SCORING), message);
        } catch (JMSException | JMSRuntimeException e) {
            throw new IllegalStateException("could not hand run " + result.runId() + " to the judge", e);
        }
    }
}
