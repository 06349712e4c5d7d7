package org.codearena.web.application.jobs;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The runs of the scheduled jobs: written whatever became of the job's own work (a transaction of its own). */
@Stateless
public class JobLog {

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void record(String job, String server, Instant startedAt, Instant finishedAt, String outcome, String detail) {
        entityManager.createNativeQuery("insert into scheduled_job_run (job, server, started_at, finished_at, outcome, "
                        + "detail) values (?1, ?2, ?3, ?4, ?5, ?6)")
                .setParameter(1, job).setParameter(2, server).setParameter(3, Timestamp.from(startedAt))
                .setParameter(4, Timestamp.from(finishedAt)).setParameter(5, outcome)
                .setParameter(6, detail.length() > 1000 ? detail.substring(0, 1000) : detail)
                .executeUpdate();
    }

    /** A job's last runs, newest first: server, startedAt, durationMillis, outcome, detail. */
    public List<Map<String, Object>> last(String job, int count) {
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Object found : entityManager.createNativeQuery("select server, started_at, finished_at, outcome, detail "
                        + "from scheduled_job_run where job = ?1 order by started_at desc limit ?2")
                .setParameter(1, job).setParameter(2, count).getResultList()) {
            Object[] row = (Object[]) found;
            Instant started = instant(row[1]);
            Instant finished = instant(row[2]);
            Map<String, Object> run = new LinkedHashMap<>();
            run.put("server", row[0]);
            run.put("startedAt", started.toString());
            run.put("durationMillis", finished.toEpochMilli() - started.toEpochMilli());
            run.put("outcome", row[3]);
            run.put("detail", row[4]);
            runs.add(run);
        }
        return runs;
    }

    private static Instant instant(Object value) {
        return value instanceof Timestamp timestamp ? timestamp.toInstant()
                : value instanceof java.time.OffsetDateTime offset ? offset.toInstant() : (Instant) value;
    }
}
