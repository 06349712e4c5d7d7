package org.codearena.forum;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/**
 * What the forum's pages and its API show, as immutable values: made once from the database, kept in the cache and
 * shared by every reader. Each page carries a digest of its content: its ETag, the same on every server.
 */
public final class ForumViews {

    public static final int THREADS_PER_PAGE = 30;
    public static final int POSTS_PER_PAGE = 20;
    public static final int RESULTS_PER_PAGE = 20;

    private ForumViews() {
    }

    public record Category(long id, String slug, String title, String description, String kind, Long refId,
                           int threadCount, int postCount, Instant lastPostAt) {
    }

    public record Categories(List<Category> categories, String digest) {

        public Category bySlug(String slug) {
            for (Category category : categories) {
                if (category.slug().equals(slug)) {
                    return category;
                }
            }
            return null;
        }
    }

    public record ThreadSummary(long id, String title, String author, Instant createdAt, Instant lastPostAt,
                                String lastPoster, int postCount, boolean pinned, boolean locked) {

        /** the page of the thread that holds its last post */
        public int lastPage() {
            return pagesFor(postCount, POSTS_PER_PAGE);
        }
    }

    public record CategoryPage(Category category, int page, int pages, List<ThreadSummary> threads, String digest) {
    }

    public record Post(long id, int number, long authorId, String author, Integer replyTo, String markdown,
                       String html, Instant createdAt, Instant editedAt, int editCount, boolean deleted,
                       boolean hidden) {

        /** shown as it was written: neither deleted by its author nor hidden by a moderator */
        public boolean visible() {
            return !deleted && !hidden;
        }
    }

    public record Thread(long id, String title, long authorId, String author, Category category, Instant createdAt,
                         int postCount, boolean pinned, boolean locked, boolean hidden, long version) {
    }

    public record ThreadPage(Thread thread, int page, int pages, List<Post> posts, String digest) {
    }

    public record SearchHit(long postId, long threadId, String threadTitle, int number, String author,
                            Instant createdAt, String categorySlug, String categoryTitle, String snippet) {

        /** the thread page that holds the post */
        public int page() {
            return pagesFor(number, POSTS_PER_PAGE);
        }
    }

    public record SearchResults(String query, int page, boolean more, List<SearchHit> hits) {
    }

    /** One post with where it is: for a quote, an edit, its history. */
    public record PostRef(long id, long threadId, String threadTitle, boolean threadHidden, int number, long authorId,
                          String author, String markdown, Instant createdAt, Instant editedAt, int editCount,
                          boolean deleted, boolean hidden) {

        /** the thread page that holds it */
        public int page() {
            return pagesFor(number, POSTS_PER_PAGE);
        }
    }

    public record Revision(int revision, String markdown, Instant replacedAt, String replacedBy) {
    }

    public record Report(long id, long postId, long threadId, String threadTitle, int number, String postAuthor,
                         String postMarkdown, boolean postHidden, String reporter, String reason, Instant createdAt) {
    }

    public static int pagesFor(int items, int perPage) {
        return Math.max(1, (items + perPage - 1) / perPage);
    }

    /** A short digest of a view's content (its record text): the page's ETag. Made once per cache fill. */
    static String digest(Object content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(content).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
