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

/**
 * The judge's steps hand work to the next over persistent queues: a scored contest submission to the standings
 * ({@code arena.contest.standings}). (Judged runs come from the matchmaker over {@code arena.judge.scoring}.)
 * A failure is thrown: the caller's own message then comes back, and the next step is asked again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JudgeQueues {

    /** a context per send, from Liberty's pool: an injected JMSContext is closed outside a transaction */
    @Resource(lookup = "jms/arenaConnectionFactory")
    private ConnectionFactory connectionFactory;

    /** A submission made in a contest was scored: its participant's standing on its task is due. */
    public void toStandings(long submissionId) {
        try (JMSContext jms = connectionFactory.createContext()) {
            MapMessage message = jms.createMapMessage();
            message.setLong("submissionId", submissionId);
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(jms.createQueue(Destinations.CONTEST_STANDINGS), message);
        } catch (JMSException | JMSRuntimeException e) {
            throw new IllegalStateException("could not hand submission " + submissionId + " to the standings", e);
        }
    }
}
