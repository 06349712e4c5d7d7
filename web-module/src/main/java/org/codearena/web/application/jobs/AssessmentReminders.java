package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.codearena.web.application.ReplicaStatus;
import org.codearena.web.application.mail.Letter;
import org.codearena.web.application.mail.MailOutbox;
import org.codearena.web.application.mail.MailTemplates;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A reminder to every candidate invited by mail who has not started an assessment whose window closes within
 * {@code codearena.jobs.assessment-reminders.before.hours}: who they are is read from the replica (never the
 * primary), the reminders are queued in the outbox (the primary), once per candidate, in the language of their
 * invitation. When the replica is down or further behind than {@code codearena.jobs.replica.max.lag.seconds}, the
 * job waits for its next turn and says so.
 */
@Stateless
public class AssessmentReminders extends ReplicaJob {

    /**
     * invitations not started, of assessments closing soon, that were mailed (a recruiter who sends the links
     * themselves is not overruled) and not reminded yet, as far as the replica knows
     */
    private static final String DUE = "select i.id, i.email, i.token, a.title, a.duration_minutes, a.closes_at, "
            + "o.locale, a.id from assessment_invitation i join assessment a on a.id = i.assessment_id "
            + "join mail_outbox o on o.kind = 'invitation' and o.reference = 'invitation:' || i.id "
            + "where i.started_at is null and a.closes_at > now() "
            + "and a.closes_at <= now() + make_interval(hours => ?) "
            + "and not exists (select 1 from mail_outbox r where r.kind = 'reminder' and r.reference = 'reminder:' || i.id) "
            + "order by i.id";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replicaData;

    @EJB
    private MailOutbox outbox;

    @Inject
    @ConfigProperty(name = "codearena.jobs.assessment-reminders.before.hours", defaultValue = "24")
    int beforeHours;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public JobResult run() throws SQLException {
        ReplicaStatus.Freshness replicaNow = replica();
        if (!replicaNow.usable()) {
            return JobResult.waited(replicaNow.reason());
        }
        long lagMillis = replicaNow.lagMillis();
        String site = site();
        List<Letter> letters = new ArrayList<>();
        Set<Long> assessments = new HashSet<>();
        try (Connection connection = replicaData.getConnection();
             PreparedStatement due = connection.prepareStatement(DUE)) {
            due.setInt(1, beforeHours);
            try (ResultSet rows = due.executeQuery()) {
                while (rows.next()) {
                    assessments.add(rows.getLong(8));
                    letters.add(MailTemplates.reminder(rows.getLong(1), rows.getString(2), rows.getString(4),
                            rows.getInt(5), rows.getTimestamp(6).toInstant(),
                            site + "/assessment.html?token=" + rows.getString(3), rows.getString(7)));
                }
            }
        }
        int queued = outbox.queue(letters);
        return JobResult.ok(queued + " reminder(s) queued for " + assessments.size() + " assessment(s) closing within "
                + beforeHours + " h (read from the replica, " + lagMillis + " ms behind)");
    }
}
