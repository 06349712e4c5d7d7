package org.codearena.forum;

import jakarta.persistence.EntityManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.codearena.forum.ForumViews.Categories;
import org.codearena.forum.ForumViews.Category;
import org.codearena.forum.ForumViews.CategoryPage;
import org.codearena.forum.ForumViews.Post;
import org.codearena.forum.ForumViews.Report;
import org.codearena.forum.ForumViews.Revision;
import org.codearena.forum.ForumViews.SearchHit;
import org.codearena.forum.ForumViews.SearchResults;
import org.codearena.forum.ForumViews.ThreadPage;
import org.codearena.forum.ForumViews.ThreadSummary;

/**
 * The forum's reads from PostgreSQL, each a few indexed queries that build one view (the cache in front of them is
 * {@link ForumCache}). Every value from a person reaches SQL as a bound parameter.
 */
public final class ForumQueries {

    static final int MAX_QUERY_LENGTH = 200;

    private final EntityManager em;

    public ForumQueries(EntityManager em) {
        this.em = em;
    }

    public Categories categories() {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, slug, title, description, kind, ref_id, thread_count, post_count, last_post_at
                FROM forum_category ORDER BY sort_order, last_post_at DESC NULLS LAST, title""").getResultList();
        List<Category> categories = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            categories.add(new Category(number(row[0]), (String) row[1], (String) row[2], (String) row[3],
                    (String) row[4], row[5] == null ? null : number(row[5]), (int) number(row[6]),
                    (int) number(row[7]), instant(row[8])));
        }
        return new Categories(List.copyOf(categories), ForumViews.digest(categories));
    }

    public CategoryPage categoryPage(Category listed, int page) {
        // the category read again with the page: the list it came from may be older than the generation that names
        // this page in the cache
        Object[] fresh = (Object[]) em.createNativeQuery(
                        "SELECT thread_count, post_count, last_post_at FROM forum_category WHERE id = ?1")
                .setParameter(1, listed.id()).getSingleResult();
        Category category = new Category(listed.id(), listed.slug(), listed.title(), listed.description(),
                listed.kind(), listed.refId(), (int) number(fresh[0]), (int) number(fresh[1]), instant(fresh[2]));
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.id, t.title, a.username, t.created_at, t.last_post_at, lp.username, t.post_count, t.pinned,
                       t.locked
                FROM forum_thread t JOIN account a ON a.id = t.author_id
                LEFT JOIN account lp ON lp.id = t.last_poster_id
                WHERE t.category_id = ?1 AND NOT t.hidden
                ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC
                LIMIT ?2 OFFSET ?3""")
                .setParameter(1, category.id())
                .setParameter(2, ForumViews.THREADS_PER_PAGE)
                .setParameter(3, (page - 1) * ForumViews.THREADS_PER_PAGE)
                .getResultList();
        List<ThreadSummary> threads = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            threads.add(new ThreadSummary(number(row[0]), (String) row[1], (String) row[2], instant(row[3]),
                    instant(row[4]), (String) row[5], (int) number(row[6]), (Boolean) row[7], (Boolean) row[8]));
        }
        int pages = ForumViews.pagesFor(category.threadCount(), ForumViews.THREADS_PER_PAGE);
        return new CategoryPage(category, page, pages, List.copyOf(threads),
                ForumViews.digest(List.of(category, page, threads)));
    }

    /** The thread (whatever its state: the caller decides who may see a hidden one), or empty. */
    public Optional<ForumViews.Thread> thread(long id, Categories categories) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT t.id, t.title, t.author_id, a.username, t.category_id, t.created_at, t.post_count, t.pinned,
                       t.locked, t.hidden, t.version
                FROM forum_thread t JOIN account a ON a.id = t.author_id WHERE t.id = ?1""")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        long categoryId = number(row[4]);
        Category category = categories.categories().stream().filter(c -> c.id() == categoryId).findFirst()
                .orElse(null);
        return Optional.of(new ForumViews.Thread(number(row[0]), (String) row[1], number(row[2]), (String) row[3],
                category, instant(row[5]), (int) number(row[6]), (Boolean) row[7], (Boolean) row[8],
                (Boolean) row[9], number(row[10])));
    }

    public ThreadPage threadPage(ForumViews.Thread thread, int page) {
        int first = (page - 1) * ForumViews.POSTS_PER_PAGE + 1;
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.id, p.number, p.author_id, a.username, p.reply_to_number, p.body_markdown, p.created_at,
                       p.edited_at, p.edit_count, p.deleted_at IS NOT NULL, p.hidden
                FROM forum_post p JOIN account a ON a.id = p.author_id
                WHERE p.thread_id = ?1 AND p.number BETWEEN ?2 AND ?3 ORDER BY p.number""")
                .setParameter(1, thread.id())
                .setParameter(2, first)
                .setParameter(3, first + ForumViews.POSTS_PER_PAGE - 1)
                .getResultList();
        List<Post> posts = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            String markdown = (String) row[5];
            posts.add(new Post(number(row[0]), (int) number(row[1]), number(row[2]), (String) row[3],
                    row[4] == null ? null : (int) number(row[4]), markdown, PostRenderer.toHtml(markdown),
                    instant(row[6]), instant(row[7]), (int) number(row[8]), (Boolean) row[9], (Boolean) row[10]));
        }
        int pages = ForumViews.pagesFor(thread.postCount(), ForumViews.POSTS_PER_PAGE);
        return new ThreadPage(thread, page, pages, List.copyOf(posts), ForumViews.digest(List.of(thread, page,
                posts)));
    }

    /**
     * PostgreSQL full-text search (websearch syntax: words, "a phrase", -not, or) over posts and thread titles, both
     * through their GIN indexes; hidden and deleted posts and hidden threads are left out.
     */
    public SearchResults search(String query, int page) {
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            throw ForumException.invalid("type a word or two to search for");
        }
        if (q.length() > MAX_QUERY_LENGTH) {
            throw ForumException.invalid("a search is at most " + MAX_QUERY_LENGTH + " characters");
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH q AS (SELECT websearch_to_tsquery('english', ?1) AS q),
                hits AS (
                    SELECT p.id, ts_rank(p.body_tsv, q.q) AS rank FROM forum_post p, q WHERE p.body_tsv @@ q.q
                    UNION ALL
                    SELECT p.id, ts_rank(t.title_tsv, q.q) * 2 FROM forum_thread t
                    JOIN forum_post p ON p.thread_id = t.id AND p.number = 1, q WHERE t.title_tsv @@ q.q),
                best AS (SELECT id, max(rank) AS rank FROM hits GROUP BY id)
                SELECT p.id, p.thread_id, t.title, p.number, a.username, p.created_at, c.slug, c.title,
                       ts_headline('english', p.body_markdown, q.q,
                                   'StartSel=@@@[, StopSel=]@@@, MaxWords=30, MinWords=12, MaxFragments=2')
                FROM best JOIN forum_post p ON p.id = best.id JOIN forum_thread t ON t.id = p.thread_id
                JOIN forum_category c ON c.id = t.category_id JOIN account a ON a.id = p.author_id, q
                WHERE NOT p.hidden AND p.deleted_at IS NULL AND NOT t.hidden
                ORDER BY best.rank DESC, p.created_at DESC
                LIMIT ?2 OFFSET ?3""")
                .setParameter(1, q)
                .setParameter(2, ForumViews.RESULTS_PER_PAGE + 1)
                .setParameter(3, (page - 1) * ForumViews.RESULTS_PER_PAGE)
                .getResultList();
        List<SearchHit> hits = new ArrayList<>();
        for (Object[] row : rows.subList(0, Math.min(rows.size(), ForumViews.RESULTS_PER_PAGE))) {
            hits.add(new SearchHit(number(row[0]), number(row[1]), (String) row[2], (int) number(row[3]),
                    (String) row[4], instant(row[5]), (String) row[6], (String) row[7], (String) row[8]));
        }
        return new SearchResults(q, page, rows.size() > ForumViews.RESULTS_PER_PAGE, List.copyOf(hits));
    }

    public Optional<ForumViews.PostRef> post(long postId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT p.id, p.thread_id, t.title, t.hidden, p.number, p.author_id, a.username, p.body_markdown,
                       p.created_at, p.edited_at, p.edit_count, p.deleted_at IS NOT NULL, p.hidden
                FROM forum_post p JOIN forum_thread t ON t.id = p.thread_id JOIN account a ON a.id = p.author_id
                WHERE p.id = ?1""").setParameter(1, postId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        return Optional.of(new ForumViews.PostRef(number(row[0]), number(row[1]), (String) row[2], (Boolean) row[3],
                (int) number(row[4]), number(row[5]), (String) row[6], (String) row[7], instant(row[8]),
                instant(row[9]), (int) number(row[10]), (Boolean) row[11], (Boolean) row[12]));
    }

    /** A post's earlier texts, oldest first. */
    public List<Revision> history(long postId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.revision, r.body_markdown, r.replaced_at, a.username
                FROM forum_post_revision r LEFT JOIN account a ON a.id = r.replaced_by
                WHERE r.post_id = ?1 ORDER BY r.revision""").setParameter(1, postId).getResultList();
        List<Revision> revisions = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            revisions.add(new Revision((int) number(row[0]), (String) row[1], instant(row[2]), (String) row[3]));
        }
        return revisions;
    }

    /** The moderation queue: open reports, oldest first. */
    public List<Report> openReports(int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                SELECT r.id, p.id, t.id, t.title, p.number, pa.username, p.body_markdown, p.hidden, ra.username,
                       r.reason, r.created_at
                FROM forum_report r JOIN forum_post p ON p.id = r.post_id JOIN forum_thread t ON t.id = p.thread_id
                JOIN account pa ON pa.id = p.author_id JOIN account ra ON ra.id = r.reporter_id
                WHERE r.resolved_at IS NULL ORDER BY r.created_at LIMIT ?1""").setParameter(1, limit)
                .getResultList();
        List<Report> reports = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            reports.add(new Report(number(row[0]), number(row[1]), number(row[2]), (String) row[3],
                    (int) number(row[4]), (String) row[5], (String) row[6], (Boolean) row[7], (String) row[8],
                    (String) row[9], instant(row[10])));
        }
        return reports;
    }

    public long openReportCount() {
        return number(em.createNativeQuery("SELECT count(*) FROM forum_report WHERE resolved_at IS NULL")
                .getSingleResult());
    }

    static long number(Object value) {
        return ((Number) value).longValue();
    }

    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        throw new IllegalArgumentException("not a time: " + value.getClass());
    }
}
