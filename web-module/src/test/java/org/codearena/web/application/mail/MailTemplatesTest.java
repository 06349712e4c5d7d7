package org.codearena.web.application.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.codearena.domain.model.assessment.Assessment;
import org.junit.jupiter.api.Test;

class MailTemplatesTest {

    private final Assessment assessment = new Assessment(7, "Backend <b>& friends</b>", 90,
            Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-20T17:30:00Z"), List.of(1L, 2L, 3L),
            Instant.parse("2026-12-01T08:00:00Z"));

    /** An invitation as a mailing reads it: its id, address and the assessment's facts. */
    private Letter invitation(String link, String language) {
        return MailTemplates.invitation(41L, "ana@example.org", assessment.getTitle(), assessment.getTaskIds().size(),
                assessment.getDurationMinutes(), assessment.getClosesAt(), link, language);
    }

    @Test
    void anInvitationSaysWhatWhenAndWhereInTextAndInHtml() {
        Letter letter = invitation("https://arena.example.org/assessment.html?token=tok123", "en");
        assertThat(letter.kind()).isEqualTo("invitation");
        assertThat(letter.reference()).isEqualTo("invitation:41");
        assertThat(letter.recipient()).isEqualTo("ana@example.org");
        assertThat(letter.locale()).isEqualTo("en");
        assertThat(letter.subject()).isEqualTo("You are invited to the assessment \u201cBackend <b>& friends</b>\u201d");
        assertThat(letter.text())
                .contains("3 task(s) and lasts 90 minutes")
                .contains("You can start it until December 20, 2026")
                .contains("5:30").contains("UTC.")
                .contains("https://arena.example.org/assessment.html?token=tok123")
                .as("plain text is not escaped").contains("Backend <b>& friends</b>");
        assertThat(letter.html())
                .contains("href=\"https://arena.example.org/assessment.html?token=tok123\"")
                .as("what the recruiter typed is escaped in the HTML").contains("Backend &lt;b&gt;&amp; friends&lt;/b&gt;")
                .doesNotContain("<b>&");
    }

    @Test
    void theRecipientsLanguageWhereMailHasItsTextsElseEnglish() {
        Letter french = invitation("https://a.example/x", "fr-CA");
        assertThat(french.locale()).isEqualTo("fr");
        assertThat(french.subject()).startsWith("Vous \u00eates invit\u00e9");
        assertThat(french.text()).contains("Elle compte 3 exercice(s) et dure 90 minutes").contains("20 d\u00e9cembre 2026");
        assertThat(french.html()).contains("<html lang=\"fr\">");
        assertThat(invitation("https://a.example/x", "tlh").locale())
                .isEqualTo("en");
        assertThat(MailTexts.supported(null)).isEqualTo("en");
        assertThat(MailTexts.supported("FR_fr")).isEqualTo("fr");
    }

    @Test
    void failuresAreTriedAgainLaterAndLaterAtMostAnHourApart() {
        assertThat(MailSender.backoffSeconds(1)).isEqualTo(30);
        assertThat(MailSender.backoffSeconds(2)).isEqualTo(60);
        assertThat(MailSender.backoffSeconds(5)).isEqualTo(480);
        assertThat(MailSender.backoffSeconds(9)).isEqualTo(3600);
    }

    @Test
    void resultsListEachTaskAndTheTotalWithTheRecruitersNoteEscapedInHtml() {
        Letter letter = MailTemplates.results(41L, "ana@example.org", "Backend", List.of(
                new MailTemplates.TaskScore("Sum of two numbers", 9, 9),
                new MailTemplates.TaskScore("Reverse <the> words", 3, 8)), "Well done <b>all</b>", "en");
        assertThat(letter.kind()).isEqualTo("results");
        assertThat(letter.reference()).isEqualTo("results:41");
        assertThat(letter.subject()).isEqualTo("Your results: the assessment \u201cBackend\u201d");
        assertThat(letter.text()).contains("12 points of 17").contains("- Sum of two numbers: 9 / 9")
                .contains("- Reverse <the> words: 3 / 8").contains("Well done <b>all</b>");
        assertThat(letter.html()).contains("Reverse &lt;the&gt; words").contains("Well done &lt;b&gt;all&lt;/b&gt;")
                .doesNotContain("<b>all");
        Letter french = MailTemplates.results(41L, "ana@example.org", "Backend", List.of(
                new MailTemplates.TaskScore("Somme", 0, 9)), " ", "fr");
        assertThat(french.text()).contains("0 points sur 9").doesNotContain("Un mot du recruteur");
    }
}
