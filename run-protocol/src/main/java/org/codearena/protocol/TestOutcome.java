package org.codearena.protocol;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;

/**
 * How one test of a judged job went.
 *
 * @param fraction the share of the test's points a validator gave an accepted output (its score_multiplier.txt,
 *                 or score.txt over the test's maximum), 0 to 1; -1 when it gave none (an accepted test earns all)
 */
public record TestOutcome(int ordinal, Verdict verdict, long timeMillis, long memoryKb, double fraction) {

    public TestOutcome {
        fraction = fraction < 0 || Double.isNaN(fraction) ? -1 : Math.min(1, fraction);
    }

    public TestOutcome(int ordinal, Verdict verdict, long timeMillis, long memoryKb) {
        this(ordinal, verdict, timeMillis, memoryKb, -1);
    }

    /** The share of its points this test earned: 0 unless OK; an OK test all of them unless a validator said less. */
    public double share() {
        return verdict != Verdict.OK ? 0 : fraction < 0 ? 1 : fraction;
    }

    void writeTo(MapMessage message, String prefix) throws JMSException {
        message.setInt(prefix + "ordinal", ordinal);
        message.setString(prefix + "verdict", verdict.name());
        message.setLong(prefix + "timeMillis", timeMillis);
        message.setLong(prefix + "memoryKb", memoryKb);
        if (fraction >= 0) {
            message.setDouble(prefix + "fraction", fraction);
        }
    }

    static TestOutcome readFrom(MapMessage message, String prefix) throws JMSException {
        return new TestOutcome(message.getInt(prefix + "ordinal"), Verdict.valueOf(message.getString(prefix + "verdict")),
                message.getLong(prefix + "timeMillis"), message.getLong(prefix + "memoryKb"),
                message.itemExists(prefix + "fraction") ? message.getDouble(prefix + "fraction") : -1);
    }
}
