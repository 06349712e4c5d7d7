package org.codearena.web.application.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sender's pace: slices leave at the configured rate, however long sending a slice took. */
class MailSenderTest {

    private static MailSender at(double ratePerSecond) {
        MailSender sender = new MailSender();
        sender.ratePerSecond = ratePerSecond;
        return sender;
    }

    @Test
    void aSliceIsAQuarterSecondsWorthAndItsPaceKeepsTheRate() {
        MailSender thirty = at(30);
        assertThat(thirty.slice()).isEqualTo(8);
        assertThat(thirty.paceMillis()).isEqualTo(267);
        assertThat(at(200).slice()).isEqualTo(50);
        assertThat(at(200).paceMillis()).isEqualTo(250);
        assertThat(at(0.5).slice()).as("at least one").isEqualTo(1);
        assertThat(at(0.5).paceMillis()).isEqualTo(2000);
    }

    @Test
    void theNextLookWaitsOnlyForWhatIsLeftOfThePace() {
        MailSender thirty = at(30);
        // sending took 100 ms: the next slice goes 267 ms after this one began, not 100 + 250 ms
        assertThat(thirty.nextDelayMillis(MailSender.Outcome.SENT, 100)).isEqualTo(167);
        // sending took longer than the pace: at once (the rate is then what the SMTP server takes)
        assertThat(thirty.nextDelayMillis(MailSender.Outcome.SENT, 400)).isEqualTo(1);
        // another server claimed: look again within a quarter of the pace
        assertThat(thirty.nextDelayMillis(MailSender.Outcome.PACED, 3)).isEqualTo(66);
        assertThat(thirty.nextDelayMillis(MailSender.Outcome.EMPTY, 3)).isEqualTo(250);
    }
}
