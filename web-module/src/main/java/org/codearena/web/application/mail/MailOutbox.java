package org.codearena.web.application.mail;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.UUID;
import org.hibernate.Session;

/**
 * Queues mail in the caller's transaction: the messages are there exactly when the action that causes them
 * committed (an invitation and its mail, or neither). The sender ({@link MailSender}) takes them from there.
 */
@Stateless
public class MailOutbox {

    /** the domain of the Message-ID headers this platform gives */
    static final String MESSAGE_ID_DOMAIN = "codearena.mail";

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /**
     * Queues the letters (in batches of statements on this transaction's connection); a letter whose kind and
     * reference were queued before is not queued again. Returns how many were new.
     */
    public int queue(List<Letter> letters) {
        return queue(letters, null);
    }

    /** The same, as part of a mass mailing: its messages count towards its progress. */
    public int queue(List<Letter> letters, Long mailingId) {
        if (letters.isEmpty()) {
            return 0;
        }
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            int added = 0;
            try (PreparedStatement insert = connection.prepareStatement("insert into mail_outbox (kind, reference, "
                    + "recipient, locale, subject, text_body, html_body, message_id, mailing_id) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "on conflict (kind, reference) do nothing")) {
                int inBatch = 0;
                for (Letter letter : letters) {
                    insert.setString(1, letter.kind());
                    insert.setString(2, letter.reference());
                    insert.setString(3, letter.recipient());
                    insert.setString(4, letter.locale());
                    insert.setString(5, letter.subject());
                    insert.setString(6, letter.text());
                    insert.setString(7, letter.html());
                    insert.setString(8, "<" + UUID.randomUUID() + "@" + MESSAGE_ID_DOMAIN + ">");
                    insert.setObject(9, mailingId, java.sql.Types.BIGINT);
                    insert.addBatch();
                    if (++inBatch == 500) {
                        added += sum(insert.executeBatch());
                        inBatch = 0;
                    }
                }
                if (inBatch > 0) {
                    added += sum(insert.executeBatch());
                }
            }
            return added;
        });
    }

    private static int sum(int[] counts) {
        int sum = 0;
        for (int count : counts) {
            sum += Math.max(0, count);
        }
        return sum;
    }
}
