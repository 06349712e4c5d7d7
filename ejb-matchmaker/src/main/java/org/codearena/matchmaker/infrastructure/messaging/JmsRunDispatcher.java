package org.codearena.matchmaker.infrastructure.messaging;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import java.time.Instant;
import java.util.logging.Logger;
import org.codearena.domain.model.run.Run;
import org.codearena.domain.model.run.RunStatus;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.matchmaker.infrastructure.persistence.RunStore;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.JobMessage;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Claims the run in PostgreSQL (RUNNING, one more attempt; committed), then sends the job, payload included,
 * to the runner's own queue, non-persistent (see {@link DirectSender}: the claimed run is the durable copy). Deliberately not one XA transaction: a server killed between the two phases of
 * a distributed commit would leave a prepared transaction holding the run's row lock until that same server
 * came back, and the server that took over would block on it. In this order a crash can only leave a
 * claimed run that was never sent, which the next holder's rebuild sends again.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class JmsRunDispatcher implements RunDispatcher {

    private static final Logger LOG = Logger.getLogger(JmsRunDispatcher.class.getName());

    @EJB
    private DirectSender sender;

    @Inject
    @ConfigProperty(name = "codearena.run.max.attempts", defaultValue = "3")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "codearena.job.time.to.live.millis", defaultValue = "600000")
    long jobTimeToLiveMillis;

    @EJB
    private RunStore runStore;

    @EJB
    private RunEvents runEvents;

    @EJB
    private SubmissionHandOff submissionHandOff;

    @Override
    public boolean dispatch(Match match, long epoch, String runnerIncarnation) {
        long runId = match.ticket().runId();
        long started = System.nanoTime();
        RunStore.Claim claim = runStore.claimForDispatch(runId, match.runnerId(), maxAttempts, epoch);
        if (claim instanceof RunStore.Claim.Abandoned abandoned) {
            if (abandoned.judged()) {
                submissionHandOff.finished(abandoned.result());
            } else {
                runEvents.publish(new RunChanged(runId, abandoned.accountId(), RunStatus.FINISHED.name()));
            }
            LOG.warning(() -> "event=run-abandoned runId=" + runId + " attempts=" + abandoned.attempts());
            return false;
        }
        if (!(claim instanceof RunStore.Claim.Send send)) {
            return false;
        }
        long claimed = System.nanoTime();
        send(match, runnerIncarnation, send::job);
        long sent = System.nanoTime();
        LOG.info(() -> "event=run-dispatched runId=" + runId + " runnerId=" + match.runnerId()
                + " attempt=" + send.attempt() + " epoch=" + epoch + " waitedMillis="
                + (Instant.now().toEpochMilli() - send.acceptedAt().toEpochMilli()) + " claimMicros="
                + (claimed - started) / 1000 + " sendMicros=" + (sent - claimed) / 1000);
        runEvents.publish(new RunChanged(runId, send.accountId(), RunStatus.RUNNING.name()));
        return true;
    }

    @Override
    public void sendClaimed(Match match, long epoch, String runnerIncarnation, Run run) {
        long started = System.nanoTime();
        send(match, runnerIncarnation, () -> runStore.plainJob(run, epoch));
        long sent = System.nanoTime();
        LOG.info(() -> "event=run-dispatched runId=" + run.getId() + " runnerId=" + match.runnerId()
                + " attempt=" + run.getAttempts() + " epoch=" + epoch + " waitedMillis="
                + (Instant.now().toEpochMilli() - run.getAcceptedAt().toEpochMilli())
                + " claimMicros=0 sendMicros=" + (sent - started) / 1000 + " claimedWhenStored=true");
        // with the run as stored: the push need not read it again while the job starts on a machine this small
        runEvents.publish(new RunChanged(run.getId(), run.getAccountId(), RunStatus.RUNNING.name(), run));
    }

    /** Sends the job; when it cannot be sent, the claim is undone (the attempt does not count) and it throws. */
    private void send(Match match, String runnerIncarnation, java.util.function.Supplier<JobMessage> job) {
        long runId = match.ticket().runId();
        try {
            // a job for an agent that never comes back must not wait in its queue for ever; its run was given to
            // another agent long before this
            sender.toQueue(Destinations.runnerQueue(match.runnerId()), jobTimeToLiveMillis,
                    job.get().forIncarnation(runnerIncarnation)::writeTo);
        } catch (JMSException | RuntimeException e) {
            try {
                runStore.unclaim(runId);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw new IllegalStateException("Could not send run " + runId + " to " + match.runnerId(), e);
        }
    }
}
