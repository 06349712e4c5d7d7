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
import org.codearena.domain.model.submission.Submission;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.application.RunEvents;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.RunResult;

/**
 * Scoring: a judged run's result becomes the submission's verdict and score (committed), then the person is
 * told, and a contest submission goes on to the standings. Every step may be repeated: a repeat of a result
 * already scored changes nothing but hands the submission to the standings again, because the first delivery
 * may have stopped after the score was committed (a failed hand-off, a crash). A failure here is thrown: the
 * message is not acknowledged and comes back later (the broker's redelivery settings for this queue), so a
 * result is never scored as an error because a step after it failed. One for a run a re-judge replaced
 * changes nothing.
 */
@MessageDriven(activationConfig = {
        @ActivationConfigProperty(propertyName = "destination", propertyValue = Destinations.JUDGE_SCORING),
        @ActivationConfigProperty(propertyName = "destinationType", propertyValue = "jakarta.jms.Queue"),
        @ActivationConfigProperty(propertyName = "useJNDI", propertyValue = "false")
})
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class ScoringConsumer implements MessageListener {

    private static final Logger LOG = Logger.getLogger(ScoringConsumer.class.getName());

    @EJB
    private JudgeStore judgeStore;

    @EJB
    private RunEvents runEvents;

    @EJB
    private JudgeQueues judgeQueues;

    @EJB
    private org.codearena.judge.packages.PackageImports packageImports;

    @Override
    public void onMessage(Message message) {
        RunResult result;
        try {
            result = RunResult.readFrom((MapMessage) message);
        } catch (JMSException | ClassCastException | IllegalArgumentException e) {
            LOG.warning(() -> "event=scoring-unreadable error=" + e);
            return;
        }
        judgeStore.score(result).ifPresentOrElse(scored -> {
            Submission submission = scored.submission();
            if (scored.firstTime()) {
                LOG.info(() -> "event=submission-judged submissionId=" + submission.getId() + " runId="
                        + result.runId() + " verdict=" + submission.getVerdict() + " score=" + submission.getScore()
                        + "/" + submission.getMaxScore());
            } else {
                LOG.info(() -> "event=submission-scored-already submissionId=" + submission.getId() + " runId="
                        + result.runId());
            }
            runEvents.publish(new RunChanged(result.runId(), submission.getAccountId(), submission.getStatus().name()));
            if (submission.getImportId() != null) {
                // one of a package's examples: its import goes on (a repeat finds nothing new to do)
                packageImports.exampleJudged(submission.getImportId());
            }
            if (submission.getContestId() != null) {
                // the next step: the participant's standing, then the leaderboard (a repeat recomputes the same)
                judgeQueues.toStandings(submission.getId());
            }
        }, () -> LOG.info(() -> "event=scoring-not-needed runId=" + result.runId()));
    }
}
