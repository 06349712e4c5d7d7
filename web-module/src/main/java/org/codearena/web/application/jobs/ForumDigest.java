package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.codearena.web.application.ReplicaStatus;
import org.codearena.web.application.mail.Letter;
import org.codearena.web.application.mail.MailLinks;
import org.codearena.web.application.mail.MailOutbox;
import org.codearena.web.application.mail.MailTemplates;
import org.codearena.web.application.mail.MailTemplates.DigestThread;

/**
 * The forum's daily digest: to each person who takes part in threads (started one or posted in it) that others
 * posted in during the last 24 hours, one mail listing those threads, with how many new posts and by whom. Read from
 * the replica; one digest per person per day (a second run the same day queues nothing new); people who turned it
 * off (the link in every digest) get none.
 */
@Stateless
public class ForumDigest extends ReplicaJob {

    private static final String NEW_POSTS = "with mine as (select distinct p.author_id as account_id, p.thread_id "
            + "from forum_post p where p.deleted_at is null and not p.hidden), "
            + "fresh as (select p.thread_id, p.author_id from forum_post p join forum_thread t on t.id = p.thread_id "
            + "where p.created_at > now() - interval '24 hours' and p.deleted_at is null and not p.hidden "
            + "and not t.hidden) "
            + "select m.account_id, a.email, a.username, t.id, t.title, count(*), "
            + "string_agg(distinct r.username, ', ') from mine m "
            + "join fresh f on f.thread_id = m.thread_id and f.author_id <> m.account_id "
            + "join account a on a.id = m.account_id and a.mail_forum_digest "
            + "join forum_thread t on t.id = m.thread_id join account r on r.id = f.author_id "
            + "group by m.account_id, a.email, a.username, t.id, t.title, t.last_post_at "
            + "order by m.account_id, t.last_post_at desc";

    @Resource(lookup = "jdbc/arenaReplica")
    private DataSource replicaData;

    @EJB
    private MailOutbox outbox;

    @EJB
    private MailLinks links;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public JobResult run() throws SQLException {
        ReplicaStatus.Freshness replicaNow = replica();
        if (!replicaNow.usable()) {
            return JobResult.waited(replicaNow.reason());
        }
        String site = site();
        String day = LocalDate.now(ZoneOffset.UTC).toString();
        List<Letter> letters = new ArrayList<>();
        int threads = 0;
        try (Connection connection = replicaData.getConnection();
             PreparedStatement query = connection.prepareStatement(NEW_POSTS);
             ResultSet rows = query.executeQuery()) {
            long account = -1;
            String email = null;
            String username = null;
            List<DigestThread> mine = new ArrayList<>();
            while (rows.next()) {
                if (rows.getLong(1) != account && !mine.isEmpty()) {
                    letters.add(MailTemplates.forumDigest(account, email, username, mine, day,
                            links.digestOff(site, account)));
                    mine = new ArrayList<>();
                }
                account = rows.getLong(1);
                email = rows.getString(2);
                username = rows.getString(3);
                mine.add(new DigestThread(rows.getString(5), rows.getInt(6), rows.getString(7),
                        site + "/forum/t/" + rows.getLong(4)));
                threads++;
            }
            if (!mine.isEmpty()) {
                letters.add(MailTemplates.forumDigest(account, email, username, mine, day,
                        links.digestOff(site, account)));
            }
        }
        int queued = outbox.queue(letters);
        return JobResult.ok(queued + " digest(s) queued (" + letters.size() + " people, " + threads
                + " thread mentions; read from the replica, " + replicaNow.lagMillis() + " ms behind)");
    }
}
