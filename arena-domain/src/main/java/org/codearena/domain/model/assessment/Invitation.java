package org.codearena.domain.model.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;

/**
 * One candidate's place in an assessment: an e-mail address and the secret of their personal link. The
 * first signed-in person to press Start on the link takes it; the timer is {@code endsAt}, kept by the server.
 */
@Entity
@Table(name = "assessment_invitation")
@NamedQuery(name = "Invitation.findByToken", query = "select i from Invitation i where i.token = :token")
@NamedQuery(name = "Invitation.findByAssessment",
        query = "select i from Invitation i where i.assessmentId = :assessmentId order by i.id")
@NamedQuery(name = "Invitation.findByAccount",
        query = "select i from Invitation i where i.accountId = :accountId order by i.id desc")
public class Invitation {

    /** Where a candidate is; FINISHED once they finished or their time ran out. */
    public enum State { INVITED, STARTED, FINISHED }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "assessment_id", nullable = false)
    private long assessmentId;

    @Column(name = "email", nullable = false, length = 254)
    private String email;

    @Column(name = "token", nullable = false, length = 64)
    private String token;

    @Column(name = "account_id")
    private Long accountId;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ends_at")
    private Instant endsAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** the mass mailing that mails this invitation (null: mailed with the invite, or not by us) */
    @Column(name = "mailing_id")
    private Long mailingId;

    protected Invitation() {
    }

    public Invitation(long assessmentId, String email, String token, Instant createdAt) {
        this(assessmentId, email, token, createdAt, null);
    }

    public Invitation(long assessmentId, String email, String token, Instant createdAt, Long mailingId) {
        this.assessmentId = assessmentId;
        this.email = email;
        this.token = token;
        this.createdAt = createdAt;
        this.mailingId = mailingId;
    }

    /**
     * An invitation as its row reads, built outside the persistence context: for the Start, whose one statement
     * writes the row and returns it (see the assessment repository), so that nothing reads it a second time.
     */
    public static Invitation ofRow(long id, long assessmentId, String email, String token, Long accountId,
                                   Instant startedAt, Instant endsAt, Instant finishedAt, Instant createdAt,
                                   Long mailingId) {
        Invitation invitation = new Invitation(assessmentId, email, token, createdAt, mailingId);
        invitation.id = id;
        invitation.accountId = accountId;
        invitation.startedAt = startedAt;
        invitation.endsAt = endsAt;
        invitation.finishedAt = finishedAt;
        return invitation;
    }

    public State stateAt(Instant at) {
        if (startedAt == null) {
            return State.INVITED;
        }
        return finishedAt != null || !at.isBefore(endsAt) ? State.FINISHED : State.STARTED;
    }

    /** Whether work may still be handed in: started, not finished, and the timer (plus a grace) not run out. */
    public boolean acceptsWorkAt(Instant at, Duration grace) {
        return startedAt != null && finishedAt == null && at.isBefore(endsAt.plus(grace));
    }

    /** The candidate hands in early; their work is locked from now. */
    public void finish(Instant at) {
        if (finishedAt == null) {
            finishedAt = at.isAfter(endsAt) ? endsAt : at;
        }
    }

    /** Time the candidate used: to finishing, or to the timer's end. */
    public Duration timeUsedAt(Instant at) {
        if (startedAt == null) {
            return Duration.ZERO;
        }
        Instant end = finishedAt != null ? finishedAt : at.isBefore(endsAt) ? at : endsAt;
        return Duration.between(startedAt, end);
    }

    public Long getId() {
        return id;
    }

    public Long getMailingId() {
        return mailingId;
    }

    public long getAssessmentId() {
        return assessmentId;
    }

    public String getEmail() {
        return email;
    }

    public String getToken() {
        return token;
    }

    public Long getAccountId() {
        return accountId;
    }

    public Instant getStartedAt() {
        return startedAt;
    }

    public Instant getEndsAt() {
        return endsAt;
    }

    public Instant getFinishedAt() {
        return finishedAt;
    }
}
