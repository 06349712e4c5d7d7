package org.codearena.web.application;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.codearena.domain.model.account.Account;
import org.codearena.domain.model.account.UsernamePolicy;
import org.codearena.domain.model.forum.ForumReport;
import org.codearena.forum.ForumCommands;
import org.codearena.forum.ForumCommands.Changed;
import org.codearena.forum.ForumCommands.Limits;
import org.codearena.forum.ForumCommands.Poster;
import org.codearena.forum.ForumException;
import org.codearena.forum.ForumReads;
import org.codearena.forum.ForumViews;
import org.codearena.forum.SignedInDirectory.Reader;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The forum's API side: its writes, each in one transaction (the caller tells the caches after the commit:
 * {@link ForumChanges}), and its reads through the same cached views as the forum's pages.
 */
@Stateless
public class ForumService {

    @PersistenceContext(unitName = "arena")
    private EntityManager em;

    @Inject
    @ConfigProperty(name = "codearena.forum.posts.per.minute", defaultValue = "6")
    int perMinute;

    @Inject
    @ConfigProperty(name = "codearena.forum.posts.per.hour", defaultValue = "60")
    int perHour;

    @Inject
    @ConfigProperty(name = "codearena.forum.new.posts.per.minute", defaultValue = "2")
    int newPerMinute;

    @Inject
    @ConfigProperty(name = "codearena.forum.new.posts.per.hour", defaultValue = "10")
    int newPerHour;

    @Inject
    @ConfigProperty(name = "codearena.forum.new.account.hours", defaultValue = "24")
    int newAccountHours;

    private Limits limits;

    @PostConstruct
    void configure() {
        limits = new Limits(perMinute, perHour, newPerMinute, newPerHour, Duration.ofHours(newAccountHours));
    }

    // reads: each inside a method of this bean (the container's EntityManager outside a transaction lives for the
    // call and gives its connection back at its end)

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ForumViews.Categories categories() {
        return reads().categories();
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ForumViews.CategoryPage categoryPage(String slug, int page) {
        return reads().categoryPage(slug, page);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ForumViews.ThreadPage threadPage(long threadId, int page, Reader viewer) {
        return reads().threadPage(threadId, page, viewer);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ForumViews.SearchResults search(String query, int page) {
        return reads().search(query, page);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public ForumViews.PostRef post(long postId, Reader viewer) {
        return reads().post(postId, viewer);
    }

    private ForumReads reads() {
        return new ForumReads(em);
    }

    public Changed createThread(long accountId, Set<String> roles, String category, String title, String body) {
        return commands().createThread(poster(accountId, roles), category, title, body);
    }

    public Changed reply(long accountId, Set<String> roles, long threadId, String body, Integer replyTo) {
        return commands().reply(poster(accountId, roles), threadId, body, replyTo);
    }

    public Changed edit(long accountId, Set<String> roles, long postId, String body) {
        return commands().edit(poster(accountId, roles), postId, body);
    }

    public Changed delete(long accountId, Set<String> roles, long postId) {
        return commands().delete(poster(accountId, roles), postId);
    }

    public void report(long accountId, Set<String> roles, long postId, String reason) {
        commands().report(poster(accountId, roles), postId, reason);
    }

    public Changed hidePost(long accountId, Set<String> roles, long postId, boolean hidden) {
        return commands().hidePost(poster(accountId, roles), postId, hidden);
    }

    public Changed moderateThread(long accountId, Set<String> roles, long threadId, Boolean pinned, Boolean locked,
                                  Boolean hidden, String moveTo) {
        return commands().moderateThread(poster(accountId, roles), threadId, pinned, locked, hidden, moveTo);
    }

    public Changed resolveReport(long accountId, Set<String> roles, long reportId, String resolution) {
        ForumReport.Resolution chosen;
        try {
            chosen = ForumReport.Resolution.valueOf(resolution == null ? "" : resolution.strip());
        } catch (IllegalArgumentException e) {
            throw new ForumException(ForumException.Kind.INVALID, "resolution is HIDDEN (hide the post) or DISMISSED");
        }
        return commands().resolveReport(poster(accountId, roles), reportId, chosen);
    }

    public void ban(long accountId, Set<String> roles, String username, Integer days, String reason) {
        if (days != null && (days < 1 || days > 3650)) {
            throw new ForumException(ForumException.Kind.INVALID, "days is 1 to 3650, or left out for a ban until "
                    + "it is lifted");
        }
        commands().ban(poster(accountId, roles), accountNamed(username).getId(),
                days == null ? null : Duration.ofDays(days), reason);
    }

    public void unban(long accountId, Set<String> roles, String username) {
        commands().unban(poster(accountId, roles), accountNamed(username).getId());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ForumViews.Report> openReports(Reader reader) {
        if (reader == null || !reader.moderates()) {
            throw new ForumException(ForumException.Kind.FORBIDDEN, "the moderation queue is for moderators");
        }
        return reads().queries().openReports(200);
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<ForumViews.Revision> history(long postId, Reader reader) {
        reads().post(postId, reader);
        return reads().queries().history(postId);
    }

    private ForumCommands commands() {
        return new ForumCommands(em, limits);
    }

    private Poster poster(long accountId, Set<String> roles) {
        Account account = em.find(Account.class, accountId);
        if (account == null) {
            throw new ForumException(ForumException.Kind.NOT_SIGNED_IN, "this account does not exist any more");
        }
        return new Poster(accountId, account.getUsername(), roles, account.getCreatedAt());
    }

    private Account accountNamed(String username) {
        List<Account> found = username == null || username.isBlank() ? List.of()
                : em.createNamedQuery("Account.findByUsernameKey", Account.class)
                        .setParameter("usernameKey", UsernamePolicy.key(username.strip())).getResultList();
        if (found.isEmpty()) {
            throw new ForumException(ForumException.Kind.NOT_FOUND, "no one is called \"" + username + "\"");
        }
        return found.get(0);
    }
}
