package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

/**
 * Sent by a runner as each test of a judged job finishes, so that the person sees verdicts arrive one by
 * one. The job's final {@link RunResult} repeats every outcome and is the one that counts.
 */
public record TestProgress(long runId, String runnerId, TestOutcome outcome) {

    public void writeTo(MapMessage message) throws JMSException {
        message.setLong("runId", runId);
        message.setString("runnerId", runnerId);
        outcome.writeTo(message, "test.");
    }

    public static TestProgress readFrom(MapMessage message) throws JMSException {
        return new TestProgress(message.getLong("runId"), message.getString("runnerId"),
                TestOutcome.readFrom(message, "test."));
    }
}
