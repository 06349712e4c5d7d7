package org.codearena.forumsso;

import java.util.List;
import org.codearena.forum.ForumViews;
import org.codearena.forum.ReadMarks;
import org.codearena.forum.SignedInDirectory.Reader;

/** What each page's template receives. */
public final class Models {

    private Models() {
    }

    public record Index(Reader reader, ForumViews.Categories categories) {
    }

    public record Category(Reader reader, ForumViews.CategoryPage page, ReadMarks.Marks marks) {

        /** posts in the thread this reader has not seen: -1 when they never opened it */
        public int unread(ForumViews.ThreadSummary thread) {
            if (marks == null) {
                return 0;
            }
            int read = marks.lastRead(thread.id());
            return read == 0 ? -1 : Math.max(0, thread.postCount() - read);
        }

        /** where this reader goes on from: the first post they have not seen */
        public String href(ForumViews.ThreadSummary thread) {
            int read = marks == null ? 0 : marks.lastRead(thread.id());
            if (read == 0 || read >= thread.postCount()) {
                return "/forum/t/" + thread.id() + (read >= thread.postCount() && read > 0
                        ? "?page=" + thread.lastPage() + "#p" + thread.postCount() : "");
            }
            int next = read + 1;
            return "/forum/t/" + thread.id() + "?page=" + ForumViews.pagesFor(next, ForumViews.POSTS_PER_PAGE)
                    + "#p" + next;
        }
    }

    public record Thread(Reader reader, ForumViews.ThreadPage page, int lastReadBefore,
                         ForumViews.Categories categories) {

        public boolean isNew(ForumViews.Post post) {
            return reader != null && lastReadBefore > 0 && post.number() > lastReadBefore;
        }

        public boolean mayEdit(ForumViews.Post post) {
            return reader != null && !post.deleted() && (reader.moderates()
                    || (reader.accountId() == post.authorId() && !page.thread().locked() && !post.hidden()));
        }

        public boolean mayReply() {
            return reader != null && (!page.thread().locked() || reader.moderates());
        }
    }

    public record Search(Reader reader, String query, ForumViews.SearchResults results, String error) {
    }

    public record Moderation(Reader reader, List<ForumViews.Report> reports) {
    }

    public record History(Reader reader, ForumViews.PostRef post, List<ForumViews.Revision> revisions) {
    }

    public record Problem(Reader reader, int status, String message) {
    }
}
