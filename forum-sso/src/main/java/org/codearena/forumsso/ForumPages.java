package org.codearena.forumsso;

import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.forum.ForumReads;
import org.codearena.forum.ForumViews;
import org.codearena.forum.ReadMarks;
import org.codearena.forum.SignedInDirectory.Reader;

/**
 * What the forum's pages read: views from the cache (the database only for what is not there), and the reader's
 * read marks (from memory; written behind, every two seconds, in one batch). No transaction on the way of a page.
 * Every read runs inside one of these methods: the container's EntityManager outside a transaction lives for the
 * method call and gives its connection back at its end (used after the call, it would keep it).
 */
@Singleton
@jakarta.ejb.ConcurrencyManagement(jakarta.ejb.ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class ForumPages {

    private static final Logger LOG = Logger.getLogger(ForumPages.class.getName());

    @PersistenceContext(unitName = "arena")
    private EntityManager em;

    public ForumViews.Categories categories() {
        return reads().categories();
    }

    public ForumViews.CategoryPage categoryPage(String slug, int page) {
        return reads().categoryPage(slug, page);
    }

    public ForumViews.ThreadPage threadPage(long threadId, int page, Reader viewer) {
        return reads().threadPage(threadId, page, viewer);
    }

    public ForumViews.SearchResults search(String query, int page) {
        return reads().search(query, page);
    }

    public ForumViews.PostRef post(long postId, Reader viewer) {
        return reads().post(postId, viewer);
    }

    private ForumReads reads() {
        return new ForumReads(em);
    }

    public ReadMarks.Marks marks(Reader reader) {
        return reader == null ? null : ReadMarks.get().of(reader.accountId(), em);
    }

    public List<ForumViews.Revision> history(long postId) {
        return reads().queries().history(postId);
    }

    public List<ForumViews.Report> openReports() {
        return reads().queries().openReports(200);
    }

    /** The read marks of the last seconds, written in one statement. */
    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public void flushReadMarks() {
        try {
            int written = ReadMarks.get().flush(em);
            if (written > 0) {
                LOG.fine(() -> "event=forum-read-marks-written count=" + written);
            }
        } catch (RuntimeException e) {
            // kept in memory: the next flush tries again
            LOG.log(Level.WARNING, "event=forum-read-marks-write-failed", e);
        }
    }
}
