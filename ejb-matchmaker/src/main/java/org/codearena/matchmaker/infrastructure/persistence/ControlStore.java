package org.codearena.matchmaker.infrastructure.persistence;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Operators' decisions about the queues (table matchmaker_control): runners draining or to stop, lanes paused. */
@Stateless
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class ControlStore {

    public static final String DRAIN = "drain";
    public static final String PAUSE = "pause";
    /** a runner to be stopped once drained (by an operator or the autoscaler) */
    public static final String STOP = "stop";

    /** The decisions in force: runner ids draining, lines ("type|CLASS") paused, runner ids to stop once drained. */
    public record Controls(Set<String> drainingRunners, Set<String> pausedLines, Set<String> stoppingRunners) {
    }

    @PersistenceContext(unitName = "arena")
    private EntityManager entityManager;

    public void set(String kind, String target, boolean on, String by) {
        if (on) {
            entityManager.createNativeQuery("insert into matchmaker_control (kind, target, set_by, set_at) "
                            + "values (?1, ?2, ?3, ?4) on conflict (kind, target) do nothing")
                    .setParameter(1, kind).setParameter(2, target).setParameter(3, by)
                    .setParameter(4, Timestamp.from(Instant.now())).executeUpdate();
        } else {
            entityManager.createNativeQuery("delete from matchmaker_control where kind = ?1 and target = ?2")
                    .setParameter(1, kind).setParameter(2, target).executeUpdate();
        }
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Controls current() {
        Set<String> draining = new HashSet<>();
        Set<String> paused = new HashSet<>();
        Set<String> stopping = new HashSet<>();
        List<?> rows = entityManager.createNativeQuery("select kind, target from matchmaker_control").getResultList();
        for (Object row : rows) {
            Object[] values = (Object[]) row;
            switch ((String) values[0]) {
                case DRAIN -> draining.add((String) values[1]);
                case PAUSE -> paused.add((String) values[1]);
                case STOP -> stopping.add((String) values[1]);
                default -> { }
            }
        }
        return new Controls(Set.copyOf(draining), Set.copyOf(paused), Set.copyOf(stopping));
    }
}
