package org.codearena.web.application;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.codearena.domain.model.assessment.Assessment;
import org.codearena.domain.model.assessment.Invitation;
import org.codearena.domain.model.submission.Submission;

/** Assessments and invitations as the web side writes and reads them. */
@Stateless
// reads need no transaction (one fewer begin and commit per call); the writes say so themselves
@TransactionAttribute(TransactionAttributeType.SUPPORTS)
public class AssessmentRepository {

    /**
     * Start, in one statement: one index probe of the invitation by its token, the assessment by its key, one
     * row written, and returned (no second read). Only an invitation nobody has started, inside the window;
     * the timer is the duration cut at the window's close; a proctored assessment only with the starting
     * person's consent. Parameters: the account, the time (twice), the token, the time (twice), the account.
     */
    private static final String START = "update assessment_invitation i set account_id = ?, started_at = ?, "
            + "ends_at = least(cast(? as timestamptz) + a.duration_minutes * interval '1 minute', a.closes_at) "
            + "from assessment a where i.token = ? and i.started_at is null and a.id = i.assessment_id "
            + "and a.opens_at <= ? and a.closes_at > ? and (a.proctoring = 'OFF' or exists (select 1 from "
            + "proctoring_consent c where c.invitation_id = i.id and c.account_id = ?)) returning i.id, i.assessment_id, i.email, i.token, "
            + "i.account_id, i.started_at, i.ends_at, i.finished_at, i.created_at, i.mailing_id";

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    /**
     * The primary, for statements that are atomic by themselves and run outside any transaction. Unshareable:
     * closing the connection gives it back to the pool at once (see RateLimitFilter).
     */
    @Resource(lookup = "jdbc/arena", shareable = false)
    private DataSource direct;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Assessment create(Assessment assessment) {
        entityManager.persist(assessment);
        return assessment;
    }

    /**
     * Records the candidate's consent to the assessment's proctoring; returns when. Before Start the link is nobody's
     * yet: a consent given by another account is replaced by this person's (Start needs the starter's own).
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Instant consent(long invitationId, long accountId, String mode) {
        entityManager.createNativeQuery("insert into proctoring_consent (invitation_id, account_id, mode) "
                        + "values (?1, ?2, ?3) on conflict (invitation_id) do update set account_id = excluded.account_id, "
                        + "mode = excluded.mode, agreed_at = now() "
                        + "where proctoring_consent.account_id <> excluded.account_id")
                .setParameter(1, invitationId).setParameter(2, accountId).setParameter(3, mode).executeUpdate();
        return consentedAt(invitationId).orElseThrow();
    }

    /** Whether this person agreed to the invitation's proctoring. */
    public boolean consented(long invitationId, long accountId) {
        return !entityManager.createNativeQuery("select 1 from proctoring_consent where invitation_id = ?1 "
                + "and account_id = ?2").setParameter(1, invitationId).setParameter(2, accountId).getResultList()
                .isEmpty();
    }

    public Optional<Instant> consentedAt(long invitationId) {
        return entityManager.createNativeQuery("select agreed_at from proctoring_consent where invitation_id = ?1")
                .setParameter(1, invitationId).getResultList().stream()
                .map(org.codearena.domain.model.DatabaseTime::instant).findFirst();
    }

    public Optional<Assessment> assessment(long id) {
        return Optional.ofNullable(entityManager.find(Assessment.class, id));
    }

    public List<Assessment> ownedBy(long ownerAccountId) {
        return entityManager.createNamedQuery("Assessment.findByOwner", Assessment.class)
                .setParameter("ownerAccountId", ownerAccountId).setMaxResults(200).getResultList();
    }

    /** The addresses (lower case) not invited to the assessment yet, in the order given. */
    public List<String> notInvited(long assessmentId, List<String> addresses) {
        Set<String> already = new HashSet<>(entityManager.createQuery(
                        "select i.email from Invitation i where i.assessmentId = :assessmentId", String.class)
                .setParameter("assessmentId", assessmentId).getResultList());
        List<String> fresh = new ArrayList<>();
        for (String address : addresses) {
            if (already.add(address)) {
                fresh.add(address);
            }
        }
        return fresh;
    }

    /**
     * Invites each address (not invited yet: see {@link #notInvited}), as part of a mass mailing or not, in the
     * caller's transaction (with their mail or their mailing: both or neither).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public List<Invitation> invite(long assessmentId, List<String> addresses, Long mailingId) {
        Instant now = Instant.now();
        List<Invitation> created = new ArrayList<>();
        for (String address : addresses) {
            Invitation invitation = new Invitation(assessmentId, address, newToken(), now, mailingId);
            entityManager.persist(invitation);
            created.add(invitation);
        }
        return created;
    }

    /** How many candidates started, how many are still working now, and when the last of those must stop. */
    public record Progress(int started, int working, Instant lastEnd) {
    }

    public Progress progress(long assessmentId, Instant now) {
        Object[] row = (Object[]) entityManager.createNativeQuery("select count(*) filter (where started_at is not "
                        + "null), count(*) filter (where started_at is not null and finished_at is null and ends_at > ?2), "
                        + "max(ends_at) filter (where started_at is not null and finished_at is null and ends_at > ?2) "
                        + "from assessment_invitation where assessment_id = ?1")
                .setParameter(1, assessmentId).setParameter(2, Timestamp.from(now)).getSingleResult();
        return new Progress(((Number) row[0]).intValue(), ((Number) row[1]).intValue(),
                org.codearena.domain.model.DatabaseTime.instant(row[2]));
    }

    /** Marks the results released (the first release's time stays); returns that time. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public Instant releaseResults(long assessmentId, Instant now) {
        Object at = entityManager.createNativeQuery("update assessment set results_released_at = "
                        + "coalesce(results_released_at, ?2) where id = ?1 returning results_released_at")
                .setParameter(1, assessmentId).setParameter(2, Timestamp.from(now)).getSingleResult();
        return org.codearena.domain.model.DatabaseTime.instant(at);
    }

    /** The language of each address's account, where an account with that address has chosen one. */
    public Map<String, String> languagesOf(List<String> addresses) {
        Map<String, String> languages = new HashMap<>();
        if (addresses.isEmpty()) {
            return languages;
        }
        List<?> rows = entityManager.createNativeQuery("select lower(email), language from account "
                        + "where lower(email) in (?1) and language is not null order by id desc")
                .setParameter(1, addresses).getResultList();
        for (Object row : rows) {
            Object[] pair = (Object[]) row;
            languages.put((String) pair[0], (String) pair[1]);
        }
        return languages;
    }

    public List<Invitation> invitations(long assessmentId) {
        return entityManager.createNamedQuery("Invitation.findByAssessment", Invitation.class)
                .setParameter("assessmentId", assessmentId).getResultList();
    }

    /** A candidate's draft of one task in one language (what the page saved last). */
    public record Draft(long taskId, String languageId, String source, Instant updatedAt) {
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Instant saveDraft(long invitationId, long taskId, String languageId, String source) {
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        entityManager.createNativeQuery("insert into assessment_draft (invitation_id, task_id, language_id, source, "
                        + "updated_at) values (?1, ?2, ?3, ?4, ?5) on conflict (invitation_id, task_id, language_id) "
                        + "do update set source = excluded.source, updated_at = excluded.updated_at")
                .setParameter(1, invitationId).setParameter(2, taskId).setParameter(3, languageId)
                .setParameter(4, source).setParameter(5, Timestamp.from(now)).executeUpdate();
        return now;
    }

    public List<Draft> drafts(long invitationId) {
        List<?> rows = entityManager.createNativeQuery("select task_id, language_id, source, updated_at from "
                + "assessment_draft where invitation_id = ?1").setParameter(1, invitationId).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Draft(((Number) row[0]).longValue(),
                (String) row[1], (String) row[2], org.codearena.domain.model.DatabaseTime.instant(row[3]))).toList();
    }

    /** The invitations a person has started, newest first. */
    public List<Invitation> startedBy(long accountId, int limit) {
        return entityManager.createNamedQuery("Invitation.findByAccount", Invitation.class)
                .setParameter("accountId", accountId).setMaxResults(limit).getResultList();
    }

    public Optional<Invitation> invitation(String token) {
        return entityManager.createNamedQuery("Invitation.findByToken", Invitation.class).setParameter("token", token)
                .getResultList().stream().findFirst();
    }

    public Optional<Invitation> invitation(long id) {
        return Optional.ofNullable(entityManager.find(Invitation.class, id));
    }

    /**
     * The invitation this call started; empty when it did not (started before, not open, or no such token).
     * The hiring event's hot path (thousands of Starts in a few seconds): the one statement is atomic by itself,
     * so it runs in autocommit on a connection of its own, without a global transaction (no XA enlistment, no
     * two-phase bookkeeping) and without Hibernate (nothing to map but the row it returns).
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<Invitation> start(String token, long accountId, Instant at) {
        OffsetDateTime time = at.atOffset(ZoneOffset.UTC);
        try (Connection connection = direct.getConnection();
             PreparedStatement statement = connection.prepareStatement(START)) {
            statement.setLong(1, accountId);
            statement.setObject(2, time);
            statement.setObject(3, time);
            statement.setString(4, token);
            statement.setObject(5, time);
            statement.setObject(6, time);
            // the consent must be the starting person's own
            statement.setLong(7, accountId);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(Invitation.ofRow(row.getLong(1), row.getLong(2), row.getString(3),
                        row.getString(4), row.getObject(5, Long.class), instant(row, 6), instant(row, 7),
                        instant(row, 8), instant(row, 9), row.getObject(10, Long.class)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not start the assessment: " + e.getMessage(), e);
        }
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Invitation finish(long invitationId, Instant at) {
        Invitation invitation = entityManager.find(Invitation.class, invitationId);
        invitation.finish(at);
        return invitation;
    }

    /** Best score and number of submissions per invitation and task: rows of invitation, task, best, count. */
    public List<Object[]> bestScores(long assessmentId) {
        return entityManager.createNamedQuery("Submission.bestByAssessment", Object[].class)
                .setParameter("assessmentId", assessmentId).getResultList();
    }

    public List<Submission> submissions(long invitationId) {
        return entityManager.createNamedQuery("Submission.findByInvitation", Submission.class)
                .setParameter("invitationId", invitationId).getResultList();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
