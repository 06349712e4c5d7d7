package org.codearena.web.application.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.assessment.Invitation;

/**
 * Mail as people receive it: every message from a template in plain text and in HTML ({@code src/main/jte/text},
 * {@code src/main/jte/html}, compiled at build time; the HTML escapes what it puts in by context), in the recipient's
 * language where the platform knows it ({@link MailTexts}).
 */
public final class MailTemplates {

    private static final TemplateEngine HTML = TemplateEngine.createPrecompiled(null, ContentType.Html,
            MailTemplates.class.getClassLoader(), "org.codearena.web.mail.html");
    private static final TemplateEngine TEXT = TemplateEngine.createPrecompiled(null, ContentType.Plain,
            MailTemplates.class.getClassLoader(), "org.codearena.web.mail.text");

    private MailTemplates() {
    }

    /** What an invitation says: the assessment, until when it can be started, the personal link. */
    public record InvitationModel(String title, int tasks, int minutes, String closes, String link) {
    }

    /** An invitation to an assessment, with the candidate's personal link. */
    public static Letter invitation(Invitation invitation, Assessment assessment, String link, String language) {
        return invitation(invitation.getId(), invitation.getEmail(), assessment.getTitle(),
                assessment.getTaskIds().size(), assessment.getDurationMinutes(), assessment.getClosesAt(), link, language);
    }

    /** The same from the facts a mailing reads (no entities): one invitation of a mass mailing. */
    public static Letter invitation(long invitationId, String recipient, String title, int tasks, int minutes,
                                    Instant closesAt, String link, String language) {
        MailTexts texts = MailTexts.of(language);
        InvitationModel model = new InvitationModel(title, tasks, minutes, when(closesAt, texts), link);
        return letter("invitation", "invitation:" + invitationId, recipient, texts,
                texts.get("invitation.subject", title), "invitation.jte", model);
    }

    /** What a reminder says: the assessment, how long it takes, when its window closes, the personal link. */
    public record ReminderModel(String title, int minutes, String closes, String link) {
    }

    /** A reminder to a candidate who has not started an assessment whose window closes soon. */
    public static Letter reminder(long invitationId, String recipient, String title, int minutes, Instant closesAt,
                                  String link, String language) {
        MailTexts texts = MailTexts.of(language);
        return letter("reminder", "reminder:" + invitationId, recipient, texts,
                texts.get("reminder.subject", title), "reminder.jte",
                new ReminderModel(title, minutes, when(closesAt, texts), link));
    }

    /** One task's line in a candidate's results. */
    public record TaskScore(String title, int score, int max) {
    }

    /** What a candidate's results say: the assessment, the total, each task, the recruiter's note (or null). */
    public record ResultsModel(String title, int total, int max, List<TaskScore> tasks, String note) {
    }

    /** A candidate's results, once the recruiter releases them. */
    public static Letter results(long invitationId, String recipient, String title, List<TaskScore> tasks, String note,
                                 String language) {
        MailTexts texts = MailTexts.of(language);
        ResultsModel model = new ResultsModel(title, tasks.stream().mapToInt(TaskScore::score).sum(),
                tasks.stream().mapToInt(TaskScore::max).sum(), tasks, note == null || note.isBlank() ? null : note);
        return letter("results", "results:" + invitationId, recipient, texts, texts.get("results.subject", title),
                "results.jte", model);
    }

    /** A thread in a digest: its title, how many new posts, by whom, its address. */
    public record DigestThread(String title, int posts, String by, String link) {
    }

    /** What a digest says: to whom, the threads, the link that turns digests off. */
    public record DigestModel(String username, List<DigestThread> threads, String off) {
    }

    /** The forum's daily digest for one person: one per day ({@code day}, UTC). */
    public static Letter forumDigest(long accountId, String recipient, String username, List<DigestThread> threads,
                                     String day, String offLink) {
        MailTexts texts = MailTexts.of("en");
        return letter("forum-digest", "forum-digest:" + accountId + ":" + day, recipient, texts,
                texts.get("digest.subject", threads.size()), "digest.jte", new DigestModel(username, threads, offLink));
    }

    /** What an announcement says: the contest, the text as the organisers wrote it, the contest's page. */
    public record AnnouncementModel(String contest, String text, String link) {
    }

    /** A contest's announcement, to one participant. */
    public static Letter announcement(long announcementId, String recipient, String contest, String text, String link) {
        MailTexts texts = MailTexts.of("en");
        return letter("announcement", "announcement:" + announcementId + ":" + recipient, recipient, texts,
                texts.get("announcement.subject", contest), "announcement.jte",
                new AnnouncementModel(contest, text, link));
    }

    private static Letter letter(String kind, String reference, String recipient, MailTexts texts, String subject,
                                 String template, Object model) {
        Map<String, Object> params = Map.of("t", texts, "m", model);
        StringOutput text = new StringOutput();
        TEXT.render(template, params, text);
        StringOutput html = new StringOutput();
        HTML.render(template, params, html);
        return new Letter(kind, reference, recipient, texts.language(), subject, text.toString().strip() + "\n",
                html.toString());
    }

    /** A moment as the recipient reads it (in UTC, said so: the platform does not know their time zone). */
    static String when(Instant instant, MailTexts texts) {
        return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.LONG, FormatStyle.SHORT)
                .withLocale(Locale.forLanguageTag(texts.language())).withZone(ZoneOffset.UTC).format(instant) + " UTC";
    }
}
