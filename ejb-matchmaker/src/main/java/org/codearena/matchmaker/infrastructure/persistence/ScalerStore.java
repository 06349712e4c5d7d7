package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.codearena.domain.model.DatabaseTime;
import org.codearena.matchmaker.application.Autoscaling;

/**
 * The autoscaler's run-time settings (platform_setting "autoscaler", JSON) and its decisions (scaler_decision).
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ScalerStore {

    private static final String SETTINGS = "autoscaler";
    private static final Jsonb JSON = JsonbBuilder.create();

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<Autoscaling.Settings> settings() {
        List<?> rows = entityManager.createNativeQuery("select value from platform_setting where name = ?1")
                .setParameter(1, SETTINGS).getResultList();
        return rows.isEmpty() ? Optional.empty() : Optional.of(JSON.fromJson((String) rows.get(0), Autoscaling.Settings.class));
    }

    public void save(Autoscaling.Settings settings, String by) {
        entityManager.createNativeQuery("insert into platform_setting (name, value, updated_at, updated_by) values "
                        + "(?1, ?2, ?3, ?4) on conflict (name) do update set value = excluded.value, "
                        + "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .setParameter(1, SETTINGS).setParameter(2, JSON.toJson(settings))
                .setParameter(3, Timestamp.from(Instant.now())).setParameter(4, by).executeUpdate();
    }

    public void record(Autoscaling.DecisionView decision, String serverId) {
        entityManager.createNativeQuery("insert into scaler_decision (decided_at, action, from_runners, to_runners, "
                        + "needed_runners, reason, outcome, server_id) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
                .setParameter(1, Timestamp.from(decision.at())).setParameter(2, decision.action())
                .setParameter(3, decision.from()).setParameter(4, decision.to()).setParameter(5, decision.needed())
                .setParameter(6, truncate(decision.reason(), 1000)).setParameter(7, truncate(decision.outcome(), 500))
                .setParameter(8, serverId).executeUpdate();
    }

    /** The latest decisions, newest first. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<Autoscaling.DecisionView> latest(int limit) {
        List<?> rows = entityManager.createNativeQuery("select decided_at, action, from_runners, to_runners, "
                        + "needed_runners, reason, outcome from scaler_decision order by decided_at desc, id desc limit ?1")
                .setParameter(1, limit).getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Autoscaling.DecisionView(
                DatabaseTime.instant(row[0]), (String) row[1], ((Number) row[2]).intValue(),
                ((Number) row[3]).intValue(), ((Number) row[4]).intValue(), (String) row[5], (String) row[6])).toList();
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
