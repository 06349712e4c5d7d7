package org.codearena.matchmaker.infrastructure.messaging;

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
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.matchmaker.infrastructure.persistence.RunStore;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.Verdict;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Results from runner agents: stored once, the runner freed, the watcher told (or the submission handed to
 * scoring). A message is acknowledged only when this has all been done; a failure is thrown and the broker
 * delivers the message again later (redelivery with back-off, then DLQ.arena.results): every step is safe to
 * repeat.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.RESULTS),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RunResultConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(RunResultConsumer.class.getName());
    /** the broker user that sent the message, set by Artemis (populate-validated-user) */
    private static final String VALIDATED_USER = "_AMQ_VALIDATED_USER";
    private static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    /** the broker's max-delivery-attempts for arena.results (./arena sets both from the same variable) */
    @Inject
    @ConfigProperty(name = "codearena.broker.max.delivery.attempts", defaultValue = "20")
    int maxDeliveryAttempts;

    /** off only where agents share one broker user (not recommended: any of them could finish others' runs) */
    @Inject
    @ConfigProperty(name = "codearena.results.check.sender", defaultValue = "true")
    boolean checkSender;

    @EJB
    private RunStore runStore;

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private RunEvents runEvents;

    @EJB
    private SubmissionHandOff submissionHandOff;

    @Override
    public void onMessage(Message message) {
        RunResult result;
        String sender;
        try {
            result = RunResult.readFrom((MapMessage) message);
            sender = message.getStringProperty(VALIDATED_USER);
        } catch (JMSException | ClassCastException | IllegalArgumentException e) {
            LOG.warning(() -> "event=result-unreadable error=" + e);
            return;
        }
        if (checkSender && !result.runnerId().equals(sender)) {
            // every agent logs in to the broker as its runner id, and the broker stamps who sent each message
            LOG.warning(() -> "event=result-from-wrong-sender-ignored runId=" + result.runId() + " runnerId="
                    + result.runnerId() + " sentBy=" + sender);
            return;
        }
        long received = System.nanoTime();
        try {
            Optional<RunStore.Stored> stored;
            try {
                // stored in its own committed transaction before anyone is told; the one UPDATE waits for the
                // row lock of a concurrent claim or delivery instead of failing an optimistic check
                stored = runStore.storeResult(result);
            } catch (RuntimeException e) {
                stored = storeFailed(result, message, e);
            }
            // a failed hand-off is thrown: this message comes back, finds the result stored, and hands it on again
            stored.ifPresentOrElse(run -> finished(run, result, received, redelivered(message)),
                    () -> LOG.info(() -> "event=result-ignored runId=" + result.runId() + " runnerId="
                            + result.runnerId() + " reason=\"unknown run, or given to another runner\""));
        } finally {
            matchmaker.runFinished(result.runnerId(), result.runId(), result.verdict() == Verdict.SYSTEM_ERROR);
        }
    }

    /**
     * The result could not be stored (the database is down, a bug). Thrown again, so that the broker brings it
     * back after a growing delay: a database restart costs a delay, not the result. Only its last delivery
     * gives up, ending the run with a clear error instead of leaving it running for ever.
     */
    private Optional<RunStore.Stored> storeFailed(RunResult result, Message message, RuntimeException e) {
        int delivery = deliveryCount(message);
        if (delivery < maxDeliveryAttempts) {
            LOG.warning(() -> "event=result-store-failed runId=" + result.runId() + " delivery=" + delivery + "/"
                    + maxDeliveryAttempts + " next=\"redelivered later\" error=\"" + e + "\"");
            throw e;
        }
        LOG.log(Level.SEVERE, "event=result-unstorable runId=" + result.runId() + " delivery=" + delivery, e);
        RunResult failure = new RunResult(result.runId(), result.runnerId(), Verdict.SYSTEM_ERROR, "",
                "The run finished but its result could not be stored. Please run it again; if it keeps "
                        + "failing, tell the operators (run " + result.runId() + ").", -1, 0, 0);
        return runStore.storeResult(failure);
    }

    private static boolean redelivered(Message message) {
        try {
            return message.getJMSRedelivered();
        } catch (JMSException e) {
            return false;
        }
    }

    private static int deliveryCount(Message message) {
        try {
            return message.propertyExists(DELIVERY_COUNT) ? message.getIntProperty(DELIVERY_COUNT) : 1;
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }

    /**
     * A plain run's watcher is told now. A run that judges a submission goes on to scoring, which tells the
     * person once the score is stored; a duplicate goes on too (scoring ignores what it has done), because
     * the first delivery may have stopped between storing and sending. A redelivery of this message (the
     * first try failed after storing) tells the watcher again; another copy of a stored result does not.
     */
    private void finished(RunStore.Stored stored, RunResult result, long received, boolean redelivered) {
        long storedAt = System.nanoTime();
        Run run = stored.run();
        if (run.getSubmissionId() != null) {
            submissionHandOff.finished(result);
            return;
        }
        if (!stored.firstTime() && !redelivered) {
            LOG.info(() -> "event=result-duplicate-ignored runId=" + result.runId() + " runnerId=" + result.runnerId());
            return;
        }
        if (stored.firstTime()) {
            LOG.info(() -> "event=run-finished runId=" + run.getId() + " runnerId=" + result.runnerId()
                    + " verdict=" + result.verdict() + " timeMillis=" + result.timeMillis() + " storeMicros="
                    + (storedAt - received) / 1000);
        } else {
            LOG.info(() -> "event=run-finished-told-again runId=" + run.getId() + " reason=redelivered");
        }
        runEvents.publish(new RunChanged(run.getId(), run.getAccountId(), RunStatus.FINISHED.name(), run));
    }
}
