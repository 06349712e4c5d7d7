package org.codearena.web.application.jobs;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.codearena.matchmaker.infrastructure.cluster.ClusterNotices;
import org.codearena.web.application.UnknownResourceException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The scheduled jobs: Liberty persistent EJB timers, stored in PostgreSQL, so that a restart neither skips a run
 * (a missed one runs when a server is back) nor doubles one, and with several servers exactly one runs each turn
 * (another takes over when that one dies: the executor's missedTaskThreshold). Each job's schedule is configuration
 * ({@code codearena.jobs.NAME.schedule}); a changed schedule replaces the stored timer at the next start. Every run
 * is written down ({@link JobLog}) for the ADMINs' view.
 */
@Singleton
@Startup
public class ScheduledJobs {

    private static final Logger LOG = Logger.getLogger(ScheduledJobs.class.getName());
    /** servers starting together make the timers one after the other (pg_advisory_xact_lock) */
    private static final long TIMERS_LOCK = 0x5C4ED_0B5L;

    /** A job as the ADMINs see it. */
    public record Job(String name, String description, String schedule) {
    }

    @Resource
    private TimerService timers;

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @EJB
    private JobLog log;

    @EJB
    private AssessmentReminders reminders;

    @EJB
    private ForumDigest digest;

    @EJB
    private Mailings mailings;

    @EJB
    private SimilarityChecks similarity;

    @EJB
    private ProctoringRetention proctoringRetention;

    @EJB
    private ClusterNotices cluster;

    @Inject
    @ConfigProperty(name = "codearena.jobs.assessment-reminders.schedule", defaultValue = "minute=*/15")
    String remindersSchedule;

    @Inject
    @ConfigProperty(name = "codearena.jobs.forum-digest.schedule", defaultValue = "minute=0 hour=7")
    String digestSchedule;

    @Inject
    @ConfigProperty(name = "codearena.jobs.mailings.schedule", defaultValue = "minute=*/5")
    String mailingsSchedule;

    @Inject
    @ConfigProperty(name = "codearena.jobs.similarity.schedule", defaultValue = "minute=*")
    String similaritySchedule;

    @Inject
    @ConfigProperty(name = "codearena.jobs.proctoring-retention.schedule", defaultValue = "minute=17 hour=*")
    String proctoringRetentionSchedule;

    private List<Job> jobs;

    @PostConstruct
    void schedule() {
        jobs = List.of(new Job("assessment-reminders", "reminds candidates who have not started an assessment that "
                + "closes soon (reads the replica, queues mail)", remindersSchedule),
                new Job("forum-digest", "mails each person the new posts of the last day in forum threads they take "
                        + "part in (reads the replica, queues mail)", digestSchedule),
                new Job("mailings", "queues the mail of mass mailings (many invitations at once) that a stopped "
                        + "server left unfinished; a new mailing starts at once without waiting for this turn "
                        + "(reads the replica, queues mail)", mailingsSchedule),
                new Job("similarity", "compares the submissions of similarity checks that no server works on (queued "
                        + "while others ran, or their server stopped); a new check starts at once without waiting "
                        + "for this turn (reads the replica)", similaritySchedule),
                new Job("proctoring-retention", "deletes proctoring snapshots (from the store) and events whose "
                        + "assessment's retention period has ended (lists them from the replica)",
                        proctoringRetentionSchedule));
        entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, TIMERS_LOCK)
                .getSingleResult();
        for (Job job : jobs) {
            ScheduleExpression wanted = expression(job.schedule());
            String info = job.name() + "|" + job.schedule();
            boolean present = false;
            for (Timer timer : timers.getTimers()) {
                String held = String.valueOf(timer.getInfo());
                if (held.equals(info) && !present) {
                    present = true;
                } else if (held.startsWith(job.name() + "|")) {
                    // another schedule (the configuration changed), or a second timer for the job: gone
                    timer.cancel();
                    LOG.info(() -> "event=job-timer-replaced job=" + job.name() + " was=\"" + held + "\"");
                }
            }
            if (!present) {
                timers.createCalendarTimer(wanted, new TimerConfig(info, true));
                LOG.info(() -> "event=job-scheduled job=" + job.name() + " schedule=\"" + job.schedule() + "\"");
            }
        }
    }

    @Timeout
    void timeout(Timer timer) {
        String name = String.valueOf(timer.getInfo()).split("\\|", 2)[0];
        run(name);
    }

    /** Runs a job now (its timer, or an ADMIN's "run now"); returns what it came to. */
    public JobResult run(String name) {
        Job job = job(name);
        Instant started = Instant.now();
        JobResult result;
        try {
            result = switch (job.name()) {
                case "assessment-reminders" -> reminders.run();
                case "forum-digest" -> digest.run();
                case "mailings" -> mailings.run();
                case "similarity" -> similarity.run();
                case "proctoring-retention" -> proctoringRetention.run();
                default -> throw new IllegalStateException("no code for job " + job.name());
            };
        } catch (Exception e) {
            LOG.log(Level.WARNING, "event=job-failed job=" + name, e);
            result = new JobResult("FAILED", String.valueOf(e.getMessage()));
        }
        JobResult done = result;
        log.record(name, cluster.serverId(), started, Instant.now(), done.outcome(), done.detail());
        LOG.info(() -> "event=job-ran job=" + name + " outcome=" + done.outcome() + " detail=\"" + done.detail() + "\"");
        return done;
    }

    /** Every job: schedule, next run, its last runs. */
    public List<Map<String, Object>> view() {
        List<Map<String, Object>> view = new ArrayList<>();
        // the timers once (each getTimers reads the timer table)
        Map<String, String> nextRuns = new java.util.HashMap<>();
        for (Timer timer : timers.getTimers()) {
            nextRuns.put(String.valueOf(timer.getInfo()).split("\\|", 2)[0],
                    timer.getNextTimeout().toInstant().toString());
        }
        for (Job job : jobs) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", job.name());
            row.put("description", job.description());
            row.put("schedule", job.schedule());
            row.put("nextRun", nextRuns.get(job.name()));
            row.put("runs", log.last(job.name(), 10));
            view.add(row);
        }
        return view;
    }

    private Job job(String name) {
        return jobs.stream().filter(job -> job.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownResourceException("no scheduled job " + name + "; there are "
                        + jobs.stream().map(Job::name).toList()));
    }

    /**
     * A schedule as configured: space-separated fields of jakarta.ejb.ScheduleExpression ("minute=*&#47;15",
     * "second=0 minute=0 hour=7 dayOfWeek=Mon-Fri"); fields not given take the expression's defaults (second 0,
     * minute 0, hour 0, every day), so "minute=*&#47;15" means every quarter hour at second 0.
     */
    static ScheduleExpression expression(String text) {
        ScheduleExpression expression = new ScheduleExpression().timezone("UTC");
        boolean minuteGiven = false;
        boolean hourGiven = false;
        for (String field : text.strip().split("\\s+")) {
            String[] pair = field.split("=", 2);
            if (pair.length != 2 || pair[1].isBlank()) {
                throw new IllegalArgumentException("a schedule is fields like minute=*/15 hour=7, not '" + text + "'");
            }
            switch (pair[0]) {
                case "second" -> expression.second(pair[1]);
                case "minute" -> {
                    expression.minute(pair[1]);
                    minuteGiven = true;
                }
                case "hour" -> {
                    expression.hour(pair[1]);
                    hourGiven = true;
                }
                case "dayOfMonth" -> expression.dayOfMonth(pair[1]);
                case "month" -> expression.month(pair[1]);
                case "dayOfWeek" -> expression.dayOfWeek(pair[1]);
                default -> throw new IllegalArgumentException("unknown schedule field " + pair[0]
                        + " (second, minute, hour, dayOfMonth, month, dayOfWeek)");
            }
        }
        if (minuteGiven && !hourGiven) {
            // "minute=*/15" alone means every hour's quarters, not midnight's only
            expression.hour("*");
        }
        return expression;
    }
}
