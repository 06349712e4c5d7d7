package org.codearena.web.application.mail;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Drains the mail outbox at a set pace, shared by every server: each tick one server claims the next slice of due
 * messages (QUEUED → SENDING, committed), hands them to the SMTP server over one connection, and marks each SENT as
 * soon as the server took it. A failure the SMTP server calls permanent (an address it refuses) is FAILED with its
 * reason (a bounce); any other is tried again later (30 s, 1 min, 2 min, … at most an hour apart), FAILED after
 * {@code codearena.mail.max.attempts}. A message claimed by a server that stopped while sending goes back to the
 * queue after {@value #STALE_CLAIM_SECONDS} s: one it had not begun to hand over goes out once; the one it was
 * handing over when it died (it may have arrived) goes again with the same Message-ID, which receivers know.
 */
@ApplicationScoped
public class MailSender {

    private static final Logger LOG = Logger.getLogger(MailSender.class.getName());
    static final int STALE_CLAIM_SECONDS = 60;
    private static final long TICK_MILLIS = 250;

    /** A message claimed for sending. */
    record Claimed(long id, String recipient, String locale, String subject, String text, String html,
                   String messageId, int attempts) {
    }

    @Resource(lookup = "jdbc/arena", shareable = false)
    private DataSource dataSource;

    @Resource(lookup = "mail/arena")
    private Session mail;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "codearena.mail.rate.per.second", defaultValue = "20")
    double ratePerSecond;

    @Inject
    @ConfigProperty(name = "codearena.mail.max.attempts", defaultValue = "8")
    int maxAttempts;

    @Inject
    @ConfigProperty(name = "codearena.mail.enabled", defaultValue = "true")
    boolean enabled;

    private volatile ScheduledFuture<?> ticker;
    private volatile boolean stopped;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!enabled) {
            LOG.info("event=mail-sender-off reason=\"codearena.mail.enabled=false: mail stays in the outbox\"");
            return;
        }
        if (ratePerSecond <= 0) {
            throw new IllegalStateException("codearena.mail.rate.per.second must be above 0, not " + ratePerSecond);
        }
        next(TICK_MILLIS);
        LOG.info(() -> "event=mail-sender-started rate=" + ratePerSecond + "/s slice=" + slice() + " host="
                + java.util.Objects.requireNonNullElse(mail.getProperty("mail.smtp.host"), mail.getProperty("mail.host"))
                + ":" + mail.getProperty("mail.smtp.port"));
    }

    @PreDestroy
    void stop() {
        stopped = true;
        ScheduledFuture<?> pending = ticker;
        if (pending != null) {
            pending.cancel(false);
        }
    }

    private void next(long delayMillis) {
        if (!stopped) {
            ticker = scheduler.schedule(this::tickThenNext, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void tickThenNext() {
        long began = System.nanoTime();
        Outcome outcome = Outcome.EMPTY;
        try {
            outcome = tick();
        } finally {
            next(nextDelayMillis(outcome, (System.nanoTime() - began) / 1_000_000));
        }
    }

    /** What a tick came to: a slice claimed and sent, the pace not due yet (another server's claim), nothing due. */
    enum Outcome { SENT, PACED, EMPTY }

    /**
     * When to look again: after a slice, once the rest of its pace has passed (slices leave at the configured rate
     * whatever sending took, and at once when sending took longer); when the pace was not due, a quarter of it
     * later; with nothing to send, a tick later.
     */
    long nextDelayMillis(Outcome outcome, long elapsedMillis) {
        return switch (outcome) {
            case SENT -> Math.max(1, paceMillis() - elapsedMillis);
            case PACED -> Math.max(5, Math.min(TICK_MILLIS, paceMillis() / 4));
            case EMPTY -> TICK_MILLIS;
        };
    }

    /** Messages per claim: a quarter second's worth, at least one. */
    int slice() {
        return Math.max(1, (int) Math.ceil(ratePerSecond * TICK_MILLIS / 1000.0));
    }

    /** The least time between two claims, across every server, so that the pace holds. */
    long paceMillis() {
        return Math.round(slice() * 1000.0 / ratePerSecond);
    }

    Outcome tick() {
        try {
            List<Claimed> claimed = claim();
            if (claimed == null) {
                return Outcome.PACED;
            }
            if (!claimed.isEmpty()) {
                send(claimed);
                return Outcome.SENT;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "event=mail-sender-failed error=\"" + e + "\" (the outbox keeps the messages; "
                    + "the next tick tries again)", e);
        }
        return Outcome.EMPTY;
    }

    /**
     * Takes the next slice when this tick is the pace's (one claim per pace across the servers); null when the
     * pace is not due yet.
     */
    List<Claimed> claim() throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement pace = connection.prepareStatement("update mail_sender_pace "
                        + "set last_claim_at = clock_timestamp() where id = 1 "
                        + "and last_claim_at <= clock_timestamp() - make_interval(secs => ?)")) {
                    pace.setDouble(1, paceMillis() / 1000.0);
                    if (pace.executeUpdate() == 0) {
                        connection.rollback();
                        return null;
                    }
                }
                try (PreparedStatement stale = connection.prepareStatement("update mail_outbox set status = 'QUEUED', "
                        + "handed_at = null where status = 'SENDING' and claimed_at < now() - make_interval(secs => ?) "
                        + "returning handed_at is not null")) {
                    stale.setInt(1, STALE_CLAIM_SECONDS);
                    int requeued = 0;
                    int handed = 0;
                    try (ResultSet rows = stale.executeQuery()) {
                        while (rows.next()) {
                            requeued++;
                            handed += rows.getBoolean(1) ? 1 : 0;
                        }
                    }
                    if (requeued > 0) {
                        int all = requeued;
                        int maybeSent = handed;
                        LOG.warning(() -> "event=mail-claims-requeued count=" + all + " maybeSent=" + maybeSent
                                + " reason=\"claimed more than " + STALE_CLAIM_SECONDS + " s ago by a sender that "
                                + "stopped; the ones it had begun to hand over go again with the same Message-ID\"");
                    }
                }
                try (PreparedStatement take = connection.prepareStatement("update mail_outbox set status = 'SENDING', "
                        + "claimed_at = now(), attempts = attempts + 1 where id in (select id from mail_outbox "
                        + "where status = 'QUEUED' and send_after <= now() order by send_after, id limit ? "
                        + "for update skip locked) returning id, recipient, locale, subject, text_body, html_body, "
                        + "message_id, attempts")) {
                    take.setInt(1, slice());
                    try (ResultSet rows = take.executeQuery()) {
                        while (rows.next()) {
                            claimed.add(new Claimed(rows.getLong(1), rows.getString(2), rows.getString(3),
                                    rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7),
                                    rows.getInt(8)));
                        }
                    }
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
        claimed.sort(java.util.Comparator.comparingLong(Claimed::id));
        return claimed;
    }

    private void send(List<Claimed> claimed) throws SQLException {
        Transport transport = null;
        try {
            transport = mail.getTransport();
            transport.connect();
        } catch (MessagingException e) {
            // the SMTP server cannot be reached: every message of the slice is tried again later
            for (Claimed message : claimed) {
                failed(message, e, false);
            }
            closeQuietly(transport);
            return;
        }
        // the SENT mark of one message and the handed_at mark of the next are one commit (one WAL flush per
        // message, not two); a crash between a hand-over and that commit leaves one message handed over and not
        // marked, which goes again with its Message-ID, as before
        Claimed unmarked = null;
        try {
            for (Claimed message : claimed) {
                try {
                    MimeMessage mime = mime(message);
                    handing(unmarked, message);
                    unmarked = null;
                    transport.sendMessage(mime, mime.getAllRecipients());
                    unmarked = message;
                } catch (SendFailedException refused) {
                    boolean permanent = refused.getInvalidAddresses() != null && refused.getInvalidAddresses().length > 0;
                    failed(message, refused, permanent);
                } catch (MessagingException e) {
                    failed(message, e, false);
                }
            }
            if (unmarked != null) {
                sent(unmarked);
            }
        } finally {
            closeQuietly(transport);
        }
    }

    private MimeMessage mime(Claimed message) throws MessagingException {
        MimeMessage mime = new MimeMessage(mail) {
            @Override
            protected void updateMessageID() throws MessagingException {
                // the outbox's: the same for every attempt, so that a message sent twice is known for one
                setHeader("Message-ID", message.messageId());
            }
        };
        mime.setFrom();
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.recipient(), true));
        mime.setSubject(message.subject(), "UTF-8");
        mime.setSentDate(new Date());
        mime.setHeader("Auto-Submitted", "auto-generated");
        mime.setHeader("Content-Language", message.locale());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.text(), "UTF-8", "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), "UTF-8", "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        alternative.addBodyPart(html);
        mime.setContent(alternative);
        mime.saveChanges();
        return mime;
    }

    /**
     * Written before the message goes to the SMTP server (after a crash, what was never handed over is known), in
     * one transaction with the SENT mark of the one handed over before it (null: none).
     */
    private void handing(Claimed previous, Claimed message) throws SQLException {
        if (previous == null) {
            mark(message, "handed_at = now()");
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement sent = connection.prepareStatement("update mail_outbox set " + SENT
                    + " where id = ? and status = 'SENDING'");
                 PreparedStatement handed = connection.prepareStatement("update mail_outbox set handed_at = now() "
                         + "where id = ? and status = 'SENDING'")) {
                sent.setLong(1, previous.id());
                sent.executeUpdate();
                handed.setLong(1, message.id());
                handed.executeUpdate();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static final String SENT = "status = 'SENT', sent_at = now(), last_error = null";

    private void sent(Claimed message) throws SQLException {
        mark(message, SENT);
    }

    /** Sets columns of a message this sender still holds (SENDING), in a statement of its own. */
    private void mark(Claimed message, String assignments) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update mail_outbox set " + assignments
                     + " where id = ? and status = 'SENDING'")) {
            update.setLong(1, message.id());
            update.executeUpdate();
        }
    }

    private void failed(Claimed message, Exception error, boolean permanent) throws SQLException {
        boolean last = permanent || message.attempts() >= maxAttempts;
        String why = (permanent ? "refused: " : "attempt " + message.attempts() + " failed: ") + error.getMessage();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("update mail_outbox set status = ?, "
                     + "send_after = now() + make_interval(secs => ?), last_error = ? where id = ? and status = 'SENDING'")) {
            update.setString(1, last ? "FAILED" : "QUEUED");
            update.setLong(2, backoffSeconds(message.attempts()));
            update.setString(3, why.length() > 1000 ? why.substring(0, 1000) : why);
            update.setLong(4, message.id());
            update.executeUpdate();
        }
        LOG.warning(() -> "event=mail-" + (last ? "failed" : "retry") + " id=" + message.id() + " attempts="
                + message.attempts() + " error=\"" + error.getMessage() + "\"");
    }

    /** 30 s after the first failure, doubling, at most an hour. */
    static long backoffSeconds(int attempts) {
        return Math.min(3600, 30L << Math.min(10, Math.max(0, attempts - 1)));
    }

    private static void closeQuietly(Transport transport) {
        if (transport != null) {
            try {
                transport.close();
            } catch (MessagingException e) {
                LOG.fine(() -> "event=mail-close-failed error=" + e);
            }
        }
    }
}
