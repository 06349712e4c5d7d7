package org.codearena.web.application;

import org.codearena.web.application.mail.Letter;
import org.codearena.web.application.mail.MailOutbox;
import org.codearena.web.application.mail.MailTemplates;
import org.codearena.domain.model.DatabaseTime;
import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.codearena.contest.Leaderboard;
import org.codearena.contest.Leaderboards;
import org.codearena.domain.model.contest.Contest;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;

/**
 * Contests: an ADMIN creates one; people join it (choosing a region when it has regions) and submit as often
 * as they like while it runs, in the CONTEST class; the leaderboard comes from {@link Leaderboards}.
 */
@Stateless
public class ContestService {

    private static final Logger LOG = Logger.getLogger(ContestService.class.getName());

    @jakarta.ejb.EJB
    private MailOutbox mail;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private TaskCatalog tasks;

    @EJB
    private SubmissionService submissions;

    @EJB
    private Leaderboards leaderboards;

    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Contest create(long accountId, String slug, String title, Instant startsAt, Instant endsAt,
                          List<String> taskSlugs, String rule, List<String> regions, Integer freezeMinutes) {
        if (startsAt == null || endsAt == null) {
            throw new InvalidRequestException("startsAt and endsAt are required (ISO-8601, e.g. 2026-12-01T18:00:00Z)");
        }
        Contest.Rule scoringRule = scoringRule(rule);
        List<Long> taskIds = tasks.idsOf(taskSlugs);
        if (bySlug(slug).isPresent()) {
            throw new ConflictException("there is already a contest '" + slug + "'");
        }
        try {
            Contest contest = new Contest(slug, title, startsAt, endsAt, taskIds, scoringRule,
                    regions == null ? List.of() : regions, accountId, Instant.now());
            contest.setFreeze(freezeMinutes == null ? 0 : freezeMinutes);
            entityManager.persist(contest);
            LOG.info(() -> "event=contest-created slug=" + contest.getSlug() + " tasks=" + taskIds.size());
            return contest;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    /** An ADMIN changes the contest ({@link Contest#edit} says what may change once it runs). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Contest edit(String slug, String title, Instant startsAt, Instant endsAt, List<String> taskSlugs,
                        String rule, List<String> regions, Integer freezeMinutes) {
        Contest contest = contest(slug);
        if (startsAt == null || endsAt == null) {
            throw new InvalidRequestException("startsAt and endsAt are required (ISO-8601, e.g. 2026-12-01T18:00:00Z)");
        }
        List<Long> taskIds = tasks.idsOf(taskSlugs);
        try {
            contest.edit(title, startsAt, endsAt, taskIds, scoringRule(rule), regions == null ? List.of() : regions,
                    freezeMinutes == null ? contest.getFreezeMinutes() : freezeMinutes, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ConflictException(e.getMessage());
        }
        LOG.info(() -> "event=contest-edited slug=" + slug);
        return contest;
    }

    /** An ADMIN shows everyone the final standings: the frozen scoreboard thaws. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Contest publishResults(String slug) {
        Contest contest = contest(slug);
        try {
            contest.publishResults(Instant.now());
        } catch (IllegalArgumentException e) {
            throw new ConflictException(e.getMessage());
        }
        entityManager.flush();
        leaderboards.standingChanged(contest.getId());
        LOG.info(() -> "event=contest-results-published slug=" + slug);
        return contest;
    }

    /** An announcement to the contest's participants, newest first. */
    public record Announcement(long id, String text, Instant at) {
    }

    /** An announcement just made, and how many participants it was mailed to. */
    public record Announced(Announcement announcement, int emailed) {
    }

    private static final int MAX_ANNOUNCEMENT = 1000;

    /**
     * Posts an announcement; with {@code siteBase} (not null), each participant is also sent it by mail, queued in
     * the same transaction (the announcement and its mail, or neither). Returns it with how many were mailed.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Announced announce(String slug, String text, String siteBase) {
        Contest contest = contest(slug);
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("an announcement needs text");
        }
        if (text.length() > MAX_ANNOUNCEMENT) {
            throw new InvalidRequestException("an announcement is at most " + MAX_ANNOUNCEMENT + " characters, not "
                    + text.length());
        }
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        Number id = (Number) entityManager.createNativeQuery("insert into contest_announcement (contest_id, body, "
                        + "created_at) values (?1, ?2, ?3) returning id").setParameter(1, contest.getId())
                .setParameter(2, text.strip()).setParameter(3, Timestamp.from(now)).getSingleResult();
        int mailed = 0;
        if (siteBase != null) {
            List<Letter> letters = new java.util.ArrayList<>();
            for (Object found : entityManager.createNativeQuery("select a.email from contest_entry e join account a "
                    + "on a.id = e.account_id where e.contest_id = ?1 order by a.id").setParameter(1, contest.getId())
                    .getResultList()) {
                letters.add(MailTemplates.announcement(id.longValue(), (String) found, contest.getTitle(), text.strip(),
                        siteBase + "/contest.html?slug=" + contest.getSlug()));
            }
            mailed = mail.queue(letters);
        }
        int sent = mailed;
        LOG.info(() -> "event=contest-announcement slug=" + slug + " id=" + id + " mailed=" + sent);
        return new Announced(new Announcement(id.longValue(), text.strip(), now), mailed);
    }

    public List<Announcement> announcements(String slug) {
        Contest contest = contest(slug);
        List<?> rows = entityManager.createNativeQuery("select id, body, created_at from contest_announcement "
                + "where contest_id = ?1 order by id desc limit 50").setParameter(1, contest.getId()).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Announcement(((Number) row[0]).longValue(),
                (String) row[1], DatabaseTime.instant(row[2]))).toList();
    }


    private static Contest.Rule scoringRule(String rule) {
        try {
            return rule == null || rule.isBlank() ? Contest.Rule.BEST : Contest.Rule.valueOf(rule.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("rule is BEST (the best submission per task counts) or LAST, not '" + rule + "'");
        }
    }

    public List<Contest> recent() {
        return entityManager.createNamedQuery("Contest.findRecent", Contest.class).setMaxResults(50).getResultList();
    }

    /** Whether a contest of that slug exists. */
    public boolean exists(String slug) {
        return slug != null && slug.length() <= 64 && bySlug(slug).isPresent();
    }

    public Contest contest(String slug) {
        return bySlug(slug).orElseThrow(() -> new UnknownResourceException("no contest '" + slug
                + "'; the home page lists the contests"));
    }

    public List<Task> tasksOf(Contest contest) {
        return contest.getTaskIds().stream().map(tasks::task).toList();
    }

    /** Joins (or changes region before submitting anything); returns the region. */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public String join(String slug, long accountId, String region) {
        Contest contest = contest(slug);
        if (!Instant.now().isBefore(contest.getEndsAt())) {
            throw new ConflictException("contest '" + slug + "' is over");
        }
        String chosen = region == null || region.isBlank() ? null : region.strip();
        if (!contest.getRegions().isEmpty() && (chosen == null || !contest.getRegions().contains(chosen))) {
            throw new InvalidRequestException("choose your region: one of " + String.join(", ", contest.getRegions()));
        }
        if (contest.getRegions().isEmpty()) {
            chosen = null;
        }
        entityManager.createNativeQuery("insert into contest_entry (contest_id, account_id, region, joined_at) "
                        + "values (?1, ?2, ?3, ?4) on conflict (contest_id, account_id) do update set region = excluded.region")
                .setParameter(1, contest.getId()).setParameter(2, accountId).setParameter(3, chosen)
                .setParameter(4, Timestamp.from(Instant.now())).executeUpdate();
        return chosen;
    }

    /** The participant's entry: empty when they have not joined; the region inside (null: no region). */
    public Optional<Optional<String>> entry(Contest contest, long accountId) {
        List<?> rows = entityManager.createNativeQuery("select region from contest_entry where contest_id = ?1 "
                + "and account_id = ?2").setParameter(1, contest.getId()).setParameter(2, accountId).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(Optional.ofNullable((String) rows.get(0)));
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Submission submit(String slug, long accountId, String taskSlug, String languageId, String source) {
        Contest contest = contest(slug);
        Instant now = Instant.now();
        if (now.isBefore(contest.getStartsAt())) {
            throw new ConflictException("contest '" + slug + "' starts at " + contest.getStartsAt());
        }
        if (!now.isBefore(contest.getEndsAt())) {
            throw new ConflictException("contest '" + slug + "' ended at " + contest.getEndsAt()
                    + "; its tasks stay open for practice");
        }
        if (entry(contest, accountId).isEmpty()) {
            throw new ConflictException("join the contest first: press Join on its page");
        }
        Task task = taskSlug == null ? null : tasksOf(contest).stream().filter(t -> t.getSlug().equals(taskSlug.strip()))
                .findFirst().orElse(null);
        if (task == null) {
            throw new InvalidRequestException("task '" + taskSlug + "' is not part of contest '" + slug + "'");
        }
        return submissions.submitToContest(accountId, task.getSlug(), languageId, source, contest.getId());
    }

    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Leaderboard leaderboard(String slug) {
        return leaderboards.board(contest(slug).getId());
    }

    private Optional<Contest> bySlug(String slug) {
        return entityManager.createNamedQuery("Contest.findBySlug", Contest.class).setParameter("slug", slug == null ? "" : slug)
                .getResultList().stream().findFirst();
    }
}
