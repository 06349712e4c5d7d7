package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

/** How one test of a judged job went. */
public record TestOutcome(int ordinal, Verdict verdict, long timeMillis, long memoryKb) {

    void writeTo(MapMessage message, String prefix) throws JMSException {
        message.setInt(prefix + "ordinal", ordinal);
        message.setString(prefix + "verdict", verdict.name());
        message.setLong(prefix + "timeMillis", timeMillis);
        message.setLong(prefix + "memoryKb", memoryKb);
    }

    static TestOutcome readFrom(MapMessage message, String prefix) throws JMSException {
        return new TestOutcome(message.getInt(prefix + "ordinal"), Verdict.valueOf(message.getString(prefix + "verdict")),
                message.getLong(prefix + "timeMillis"), message.getLong(prefix + "memoryKb"));
    }
}
