package org.codearena.runner.messaging;

import jakarta.jms.JMSException;
import org.codearena.protocol.JobMessage;
import org.codearena.protocol.RunResult;
import org.codearena.protocol.RunnerAnnouncement;
import org.codearena.protocol.TestProgress;

/** The agent's side of the broker: its own job queue in; results, test progress and announcements out. */
public interface AgentLink extends AutoCloseable {

    /** Makes a new link (the agent's way to replace a broken one). */
    @FunctionalInterface
    interface Connector {
        AgentLink connect() throws JMSException;
    }

    /** Waits up to the timeout for the next job; null when none came. */
    JobMessage nextJob(long timeoutMillis) throws JMSException;

    void sendResult(RunResult result) throws JMSException;

    void sendProgress(TestProgress testProgress) throws JMSException;

    void announce(RunnerAnnouncement announcement) throws JMSException;

    @Override
    void close() throws JMSException;
}
