package org.codearena.runner.messaging;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.codearena.protocol.BrokerAddress;
import org.codearena.protocol.Destinations;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.RunnerAnnouncement;
import org.codearena.protocol.TestProgress;

/**
 * The agent's connection to Artemis over TCP: its own job queue in, results and announcements out.
 * The client reconnects by itself when the broker restarts; what it cannot mend, the agent replaces.
 */
public final class BrokerLink implements AgentLink {

    private static final java.util.logging.Logger LOG =
            java.util.logging.Logger.getLogger(BrokerLink.class.getName());

    private static final long HEARTBEAT_TIME_TO_LIVE_MILLIS = 10_000;

    private final Connection connection;
    private final Session jobSession;
    private final MessageConsumer jobs;
    private final Session outSession;
    private final MessageProducer results;
    private final MessageProducer control;
    private final MessageProducer progress;

    public BrokerLink(String host, int port, String user, String password, String runnerId) throws JMSException {
        this(host, port, null, user, password, runnerId, runId -> { });
    }

    /** As above; {@code stops} hears each operator's stop request (a run id) as it comes, on the broker's thread. */
    public BrokerLink(String host, int port, String backup, String user, String password, String runnerId,
                      java.util.function.LongConsumer stops) throws JMSException {
        // with a backup (host:port of a primary/backup pair) the client fails over to it when the primary dies
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(BrokerAddress.url(host, port, backup,
                "reconnectAttempts=-1&retryInterval=1000&retryIntervalMultiplier=1.5"
                        + "&maxRetryInterval=10000&initialConnectAttempts=30"));
        // no client id: the agent has no durable subscription, and a broken connection the broker has not yet
        // noticed would hold the id and refuse the agent's new one
        connection = factory.createConnection(user, password);
        jobSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        jobs = jobSession.createConsumer(jobSession.createQueue(Destinations.runnerQueue(runnerId)));
        outSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        results = outSession.createProducer(outSession.createQueue(Destinations.RESULTS));
        results.setDeliveryMode(DeliveryMode.PERSISTENT);
        control = outSession.createProducer(outSession.createTopic(Destinations.RUNNER_CONTROL));
        // progress is for the live view only (the final result repeats it): no need to survive a broker restart
        progress = outSession.createProducer(outSession.createQueue(Destinations.JUDGE_PROGRESS));
        progress.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        Session stopSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        stopSession.createConsumer(stopSession.createQueue(Destinations.runnerStopQueue(runnerId))).setMessageListener(
                message -> {
                    try {
                        stops.accept(((MapMessage) message).getLong("runId"));
                    } catch (JMSException | RuntimeException e) {
                        LOG.warning(() -> "event=stop-request-unreadable error=" + e);
                    }
                });
        connection.start();
    }

    @Override
    public JobMessage nextJob(long timeoutMillis) throws JMSException {
        Message message = jobs.receive(timeoutMillis);
        if (message == null) {
            return null;
        }
        JobMessage job = JobMessage.readFrom((MapMessage) message);
        long sentAt = message.getJMSTimestamp();
        if (sentAt > 0) {
            // how long the job took from the server's send to here (the clocks of two machines may differ)
            LOG.info(() -> "event=job-received runId=" + job.runId() + " sinceSentMillis="
                    + (System.currentTimeMillis() - sentAt));
        }
        return job;
    }

    @Override
    public synchronized void sendResult(RunResult result) throws JMSException {
        MapMessage message = outSession.createMapMessage();
        result.writeTo(message);
        results.send(message);
    }

    @Override
    public synchronized void sendProgress(TestProgress testProgress) throws JMSException {
        MapMessage message = outSession.createMapMessage();
        testProgress.writeTo(message);
        progress.send(message);
    }

    @Override
    public synchronized void announce(RunnerAnnouncement announcement) throws JMSException {
        MapMessage message = outSession.createMapMessage();
        announcement.writeTo(message);
        boolean heartbeat = announcement.kind() == RunnerAnnouncement.Kind.HEARTBEAT;
        // a heartbeat that arrives late says nothing true any more: let it expire
        control.send(message, heartbeat ? DeliveryMode.NON_PERSISTENT : DeliveryMode.PERSISTENT,
                Message.DEFAULT_PRIORITY, heartbeat ? HEARTBEAT_TIME_TO_LIVE_MILLIS : 0);
    }


    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
