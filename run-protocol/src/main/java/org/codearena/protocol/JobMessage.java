package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

/**
 * One unit of work for a runner agent: the whole payload, sent straight to the runner's own queue.
 *
 * @param epoch the matchmaker lease epoch this dispatch was made under; agents refuse older ones
 */
public record JobMessage(long runId, String language, String source, String stdin,
                         long timeLimitMillis, long memoryLimitKb, long epoch) {

    public void writeTo(MapMessage message) throws JMSException {
        message.setLong("runId", runId);
        message.setString("language", language);
        message.setString("source", source);
        message.setString("stdin", stdin);
        message.setLong("timeLimitMillis", timeLimitMillis);
        message.setLong("memoryLimitKb", memoryLimitKb);
        message.setLong("epoch", epoch);
    }

    public static JobMessage readFrom(MapMessage message) throws JMSException {
        return new JobMessage(
                message.getLong("runId"),
                message.getString("language"),
                message.getString("source"),
                message.getString("stdin"),
                message.getLong("timeLimitMillis"),
                message.getLong("memoryLimitKb"),
                message.getLong("epoch"));
    }
}
