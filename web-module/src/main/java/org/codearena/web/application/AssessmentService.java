package org.codearena.web.application;

import jakarta.ejb.EJB;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.assessment.Invitation;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.domain.model.submission.Submission;
import org.codearena.domain.model.task.Task;
import org.codearena.web.application.jobs.Mailings;
import org.codearena.web.application.mail.MailOutbox;
import org.codearena.web.application.mail.MailTemplates;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Assessments, the hiring use: a recruiter creates one from tasks with a duration and a window, and invites
 * candidates; a candidate opens their personal link, signs in, presses Start (the server keeps the timer),
 * submits in the ASSESSMENT class until the time is up, and is locked out after it.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AssessmentService {

    private static final Logger LOG = Logger.getLogger(AssessmentService.class.getName());

    @EJB
    private LanguageCatalog languages;
    private static final int MAX_INVITATIONS_AT_ONCE = 20_000;

    @EJB
    private Mailings mailings;

    @EJB
    private MailOutbox outbox;

    /** at most this many new invitations are mailed in the recruiter's own transaction; more are a mass mailing */
    @Inject
    @ConfigProperty(name = "codearena.mail.invitations.inline.max", defaultValue = "200")
    int inlineMailMax;

    /** A candidate's place, with the assessment and its tasks (from the cache). */
    public record CandidateView(Assessment assessment, Invitation invitation, List<Task> tasks, Instant now,
                                Instant consentedAt) {
    }

    /** The view, with the consent read only where the assessment is proctored (the Start path reads nothing else). */
    private CandidateView candidate(Assessment assessment, Invitation invitation, Instant now) {
        return new CandidateView(assessment, invitation, tasksOf(assessment), now,
                assessment.isProctored() ? repository.consentedAt(invitation.getId()).orElse(null) : null);
    }

    /** One row of the recruiter's table: best score per task (task id → score, submissions). */
    public record CandidateRow(Invitation invitation, Map<Long, int[]> best) {
    }

    /**
     * What inviting did; {@code mailingId}: the mass mailing that mails the new invitations (null: mailed with them,
     * or not mailed).
     */
    public record Invited(List<Invitation> created, int alreadyInvited, List<String> invalid, Long mailingId) {
    }

    @EJB
    private AssessmentRepository repository;

    @EJB
    private TaskCatalog tasks;

    @EJB
    private SubmissionService submissions;

    @Inject
    @ConfigProperty(name = "codearena.assessment.grace.seconds", defaultValue = "30")
    int graceSeconds;

    /** Proctoring as asked for at creation (null fields: OFF, a snapshot every 30 s, kept 30 days). */
    public record Proctoring(String mode, Integer snapshotSeconds, Integer retentionDays) {
        public static final Proctoring OFF = new Proctoring("OFF", 30, 30);
    }

    public Assessment create(long ownerAccountId, String title, List<String> taskSlugs, Integer durationMinutes,
                             Instant opensAt, Instant closesAt) {
        return create(ownerAccountId, title, taskSlugs, durationMinutes, opensAt, closesAt, Proctoring.OFF);
    }

    public Assessment create(long ownerAccountId, String title, List<String> taskSlugs, Integer durationMinutes,
                             Instant opensAt, Instant closesAt, Proctoring proctoring) {
        if (durationMinutes == null) {
            throw new InvalidRequestException("durationMinutes is required");
        }
        List<Long> taskIds = tasks.idsOf(taskSlugs, ownerAccountId);
        Instant now = Instant.now();
        try {
            Assessment made = new Assessment(ownerAccountId, title, durationMinutes, opensAt == null ? now : opensAt,
                    closesAt, taskIds, now);
            made.proctor(proctoring.mode() == null ? "OFF" : proctoring.mode(),
                    proctoring.snapshotSeconds() == null ? 30 : proctoring.snapshotSeconds(),
                    proctoring.retentionDays() == null ? 30 : proctoring.retentionDays());
            Assessment assessment = repository.create(made);
            LOG.info(() -> "event=assessment-created assessmentId=" + assessment.getId() + " owner=" + ownerAccountId
                    + " tasks=" + taskIds.size());
            return assessment;
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    public List<Assessment> ownedBy(long ownerAccountId) {
        return repository.ownedBy(ownerAccountId);
    }

    /** Any assessment (for an ADMIN). */
    public Assessment assessment(long assessmentId) {
        return repository.assessment(assessmentId)
                .orElseThrow(() -> new UnknownResourceException("no assessment " + assessmentId));
    }

    public Assessment owned(long assessmentId, long ownerAccountId) {
        return repository.assessment(assessmentId).filter(a -> a.getOwnerAccountId() == ownerAccountId)
                .orElseThrow(() -> new UnknownResourceException("no assessment " + assessmentId + " of yours"));
    }

    public List<Task> tasksOf(Assessment assessment) {
        return assessment.getTaskIds().stream().map(tasks::task).toList();
    }

    /** A candidate's personal link on the site at {@code siteBase} ("https://arena.example.org"). */
    public static String personalLink(String siteBase, Invitation invitation) {
        return personalLink(siteBase, invitation.getToken());
    }

    public static String personalLink(String siteBase, String token) {
        return siteBase + "/assessment.html?token=" + token;
    }

    /**
     * Invites every address not invited yet. With {@code emailLanguage} (not null), each new candidate is sent
     * their invitation with the personal link on {@code siteBase}, in that language where mail has its texts.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Invited invite(long assessmentId, long ownerAccountId, String addressesText, String siteBase,
                          String emailLanguage) {
        Assessment assessment = owned(assessmentId, ownerAccountId);
        EmailList list = EmailList.parse(addressesText);
        if (list.addresses().isEmpty()) {
            throw new InvalidRequestException(list.invalid().isEmpty()
                    ? "no e-mail addresses: paste them (one per line or separated by commas) or upload a CSV with an email column"
                    : "none of these is an e-mail address: " + String.join(", ", list.invalid().stream().limit(10).toList()));
        }
        if (list.addresses().size() > MAX_INVITATIONS_AT_ONCE) {
            throw new InvalidRequestException("at most " + MAX_INVITATIONS_AT_ONCE + " addresses at once, not "
                    + list.addresses().size() + ": send the list in parts");
        }
        List<String> fresh = repository.notInvited(assessmentId, list.addresses());
        // many at once: a mass mailing, queued by the mailings job from the replica, off the recruiter's request
        Long mailingId = emailLanguage != null && fresh.size() > inlineMailMax
                ? mailings.create(assessmentId, emailLanguage, siteBase, fresh.size()) : null;
        List<Invitation> created = repository.invite(assessmentId, fresh, mailingId);
        if (emailLanguage != null && mailingId == null) {
            Map<String, String> known = repository.languagesOf(fresh);
            outbox.queue(created.stream().map(invitation -> MailTemplates.invitation(invitation, assessment,
                    personalLink(siteBase, invitation), known.getOrDefault(invitation.getEmail(), emailLanguage))).toList());
        }
        if (mailingId != null) {
            mailings.start(mailingId);
        }
        LOG.info(() -> "event=candidates-invited assessmentId=" + assessmentId + " created=" + created.size()
                + " mailed=" + (emailLanguage != null) + (mailingId == null ? "" : " mailingId=" + mailingId));
        return new Invited(created, list.addresses().size() - created.size(), list.invalid(), mailingId);
    }

    /** Results released: when (the first release), to how many candidates, by which mailing. */
    public record Released(Instant releasedAt, int candidates, long mailingId) {
    }

    static final int MAX_NOTE = 2000;

    /**
     * Mails every candidate who started their scores (a mailing of kind RESULTS, read from the replica), once each;
     * refused while anyone is still working, or when nobody started.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Released releaseResults(long assessmentId, long ownerAccountId, String siteBase, String language, String note) {
        owned(assessmentId, ownerAccountId);
        if (note != null && note.length() > MAX_NOTE) {
            throw new InvalidRequestException("the note is at most " + MAX_NOTE + " characters, not " + note.length());
        }
        Instant now = Instant.now();
        AssessmentRepository.Progress progress = repository.progress(assessmentId, now);
        if (progress.started() == 0) {
            throw new ConflictException("nobody has started this assessment yet: there are no results to send");
        }
        if (progress.working() > 0) {
            throw new ConflictException(progress.working() + " candidate(s) are still working (the last one's time "
                    + "ends at " + progress.lastEnd() + "): release the results when they have finished");
        }
        Instant releasedAt = repository.releaseResults(assessmentId, now);
        long mailingId = mailings.createResults(assessmentId, language, siteBase, progress.started(),
                note == null || note.isBlank() ? null : note.strip());
        mailings.start(mailingId);
        LOG.info(() -> "event=results-released assessmentId=" + assessmentId + " candidates=" + progress.started()
                + " mailingId=" + mailingId);
        return new Released(releasedAt, progress.started(), mailingId);
    }

    /** The assessment's mass mailings and how far each has got (its recruiter only). */
    public List<Mailings.Progress> mailings(long assessmentId, long ownerAccountId) {
        owned(assessmentId, ownerAccountId);
        return mailings.progress(assessmentId);
    }

    public List<CandidateRow> candidates(long assessmentId, long ownerAccountId) {
        owned(assessmentId, ownerAccountId);
        Map<Long, Map<Long, int[]>> best = new HashMap<>();
        for (Object[] row : repository.bestScores(assessmentId)) {
            best.computeIfAbsent((Long) row[0], id -> new HashMap<>()).put((Long) row[1],
                    new int[] {row[2] == null ? 0 : ((Number) row[2]).intValue(), ((Number) row[3]).intValue()});
        }
        List<CandidateRow> rows = new ArrayList<>();
        for (Invitation invitation : repository.invitations(assessmentId)) {
            rows.add(new CandidateRow(invitation, best.getOrDefault(invitation.getId(), Map.of())));
        }
        return rows;
    }

    /** Every submission of one candidate, code included, for the recruiter. */
    public List<Submission> candidateSubmissions(long assessmentId, long ownerAccountId, long invitationId) {
        owned(assessmentId, ownerAccountId);
        Invitation invitation = repository.invitation(invitationId).filter(i -> i.getAssessmentId() == assessmentId)
                .orElseThrow(() -> new UnknownResourceException("no candidate " + invitationId + " in assessment " + assessmentId));
        return repository.submissions(invitation.getId());
    }

    /** What the candidate's link shows: before Start, the assessment; after, the tasks and the timer. */
    public CandidateView view(String token, long accountId) {
        Invitation invitation = mine(token, accountId, false);
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        return candidate(assessment, invitation, Instant.now());
    }

    /**
     * Start: one UPDATE (see {@link AssessmentRepository#start}); pressing it again is answered from what is
     * stored, without writing. Otherwise a clear refusal: not open yet, closed, or someone else's link.
     */
    public CandidateView start(String token, long accountId) {
        Instant now = Instant.now();
        Optional<Invitation> started = repository.start(token, accountId, now);
        if (started.isPresent()) {
            Assessment assessment = repository.assessment(started.get().getAssessmentId()).orElseThrow();
            return candidate(assessment, started.get(), now);
        }
        Invitation invitation = repository.invitation(token)
                .orElseThrow(() -> new UnknownResourceException("this assessment link is not valid: check that "
                        + "you copied all of it, or ask the recruiter for a new one"));
        if (invitation.getStartedAt() != null) {
            return view(token, accountId);
        }
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        if (now.isBefore(assessment.getOpensAt())) {
            throw new ConflictException("this assessment opens at " + assessment.getOpensAt() + "; come back then");
        }
        if (assessment.isProctored() && now.isBefore(assessment.getClosesAt())
                && !repository.consented(invitation.getId(), accountId)) {
            throw new ConflictException("this assessment is proctored (" + describe(assessment) + "): read what is "
                    + "recorded and agree to it first (POST .../proctoring/consent), then press Start");
        }
        throw new ConflictException("this assessment closed at " + assessment.getClosesAt()
                + "; ask the recruiter if you need another chance");
    }

    /** What a proctored assessment records, in words. */
    public static String describe(Assessment assessment) {
        String what = "WEBCAM".equals(assessment.getProctoring()) ? "webcam snapshots"
                : "webcam and screen snapshots";
        return what + " every " + assessment.getSnapshotSeconds() + " s, leaving the tab or window, pasting, "
                + "leaving full screen; kept " + assessment.getRetentionDays() + " days after the assessment closes";
    }

    /** The candidate agrees to the proctoring before Start (once; again changes nothing); returns when. */
    public Instant consent(String token, long accountId) {
        Invitation invitation = mine(token, accountId, false);
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        if (!assessment.isProctored()) {
            throw new ConflictException("this assessment is not proctored: there is nothing to agree to");
        }
        return repository.consent(invitation.getId(), accountId, assessment.getProctoring());
    }

    /** When the candidate agreed to the proctoring, if they did. */
    public Optional<Instant> consentedAt(long invitationId) {
        return repository.consentedAt(invitationId);
    }

    public Submission submit(String token, long accountId, String taskSlug, String languageId, String source) {
        Invitation invitation = mine(token, accountId, true);
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        if (invitation.getStartedAt() == null) {
            throw new ConflictException("press Start first: the timer starts then");
        }
        if (!invitation.acceptsWorkAt(Instant.now(), Duration.ofSeconds(graceSeconds))) {
            throw new ConflictException("your time for this assessment is up (it ended at " + invitation.getEndsAt()
                    + "); your last submissions are kept");
        }
        Task task = taskSlug == null ? null : tasksOf(assessment).stream().filter(t -> t.getSlug().equals(taskSlug.strip()))
                .findFirst().orElse(null);
        if (task == null) {
            throw new InvalidRequestException("task '" + taskSlug + "' is not part of this assessment");
        }
        return submissions.submit(accountId, task, languageId, source, PriorityClass.ASSESSMENT, invitation.getId());
    }

    /** One of the assessment's tasks, for its candidate once started (it may be the recruiter's private task). */
    public Task task(String token, long accountId, String taskSlug) {
        Invitation invitation = mine(token, accountId, true);
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        return tasksOf(assessment).stream().filter(t -> taskSlug != null && t.getSlug().equals(taskSlug.strip()))
                .findFirst().orElseThrow(() -> new UnknownResourceException("task '" + taskSlug + "' is not part of "
                        + "this assessment"));
    }

    public CandidateView finish(String token, long accountId) {
        Invitation invitation = mine(token, accountId, true);
        if (invitation.getStartedAt() == null) {
            throw new ConflictException("this assessment has not been started");
        }
        repository.finish(invitation.getId(), Instant.now());
        return view(token, accountId);
    }

    /** a draft is a program: far more than any solution, far less than the API's body limit */
    static final int MAX_DRAFT_BYTES = 256 * 1024;

    /** Saves the candidate's code of one task in one language while their time runs; returns when. */
    public Instant saveDraft(String token, long accountId, String taskSlug, String languageId, String source) {
        Invitation invitation = mine(token, accountId, true);
        if (!invitation.acceptsWorkAt(Instant.now(), Duration.ofSeconds(graceSeconds))) {
            throw new ConflictException("your time for this assessment is up: drafts are no longer kept, your last "
                    + "submissions are");
        }
        Assessment assessment = repository.assessment(invitation.getAssessmentId()).orElseThrow();
        Task task = taskSlug == null ? null : tasksOf(assessment).stream().filter(t -> t.getSlug().equals(taskSlug.strip()))
                .findFirst().orElse(null);
        if (task == null) {
            throw new InvalidRequestException("task '" + taskSlug + "' is not part of this assessment");
        }
        if (languageId == null || languageId.isBlank()) {
            throw new InvalidRequestException("language is required");
        }
        languages.require(languageId.strip());
        String code = source == null ? "" : source;
        if (code.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_DRAFT_BYTES) {
            throw new InvalidRequestException("a draft may be at most " + MAX_DRAFT_BYTES / 1024 + " KB");
        }
        return repository.saveDraft(invitation.getId(), task.getId(), languageId.strip(), code);
    }

    /** The candidate's drafts (task slug, language, code, when saved). */
    public List<AssessmentRepository.Draft> drafts(String token, long accountId) {
        return repository.drafts(mine(token, accountId, true).getId());
    }

    public List<Submission> mySubmissions(String token, long accountId) {
        return repository.submissions(mine(token, accountId, true).getId());
    }

    /** The invitation behind the link, if it is not someone else's. */
    private Invitation mine(String token, long accountId, boolean mustBeStarted) {
        Invitation invitation = repository.invitation(token == null ? "" : token)
                .orElseThrow(() -> new UnknownResourceException("this assessment link is not valid: check that "
                        + "you copied all of it, or ask the recruiter for a new one"));
        if (invitation.getAccountId() != null && invitation.getAccountId() != accountId) {
            throw new ForbiddenException("this assessment link was already used by another account; "
                    + "sign in with the account that started it");
        }
        if (mustBeStarted && invitation.getAccountId() == null) {
            throw new ConflictException("press Start first: the timer starts then");
        }
        return invitation;
    }
}
