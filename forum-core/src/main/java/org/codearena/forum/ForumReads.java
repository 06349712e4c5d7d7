package org.codearena.forum;

import jakarta.persistence.EntityManager;
import org.codearena.forum.ForumViews.Categories;
import org.codearena.forum.ForumViews.Category;
import org.codearena.forum.ForumViews.CategoryPage;
import org.codearena.forum.ForumViews.ThreadPage;
import org.codearena.forum.SignedInDirectory.Reader;

/**
 * The forum's reads as the pages and the API make them: through the cache ({@link ForumCache}), to the database
 * ({@link ForumQueries}) only for what is not there. A page number past the end gives the last page (its view says
 * which page it is).
 */
public final class ForumReads {

    private final ForumCache cache = ForumCache.get();
    private final ForumQueries queries;

    public ForumReads(EntityManager em) {
        this.queries = new ForumQueries(em);
    }

    public Categories categories() {
        return cache.categories(queries::categories);
    }

    public CategoryPage categoryPage(String slug, int page) {
        Category category = slug == null ? null : categories().bySlug(slug);
        if (category == null && slug != null) {
            category = fresherCategories().bySlug(slug);
        }
        if (category == null) {
            throw ForumException.notFound("no category \"" + slug + "\"; the forum's front page lists them");
        }
        Category found = category;
        int pages = ForumViews.pagesFor(found.threadCount(), ForumViews.THREADS_PER_PAGE);
        int wanted = Math.max(1, Math.min(page, pages));
        return cache.categoryPage(found.id(), wanted, () -> queries.categoryPage(found, wanted));
    }

    /** A page of a thread; a hidden thread only for moderators (to everyone else it does not exist). */
    public ThreadPage threadPage(long threadId, int page, Reader viewer) {
        ThreadPage view = cache.threadPage(threadId, 1, () -> load(threadId, 1));
        if (page > 1 && view.pages() > 1) {
            // the number is cut to the thread's last page before it names a cache entry: asking for page 9,999
            // cannot store another copy of the last page
            int wanted = Math.min(page, view.pages());
            view = cache.threadPage(threadId, wanted, () -> load(threadId, wanted));
        }
        if (view.thread().hidden() && (viewer == null || !viewer.moderates())) {
            throw ForumException.notFound("no thread " + threadId + "; it may have been removed");
        }
        return view;
    }

    /**
     * One post as its reader may see it: a hidden or deleted post's text only for moderators (and a deleted one for
     * its author).
     */
    public ForumViews.PostRef post(long postId, Reader viewer) {
        ForumViews.PostRef post = queries.post(postId).orElseThrow(() -> ForumException.notFound("no post " + postId));
        boolean moderator = viewer != null && viewer.moderates();
        if (post.threadHidden() && !moderator) {
            throw ForumException.notFound("no post " + postId);
        }
        boolean own = viewer != null && viewer.accountId() == post.authorId();
        if ((post.hidden() && !moderator) || (post.deleted() && !moderator && !own)) {
            throw ForumException.forbidden(post.hidden() ? "a moderator hid this post" : "this post was deleted");
        }
        return post;
    }

    public ForumViews.SearchResults search(String query, int page) {
        return queries.search(query, Math.max(1, Math.min(page, 50)));
    }

    public ForumQueries queries() {
        return queries;
    }

    /**
     * The categories read again: a task's or a contest's category is made by the database, not by a forum write that
     * would have told the cache.
     */
    private Categories fresherCategories() {
        Categories fresh = queries.categories();
        if (!fresh.digest().equals(categories().digest())) {
            cache.categoriesChanged();
        }
        return fresh;
    }

    private ThreadPage load(long threadId, int page) {
        ForumViews.Thread thread = queries.thread(threadId, categories()).orElseThrow(
                () -> ForumException.notFound("no thread " + threadId + "; it may have been removed"));
        if (thread.category() == null) {
            // in a category made since the list was cached (a new task's, a new contest's)
            thread = queries.thread(threadId, fresherCategories()).orElseThrow();
        }
        int pages = ForumViews.pagesFor(thread.postCount(), ForumViews.POSTS_PER_PAGE);
        return queries.threadPage(thread, Math.min(page, pages));
    }
}
