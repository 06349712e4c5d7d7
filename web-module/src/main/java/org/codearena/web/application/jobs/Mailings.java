package org.codearena.web.application.jobs;

import jakarta.annotation.Resource;
import jakarta.ejb.Asynchronous;
import jakarta.ejb.EJB;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.codearena.domain.model.DatabaseTime;
import org.codearena.web.application.AssessmentService;
import org.codearena.web.application.ReplicaStatus;
import org.codearena.web.application.mail.Letter;
import org.codearena.web.application.mail.MailOutbox;
import org.codearena.web.application.mail.MailTemplates;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;

/**
 * Mass mailings (a recruiter inviting more than {@code codearena.mail.invitations.inline.max} candidates at once):
 * the invitations and one {@code mailing} row are written in the recruiter's transaction; this job reads the
 * recipients from the read replica, a page at a time, renders each one's mail (in their own language where their
 * account has one, else the mailing's) and queues it in the outbox on the primary together with how far it got, so
 * that a crash or restart resumes after the last page queued (and a page queued twice is queued once: the outbox
 * is unique per invitation). It starts as soon as the mailing is on the replica, and the scheduled turn
 * ({@code mailings}) takes up any that a stopped server left. Where recipients are read from is a platform setting
 * ({@link MailingSettings}: the replica, or the primary for a comparison); a mailing of at most
 * {@code codearena.jobs.primary.fallback.max.rows} recipients reads the primary while the replica is down or behind.
 */
@Stateless
public class Mailings extends ReplicaJob {

    private static final Logger LOG = Logger.getLogger(Mailings.class.getName());

    static final int PAGE = 500;

    private static final String RECIPIENTS = "select i.id, i.email, i.token, (select a.language from account a "
            + "where lower(a.email) = i.email and a.language is not null order by a.id limit 1) "
            + "from assessment_invitation i where i.mailing_id = ? and i.id > ? order by i.id limit " + PAGE;
    private static final String ASSESSMENT = "select a.title, a.task_ids, a.duration_minutes, a.closes_at "
            + "from mailing m join assessment a on a.id = m.assessment_id where m.id = ?";
    private static final String UNFINISHED = "select id from mailing where finished_at is null order by id";
    private static final String TASKS = "select t.id, t.title, coalesce((select sum(points) from task_test tt "
            + "where tt.task_id = t.id), 0) from task t where t.id = any(?)";
    private static final String STARTED = "select i.id, i.email, (select a.language from account a "
            + "where lower(a.email) = i.email and a.language is not null order by a.id limit 1) "
            + "from assessment_invitation i where i.assessment_id = ? and i.started_at is not null and i.id > ? "
            + "order by i.id limit " + PAGE;
    private static final String BEST = "select invitation_id, task_id, max(coalesce(score, 0)) from submission "
            + "where invitation_id = any(?) group by invitation_id, task_id";

    /** A mailing as its page of progress shows it. */
    public record Progress(long id, String kind, long assessmentId, int recipients, int queued, long sent, long failed,
                           String readFrom, Instant createdAt, Instant startedAt, Instant finishedAt) {

        /** WAITING (for the replica), QUEUEING (pages into the outbox), SENDING, DONE (all queued were sent or failed). */
        public String state() {
            if (finishedAt == null) {
                return startedAt != null ? "QUEUEING" : "WAITING";
            }
            return sent + failed >= queued ? "DONE" : "SENDING";
        }
    }

    /** What one page came to: how many were queued, whether the mailing is done, or why it waits. */
    public record Page(int queued, boolean finished, String waitReason, String readFrom) {
    }


    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @Resource
    private SessionContext context;

    @EJB
    private MailOutbox outbox;

    @EJB
    private MailingSettings settings;

    @Inject
    @ConfigProperty(name = "codearena.jobs.primary.fallback.max.rows", defaultValue = "200")
    int primaryFallbackMaxRows;

    /** In the caller's transaction: the mailing row that the new invitations point at. */
    public long create(long assessmentId, String language, String site, int recipients) {
        return create("INVITATIONS", assessmentId, language, site, recipients, null);
    }

    /** In the caller's transaction: a mailing of each started candidate's results, with the recruiter's note. */
    public long createResults(long assessmentId, String language, String site, int recipients, String note) {
        return create("RESULTS", assessmentId, language, site, recipients, note);
    }

    private long create(String kind, long assessmentId, String language, String site, int recipients, String note) {
        Object id = entityManager.createNativeQuery("insert into mailing (kind, assessment_id, language, site, "
                        + "recipients, note) values (?1, ?2, ?3, ?4, ?5, ?6) returning id")
                .setParameter(1, kind).setParameter(2, assessmentId).setParameter(3, language).setParameter(4, site)
                .setParameter(5, recipients).setParameter(6, note).getSingleResult();
        return ((Number) id).longValue();
    }

    /**
     * Queues a mailing's mail right away, on another thread (the caller's transaction has committed by the time
     * the replica shows the mailing: until then, and up to a minute, it looks again every 200 ms).
     */
    @Asynchronous
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void start(long mailingId) {
        try {
            drain(mailingId, Instant.now().plusSeconds(60));
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=mailing-start-failed mailingId=" + mailingId + " error=\"" + e
                    + "\" (the mailings job takes it up at its next turn)");
        }
    }

    /** The scheduled turn: every mailing not finished, from where it stopped. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public JobResult run() throws SQLException {
        // from the primary while the replica is away or behind (an index of the few open ones): the small ones
        // may go on
        List<Long> unfinished = read(source(), connection -> {
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(UNFINISHED);
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        });
        int queued = 0;
        int finished = 0;
        List<String> waiting = new ArrayList<>();
        for (long mailingId : unfinished) {
            Page last = drain(mailingId, Instant.now());
            queued += last.queued();
            finished += last.finished() ? 1 : 0;
            if (last.waitReason() != null) {
                waiting.add("mailing " + mailingId + ": " + last.waitReason());
            }
        }
        if (unfinished.isEmpty()) {
            return JobResult.ok("no mailing to queue");
        }
        String detail = "queued " + queued + " messages of " + unfinished.size() + " mailings (" + finished
                + " finished)" + (waiting.isEmpty() ? "" : "; waiting: " + String.join("; ", waiting));
        return waiting.isEmpty() ? JobResult.ok(detail) : JobResult.waited(detail);
    }

    /** Page after page until the mailing is queued, or it must wait (past {@code waitUntil}: for the next turn). */
    private Page drain(long mailingId, Instant waitUntil) {
        Mailings self = context.getBusinessObject(Mailings.class);
        int queued = 0;
        while (true) {
            Page page = self.page(mailingId);
            queued += page.queued();
            if (page.finished()) {
                return new Page(queued, true, null, page.readFrom());
            }
            if (page.waitReason() != null) {
                if (Instant.now().isAfter(waitUntil)) {
                    return new Page(queued, false, page.waitReason(), page.readFrom());
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Page(queued, false, "interrupted", page.readFrom());
                }
            }
        }
    }

    /**
     * One page, in its own transaction on the primary: the mailing's row locked (two servers never queue the same
     * page at once), the next recipients read, their mail queued, the mark moved past them.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Page page(long mailingId) {
        List<?> found = entityManager.createNativeQuery("select language, site, recipients, "
                        + "last_invitation_id, finished_at, kind, note from mailing where id = ?1 for update")
                .setParameter(1, mailingId).getResultList();
        if (found.isEmpty()) {
            // started by the recruiter's request before it committed
            return new Page(0, false, "the mailing is not committed yet", null);
        }
        Object[] mailing = (Object[]) found.get(0);
        if (mailing[4] != null) {
            return new Page(0, true, null, null);
        }
        int recipients = ((Number) mailing[2]).intValue();
        long after = ((Number) mailing[3]).longValue();
        String source;
        try {
            source = source(recipients);
        } catch (SQLException e) {
            return new Page(0, false, "the replica's state cannot be read: " + e.getMessage(), null);
        }
        if (source.startsWith("wait:")) {
            return new Page(0, false, source.substring(5), null);
        }
        String language = (String) mailing[0];
        String site = (String) mailing[1];
        boolean results = "RESULTS".equals(mailing[5]);
        String note = (String) mailing[6];
        List<Letter> letters = new ArrayList<>();
        long last = after;
        boolean visible;
        try {
            ReadPage read = "replica".equals(source)
                    ? read(Source.REPLICA, connection -> read(connection, mailingId, after, results))
                    : entityManager.unwrap(Session.class).doReturningWork(connection ->
                            read(connection, mailingId, after, results));
            visible = read.assessment() != null;
            if (visible) {
                Object[] a = read.assessment();
                int tasks = ((String) a[1]).split(",").length;
                for (Object[] row : read.rows()) {
                    long invitationId = ((Number) row[0]).longValue();
                    String recipientLanguage = row[3] != null ? (String) row[3] : language;
                    if (results) {
                        Map<Long, Integer> scores = read.scores().getOrDefault(invitationId, Map.of());
                        List<MailTemplates.TaskScore> lines = read.tasks().stream().map(task ->
                                new MailTemplates.TaskScore(task.title(), scores.getOrDefault(task.id(), 0),
                                        task.points())).toList();
                        letters.add(MailTemplates.results(invitationId, (String) row[1], (String) a[0], lines, note,
                                recipientLanguage));
                    } else {
                        String link = AssessmentService.personalLink(site, (String) row[2]);
                        letters.add(MailTemplates.invitation(invitationId, (String) row[1], (String) a[0], tasks,
                                ((Number) a[2]).intValue(), ((Timestamp) a[3]).toInstant(), link, recipientLanguage));
                    }
                    last = invitationId;
                }
            }
        } catch (SQLException e) {
            return new Page(0, false, "could not read the recipients from the " + source + ": " + e.getMessage(), source);
        }
        if (!visible) {
            return new Page(0, false, "the mailing has not reached the replica yet", source);
        }
        if (letters.isEmpty()) {
            entityManager.createNativeQuery("update mailing set finished_at = now(), started_at = coalesce(started_at, "
                    + "now()) where id = ?1").setParameter(1, mailingId).executeUpdate();
            LOG.info(() -> "event=mailing-queued mailingId=" + mailingId + " recipients=" + recipients);
            return new Page(0, true, null, source);
        }
        int added = outbox.queue(letters, mailingId);
        entityManager.createNativeQuery("update mailing set queued = queued + ?1, last_invitation_id = ?2, "
                        + "started_at = coalesce(started_at, now()), read_from = ?3 where id = ?4")
                .setParameter(1, added).setParameter(2, last).setParameter(3, source).setParameter(4, mailingId)
                .executeUpdate();
        return new Page(added, false, null, source);
    }

    /** A task of the assessment, for results: its title and its points. */
    private record TaskFacts(long id, String title, int points) {
    }

    /**
     * The assessment's facts (null when the mailing is not there yet), the next page of recipients, and for
     * results the tasks and each recipient's best score per task.
     */
    private record ReadPage(Object[] assessment, List<Object[]> rows, List<TaskFacts> tasks,
                            Map<Long, Map<Long, Integer>> scores) {
    }

    private static ReadPage read(Connection connection, long mailingId, long after, boolean results)
            throws SQLException {
        if (results) {
            return readResults(connection, mailingId, after);
        }
        Object[] assessment = null;
        try (PreparedStatement query = connection.prepareStatement(ASSESSMENT)) {
            query.setLong(1, mailingId);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    assessment = new Object[] {row.getString(1), row.getString(2), row.getInt(3), row.getTimestamp(4)};
                }
            }
        }
        List<Object[]> rows = new ArrayList<>();
        if (assessment != null) {
            try (PreparedStatement query = connection.prepareStatement(RECIPIENTS)) {
                query.setLong(1, mailingId);
                query.setLong(2, after);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.add(new Object[] {row.getLong(1), row.getString(2), row.getString(3), row.getString(4)});
                    }
                }
            }
        }
        return new ReadPage(assessment, rows, List.of(), Map.of());
    }

    /** Candidates who started, a page at a time, with their best score per task, and the tasks in order. */
    private static ReadPage readResults(Connection connection, long mailingId, long after) throws SQLException {
        Object[] assessment = null;
        long assessmentId = 0;
        try (PreparedStatement query = connection.prepareStatement("select a.title, a.task_ids, a.id from mailing m "
                + "join assessment a on a.id = m.assessment_id where m.id = ?")) {
            query.setLong(1, mailingId);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    assessment = new Object[] {row.getString(1), row.getString(2)};
                    assessmentId = row.getLong(3);
                }
            }
        }
        if (assessment == null) {
            return new ReadPage(null, List.of(), List.of(), Map.of());
        }
        List<Long> taskIds = java.util.Arrays.stream(((String) assessment[1]).split(",")).map(String::trim)
                .map(Long::valueOf).toList();
        Map<Long, TaskFacts> byId = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(TASKS)) {
            query.setArray(1, connection.createArrayOf("bigint", taskIds.toArray()));
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    byId.put(row.getLong(1), new TaskFacts(row.getLong(1), row.getString(2), row.getInt(3)));
                }
            }
        }
        List<TaskFacts> tasks = taskIds.stream().filter(byId::containsKey).map(byId::get).toList();
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(STARTED)) {
            query.setLong(1, assessmentId);
            query.setLong(2, after);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    rows.add(new Object[] {row.getLong(1), row.getString(2), null, row.getString(3)});
                }
            }
        }
        Map<Long, Map<Long, Integer>> scores = new HashMap<>();
        if (!rows.isEmpty()) {
            try (PreparedStatement query = connection.prepareStatement(BEST)) {
                query.setArray(1, connection.createArrayOf("bigint", rows.stream().map(r -> r[0]).toArray()));
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        scores.computeIfAbsent(row.getLong(1), k -> new HashMap<>()).put(row.getLong(2), row.getInt(3));
                    }
                }
            }
        }
        return new ReadPage(assessment, rows, tasks, scores);
    }

    /** "replica", "primary", or "wait:" and why. */
    private String source(int recipients) throws SQLException {
        if (settings.readFrom().equals("primary")) {
            return "primary";
        }
        ReplicaStatus.Freshness replicaNow = replica();
        if (replicaNow.usable()) {
            return "replica";
        }
        if (recipients <= primaryFallbackMaxRows) {
            return "primary";
        }
        return "wait:" + replicaNow.reason() + " (a mailing of at most " + primaryFallbackMaxRows
                + " recipients would read the primary instead)";
    }

    /** The mailings of one assessment, newest first, with how many of their messages were sent. */
    public List<Progress> progress(long assessmentId) {
        return progressWhere("m.assessment_id = ?1", assessmentId, 20);
    }

    /** The latest mailings of the platform, for ADMINs. */
    public List<Progress> latest(int limit) {
        return progressWhere("m.id > ?1", 0L, limit);
    }

    private List<Progress> progressWhere(String condition, long parameter, int limit) {
        List<?> rows = entityManager.createNativeQuery("select m.id, m.assessment_id, m.recipients, m.queued, "
                        + "(select count(*) from mail_outbox o where o.mailing_id = m.id and o.status = 'SENT'), "
                        + "(select count(*) from mail_outbox o where o.mailing_id = m.id and o.status = 'FAILED'), "
                        + "m.read_from, m.created_at, m.started_at, m.finished_at, m.kind from mailing m where " + condition
                        + " order by m.id desc limit " + limit)
                .setParameter(1, parameter).getResultList();
        List<Progress> progress = new ArrayList<>();
        for (Object row : rows) {
            Object[] r = (Object[]) row;
            progress.add(new Progress(((Number) r[0]).longValue(), (String) r[10], ((Number) r[1]).longValue(),
                    ((Number) r[2]).intValue(), ((Number) r[3]).intValue(), ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(), (String) r[6], DatabaseTime.instant(r[7]),
                    DatabaseTime.instant(r[8]), DatabaseTime.instant(r[9])));
        }
        return progress;
    }

    /** For the ADMINs' view: where mailings read now, and the fallback's bound. */
    public Map<String, Object> settingsView() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("readFrom", settings.readFrom());
        view.put("primaryFallbackMaxRows", primaryFallbackMaxRows);
        return view;
    }
}
