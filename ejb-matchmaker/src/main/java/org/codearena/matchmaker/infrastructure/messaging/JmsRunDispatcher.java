package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.logging.Logger;
import org.codearena.domain.model.run.Language;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.JobMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Reads the run from PostgreSQL, marks it RUNNING and sends it to the runner's queue in one XA transaction. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class JmsRunDispatcher implements RunDispatcher {

    private static final Logger LOG = Logger.getLogger(JmsRunDispatcher.class.getName());

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Inject
    @JMSConnectionFactory("jms/arenaConnectionFactory")
    private JMSContext jms;

    @Inject
    @ConfigProperty(name = "codearena.run.max.attempts", defaultValue = "3")
    int maxAttempts;

    @EJB
    private RunEvents runEvents;

    @Override
    public boolean dispatch(Match match, long epoch) {
        Run run = entityManager.find(Run.class, match.ticket().runId());
        if (run == null || run.getStatus() == RunStatus.FINISHED) {
            return false;
        }
        if (run.abandonIfOutOfAttempts(maxAttempts, Instant.now())) {
            runEvents.publish(new RunChanged(run.getId(), run.getAccountId(), RunStatus.FINISHED.name()));
            LOG.warning(() -> "event=run-abandoned runId=" + run.getId() + " attempts=" + run.getAttempts());
            return false;
        }
        Language language = entityManager.find(Language.class, run.getLanguageId());
        run.dispatchedTo(match.runnerId(), Instant.now());
        JobMessage job = new JobMessage(run.getId(), run.getLanguageId(), run.getSource(), run.getStdin(),
                language.getTimeLimitMillis(), language.getMemoryLimitKb(), epoch);
        try {
            MapMessage message = jms.createMapMessage();
            job.writeTo(message);
            jms.createProducer().send(jms.createQueue(Destinations.runnerQueue(match.runnerId())), message);
        } catch (JMSException e) {
            throw new IllegalStateException("Could not send run " + run.getId() + " to " + match.runnerId(), e);
        }
        runEvents.publish(new RunChanged(run.getId(), run.getAccountId(), RunStatus.RUNNING.name()));
        LOG.info(() -> "event=run-dispatched runId=" + run.getId() + " runnerId=" + match.runnerId()
                + " attempt=" + run.getAttempts() + " epoch=" + epoch + " waitedMillis="
                + (Instant.now().toEpochMilli() - run.getAcceptedAt().toEpochMilli()));
        return true;
    }
}
