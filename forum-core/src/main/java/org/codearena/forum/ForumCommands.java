package org.codearena.forum;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.codearena.domain.model.forum.ForumBan;
import org.codearena.domain.model.forum.ForumCategory;
import org.codearena.domain.model.forum.ForumPost;
import org.codearena.domain.model.forum.ForumReport;
import org.codearena.domain.model.forum.ForumThread;
import org.codearena.forum.ForumException.Kind;
import org.codearena.forum.SignedInDirectory.Reader;

/**
 * The forum's writes and their rules: who may post where and how often, what a title and a post may be, edits that
 * keep the text they replace, soft deletes, and the moderators' actions. Runs in the caller's transaction; each
 * returns what it changed so that the caller can tell the caches ({@link Changed}).
 */
public final class ForumCommands {

    public static final int TITLE_MIN = 3;
    public static final int TITLE_MAX = 150;
    public static final int BODY_MAX = 20_000;
    public static final int REASON_MAX = 500;

    /** The poster, as the forum needs them for its rules. */
    public record Poster(long accountId, String username, Set<String> roles, Instant accountCreatedAt) {

        public Poster {
            roles = Set.copyOf(roles);
        }

        boolean moderates() {
            return roles.contains(Reader.MODERATOR) || roles.contains(Reader.ADMIN);
        }
    }

    /**
     * Posting limits per person (moderators have none): a minute and an hour, lower for accounts younger than
     * {@code newAccountAge}.
     */
    public record Limits(int perMinute, int perHour, int newPerMinute, int newPerHour, Duration newAccountAge) {

        public static final Limits DEFAULT = new Limits(6, 60, 2, 10, Duration.ofDays(1));
    }

    /** What a write changed: the thread and the categories whose views are new. */
    public record Changed(long threadId, List<Long> categoryIds, long postId, int number) {
    }

    private final EntityManager em;
    private final Limits limits;

    public ForumCommands(EntityManager em, Limits limits) {
        this.em = em;
        this.limits = limits;
    }

    public Changed createThread(Poster poster, String categorySlug, String title, String body) {
        ForumCategory category = category(categorySlug);
        String cleanTitle = title(title);
        String cleanBody = body(body);
        mayPost(poster);
        if ("announcements".equals(category.getSlug()) && !poster.moderates()) {
            throw ForumException.forbidden("only moderators start threads in Announcements; reply to one, or start "
                    + "yours in General");
        }
        Instant now = now();
        ForumThread thread = new ForumThread(category.getId(), cleanTitle, poster.accountId(), now);
        em.persist(thread);
        em.flush();
        int number = thread.nextPost(poster.accountId(), now);
        ForumPost post = new ForumPost(thread.getId(), number, poster.accountId(), null, cleanBody, now);
        em.persist(post);
        em.createNativeQuery("UPDATE forum_category SET thread_count = thread_count + 1, post_count = post_count + 1, "
                + "last_post_at = ?2 WHERE id = ?1").setParameter(1, category.getId()).setParameter(2, now)
                .executeUpdate();
        em.flush();
        return new Changed(thread.getId(), List.of(category.getId()), post.getId(), number);
    }

    public Changed reply(Poster poster, long threadId, String body, Integer replyTo) {
        String cleanBody = body(body);
        // the row lock orders the posts of one thread: numbers are given one at a time, without gaps
        ForumThread thread = em.find(ForumThread.class, threadId, LockModeType.PESSIMISTIC_WRITE);
        if (thread == null || (thread.isHidden() && !poster.moderates())) {
            throw ForumException.notFound("no thread " + threadId + "; it may have been removed");
        }
        if (thread.isLocked() && !poster.moderates()) {
            throw new ForumException(Kind.CONFLICT, "this thread is locked: it takes no more replies");
        }
        if (replyTo != null && (replyTo < 1 || replyTo > thread.getPostCount())) {
            throw ForumException.invalid("replyTo must be the number of a post in this thread (1 to "
                    + thread.getPostCount() + ")");
        }
        mayPost(poster);
        Instant now = now();
        int number = thread.nextPost(poster.accountId(), now);
        ForumPost post = new ForumPost(threadId, number, poster.accountId(), replyTo, cleanBody, now);
        em.persist(post);
        em.createNativeQuery("UPDATE forum_category SET post_count = post_count + 1, last_post_at = ?2 WHERE id = ?1")
                .setParameter(1, thread.getCategoryId()).setParameter(2, now).executeUpdate();
        em.flush();
        return new Changed(threadId, List.of(thread.getCategoryId()), post.getId(), number);
    }

    /** Its author (while the thread is open) or a moderator replaces a post's text; the old one is kept. */
    public Changed edit(Poster editor, long postId, String body) {
        String cleanBody = body(body);
        ForumPost post = post(postId, editor);
        ForumThread thread = em.find(ForumThread.class, post.getThreadId(), LockModeType.PESSIMISTIC_WRITE);
        boolean author = post.getAuthorId() == editor.accountId();
        if (!author && !editor.moderates()) {
            throw ForumException.forbidden("only its author or a moderator can edit a post");
        }
        if (post.isDeleted()) {
            throw new ForumException(Kind.CONFLICT, "this post was deleted; it cannot be edited");
        }
        if (!editor.moderates() && (thread.isLocked() || post.isHidden())) {
            throw new ForumException(Kind.CONFLICT, thread.isLocked() ? "this thread is locked: its posts stay as "
                    + "they are" : "a moderator hid this post; it cannot be edited");
        }
        if (cleanBody.equals(post.getBodyMarkdown())) {
            return new Changed(thread.getId(), List.of(), postId, post.getNumber());
        }
        Instant now = now();
        em.createNativeQuery("INSERT INTO forum_post_revision (post_id, revision, body_markdown, replaced_at, "
                        + "replaced_by) VALUES (?1, ?2, ?3, ?4, ?5)")
                .setParameter(1, postId).setParameter(2, post.getEditCount() + 1)
                .setParameter(3, post.getBodyMarkdown()).setParameter(4, now).setParameter(5, editor.accountId())
                .executeUpdate();
        post.edit(cleanBody, now);
        thread.touched();
        em.flush();
        return new Changed(thread.getId(), List.of(), postId, post.getNumber());
    }

    /** Its author deletes a post (softly: the page says so; moderators still read it). */
    public Changed delete(Poster actor, long postId) {
        ForumPost post = post(postId, actor);
        if (post.getAuthorId() != actor.accountId() && !actor.moderates()) {
            throw ForumException.forbidden("only its author or a moderator can delete a post");
        }
        ForumThread thread = em.find(ForumThread.class, post.getThreadId(), LockModeType.PESSIMISTIC_WRITE);
        if (!post.isDeleted()) {
            post.delete(now());
            thread.touched();
        }
        em.flush();
        return new Changed(thread.getId(), List.of(), postId, post.getNumber());
    }

    public Changed hidePost(Poster moderator, long postId, boolean hidden) {
        requireModerator(moderator);
        ForumPost post = post(postId, moderator);
        ForumThread thread = em.find(ForumThread.class, post.getThreadId(), LockModeType.PESSIMISTIC_WRITE);
        post.setHidden(hidden, moderator.accountId());
        thread.touched();
        if (hidden) {
            resolveReportsOf(postId, ForumReport.Resolution.HIDDEN, moderator);
        }
        em.flush();
        return new Changed(thread.getId(), List.of(), postId, post.getNumber());
    }

    /**
     * A moderator pins, locks, hides or moves a thread (each null: unchanged).
     */
    public Changed moderateThread(Poster moderator, long threadId, Boolean pinned, Boolean locked, Boolean hidden,
                                  String moveTo) {
        requireModerator(moderator);
        ForumThread thread = em.find(ForumThread.class, threadId, LockModeType.PESSIMISTIC_WRITE);
        if (thread == null) {
            throw ForumException.notFound("no thread " + threadId);
        }
        long from = thread.getCategoryId();
        if (pinned != null && pinned != thread.isPinned()) {
            thread.setPinned(pinned);
        }
        if (locked != null && locked != thread.isLocked()) {
            thread.setLocked(locked);
        }
        if (hidden != null && hidden != thread.isHidden()) {
            thread.setHidden(hidden);
            em.createNativeQuery("UPDATE forum_category SET thread_count = thread_count + ?2 WHERE id = ?1")
                    .setParameter(1, from).setParameter(2, hidden ? -1 : 1).executeUpdate();
        }
        if (moveTo != null && !moveTo.isBlank()) {
            ForumCategory to = category(moveTo.strip());
            if (to.getId() != from) {
                thread.moveTo(to.getId());
                int visible = thread.isHidden() ? 0 : 1;
                // both category rows in id order: two moves the opposite ways cannot deadlock
                for (long category : from < to.getId() ? new long[] {from, to.getId()} : new long[] {to.getId(), from}) {
                    boolean leaving = category == from;
                    em.createNativeQuery("UPDATE forum_category SET thread_count = thread_count + ?2, "
                                    + "post_count = post_count + ?3, last_post_at = CASE WHEN ?4 THEN last_post_at "
                                    + "ELSE greatest(last_post_at, ?5) END WHERE id = ?1")
                            .setParameter(1, category).setParameter(2, leaving ? -visible : visible)
                            .setParameter(3, leaving ? -thread.getPostCount() : thread.getPostCount())
                            .setParameter(4, leaving).setParameter(5, thread.getLastPostAt()).executeUpdate();
                }
                em.flush();
                return new Changed(threadId, List.of(from, to.getId()), 0, 0);
            }
        }
        em.flush();
        return new Changed(threadId, List.of(from), 0, 0);
    }

    public void report(Poster reporter, long postId, String reason) {
        ForumPost post = post(postId, reporter);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw ForumException.invalid("say in a few words what is wrong with the post");
        }
        if (why.length() > REASON_MAX) {
            throw ForumException.invalid("a report's reason is at most " + REASON_MAX + " characters");
        }
        int inserted = em.createNativeQuery("INSERT INTO forum_report (post_id, reporter_id, reason, created_at) "
                        + "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING")
                .setParameter(1, post.getId()).setParameter(2, reporter.accountId()).setParameter(3, why)
                .setParameter(4, now()).executeUpdate();
        if (inserted == 0) {
            throw new ForumException(Kind.CONFLICT, "you have already reported this post; a moderator will look at it");
        }
    }

    /** A moderator closes a report: the post hidden, or the report dismissed. */
    public Changed resolveReport(Poster moderator, long reportId, ForumReport.Resolution resolution) {
        requireModerator(moderator);
        ForumReport report = em.find(ForumReport.class, reportId);
        if (report == null) {
            throw ForumException.notFound("no report " + reportId);
        }
        if (resolution == ForumReport.Resolution.HIDDEN) {
            return hidePost(moderator, report.getPostId(), true);
        }
        if (report.getResolution() == null) {
            report.resolve(resolution, moderator.accountId(), now());
        }
        em.flush();
        return new Changed(0, List.of(), report.getPostId(), 0);
    }

    /** A moderator stops someone from posting, for a while or (no duration) until lifted. */
    public void ban(Poster moderator, long accountId, Duration duration, String reason) {
        requireModerator(moderator);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > REASON_MAX) {
            throw ForumException.invalid("give a reason of 1 to " + REASON_MAX + " characters: the person sees it");
        }
        if (accountId == moderator.accountId()) {
            throw ForumException.invalid("you cannot ban yourself");
        }
        ForumBan existing = em.find(ForumBan.class, accountId);
        if (existing != null) {
            em.remove(existing);
            em.flush();
        }
        Instant now = now();
        em.persist(new ForumBan(accountId, duration == null ? null : now.plus(duration), why, moderator.accountId(),
                now));
        em.flush();
    }

    public void unban(Poster moderator, long accountId) {
        requireModerator(moderator);
        ForumBan existing = em.find(ForumBan.class, accountId);
        if (existing != null) {
            em.remove(existing);
        }
    }

    private void mayPost(Poster poster) {
        ForumBan ban = em.find(ForumBan.class, poster.accountId());
        Instant now = now();
        if (ban != null && ban.inForceAt(now)) {
            throw forbiddenBan(ban);
        }
        if (poster.moderates()) {
            return;
        }
        boolean young = poster.accountCreatedAt() != null
                && poster.accountCreatedAt().isAfter(now.minus(limits.newAccountAge()));
        int perMinute = young ? limits.newPerMinute() : limits.perMinute();
        int perHour = young ? limits.newPerHour() : limits.perHour();
        Object[] counts = (Object[]) em.createNativeQuery("""
                SELECT count(*) FILTER (WHERE created_at > ?2), count(*), min(created_at) FILTER (WHERE created_at > ?2),
                       min(created_at)
                FROM forum_post WHERE author_id = ?1 AND created_at > ?3""")
                .setParameter(1, poster.accountId())
                .setParameter(2, now.minusSeconds(60))
                .setParameter(3, now.minusSeconds(3600))
                .getSingleResult();
        long lastMinute = ((Number) counts[0]).longValue();
        long lastHour = ((Number) counts[1]).longValue();
        String who = young ? "a new account (younger than " + limits.newAccountAge().toHours() + " h)" : "you";
        if (lastMinute >= perMinute) {
            long wait = retryAfter(ForumQueries.instant(counts[2]), 60, now);
            throw new ForumException(Kind.TOO_MANY, "slow down: " + who + " can post " + perMinute
                    + " times a minute; try again in " + wait + " s", wait);
        }
        if (lastHour >= perHour) {
            long wait = retryAfter(ForumQueries.instant(counts[3]), 3600, now);
            throw new ForumException(Kind.TOO_MANY, "slow down: " + who + " can post " + perHour
                    + " times an hour; try again in " + Math.max(1, wait / 60) + " min", wait);
        }
    }

    private static long retryAfter(Instant oldest, long windowSeconds, Instant now) {
        if (oldest == null) {
            return 1;
        }
        return Math.max(1, oldest.plusSeconds(windowSeconds).getEpochSecond() - now.getEpochSecond());
    }

    private static ForumException forbiddenBan(ForumBan ban) {
        return ForumException.forbidden("a moderator has stopped you from posting"
                + (ban.getUntil() == null ? "" : " until " + ban.getUntil()) + ": " + ban.getReason());
    }

    private void resolveReportsOf(long postId, ForumReport.Resolution resolution, Poster moderator) {
        em.createNativeQuery("UPDATE forum_report SET resolved_at = ?2, resolved_by = ?3, resolution = ?4 "
                        + "WHERE post_id = ?1 AND resolved_at IS NULL")
                .setParameter(1, postId).setParameter(2, now()).setParameter(3, moderator.accountId())
                .setParameter(4, resolution.name()).executeUpdate();
    }

    private ForumCategory category(String slug) {
        if (slug == null || slug.isBlank()) {
            throw ForumException.invalid("say which category: its slug, e.g. \"general\"");
        }
        List<ForumCategory> found = em.createNamedQuery("ForumCategory.findBySlug", ForumCategory.class)
                .setParameter("slug", slug).getResultList();
        if (found.isEmpty()) {
            throw ForumException.notFound("no category \"" + slug + "\"; GET /api/v1/forum/categories lists them");
        }
        return found.get(0);
    }

    /**
     * The post, read under its row lock (then its thread's): an edit and a moderator's hide of the same post wait for
     * each other instead of writing back what the other replaced. A post in a hidden thread exists only for
     * moderators.
     */
    private ForumPost post(long postId, Poster actor) {
        ForumPost post = em.find(ForumPost.class, postId, LockModeType.PESSIMISTIC_WRITE);
        if (post == null) {
            throw ForumException.notFound("no post " + postId);
        }
        if (!actor.moderates()) {
            // a plain read: the thread entity is loaded under its lock by the caller, with its state as of then
            List<?> hidden = em.createNativeQuery("SELECT hidden FROM forum_thread WHERE id = ?1")
                    .setParameter(1, post.getThreadId()).getResultList();
            if (hidden.isEmpty() || Boolean.TRUE.equals(hidden.get(0))) {
                throw ForumException.notFound("no post " + postId);
            }
        }
        return post;
    }

    private static void requireModerator(Poster poster) {
        if (!poster.moderates()) {
            throw ForumException.forbidden("this needs the MODERATOR role, which " + poster.username()
                    + " does not have; ask the people who run this CodeArena");
        }
    }

    static String title(String title) {
        String clean = title == null ? "" : title.strip().replaceAll("\\s+", " ");
        if (clean.length() < TITLE_MIN || clean.length() > TITLE_MAX) {
            throw ForumException.invalid("a title is " + TITLE_MIN + " to " + TITLE_MAX + " characters (this one has "
                    + clean.length() + ")");
        }
        if (clean.codePoints().anyMatch(Character::isISOControl)) {
            throw ForumException.invalid("a title cannot hold control characters");
        }
        return clean;
    }

    static String body(String body) {
        String clean = body == null ? "" : body.strip();
        if (clean.isEmpty()) {
            throw ForumException.invalid("write something: the post is empty");
        }
        if (clean.length() > BODY_MAX) {
            throw ForumException.invalid("a post is at most " + BODY_MAX + " characters (this one has "
                    + clean.length() + "); split it, or link to a gist");
        }
        if (clean.indexOf('\0') >= 0) {
            throw ForumException.invalid("a post cannot hold NUL characters");
        }
        return clean;
    }

    private static Instant now() {
        return Instant.now();
    }
}
