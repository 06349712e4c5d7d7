package org.codearena.judge;

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
 * Hands a judged run's result to scoring (the queue {@code arena.judge.scoring}), persistently. A failure is
 * thrown: the caller's own message then comes back, and scoring is asked again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScoringQueue {

    /** a context per send, from Liberty's pool: an injected JMSContext is closed outside a transaction */
    @Resource(lookup = "jms/arenaConnectionFactory")
    private ConnectionFactory connectionFactory;

    public void send(RunResult result) {
        try (JMSContext jms = connectionFactory.createContext()) {
            MapMessage message = jms.createMapMessage();
            result.writeTo(message);
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(jms.createQueue(Destinations.JUDGE_SCORING), message);
        } catch (JMSException | JMSRuntimeException e) {
            throw new IllegalStateException("could not hand run " + result.runId() + " to scoring", e);
        }
    }
}
