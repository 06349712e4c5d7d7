package org.codearena.matchmaker.infrastructure.metrics;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.inject.Inject;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.matchmaker.domain.model.LineStatistics;
import org.codearena.matchmaker.infrastructure.persistence.LanguageStore;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The matchmaker as MicroProfile Metrics (GET /metrics): per runner type and priority class the queue
 * depth, the oldest wait, and p50/p99 of wait and round trip; the number of idle and busy runners.
 * Gauges read a snapshot taken at most once a second, so a scrape costs the matchmaker one snapshot.
 */
@Singleton
@Startup
@DependsOn("MatchmakerBean")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class MatchmakerMetrics {

    private static final long SNAPSHOT_MAX_AGE_NANOS = 1_000_000_000L;

    @Inject
    MetricRegistry registry;

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private LanguageStore languages;

    private volatile MatchmakerSnapshot snapshot;
    private volatile long snapshotAt;

    @PostConstruct
    void register() {
        for (String type : languages.runnerTypes()) {
            for (PriorityClass priorityClass : PriorityClass.values()) {
                Tag[] tags = {new Tag("runner_type", type), new Tag("priority_class", priorityClass.name())};
                String className = priorityClass.name();
                lineGauge("codearena_queue_depth", "Tickets waiting", MetricUnits.NONE, type, className, tags,
                        MatchmakerSnapshot.LineView::depth);
                lineGauge("codearena_queue_oldest_wait", "Wait of the oldest waiting ticket", MetricUnits.SECONDS,
                        type, className, tags, line -> line.oldestWaitMillis() / 1000.0);
                lineGauge("codearena_wait_p50", "Median wait for a runner (accepted to dispatched)",
                        MetricUnits.SECONDS, type, className, tags, line -> seconds(line.waitMillis(), 50));
                lineGauge("codearena_wait_p99", "99th percentile of the wait for a runner",
                        MetricUnits.SECONDS, type, className, tags, line -> seconds(line.waitMillis(), 99));
                lineGauge("codearena_round_trip_p50", "Median round trip (accepted to result)",
                        MetricUnits.SECONDS, type, className, tags, line -> seconds(line.roundTripMillis(), 50));
                lineGauge("codearena_round_trip_p99", "99th percentile of the round trip",
                        MetricUnits.SECONDS, type, className, tags, line -> seconds(line.roundTripMillis(), 99));
            }
        }
        for (String state : List.of("IDLE", "BUSY")) {
            registry.gauge(Metadata.builder().withName("codearena_runners")
                            .withDescription("Runner agents registered with the matchmaker, by state").build(),
                    () -> current().runners().stream().filter(runner -> state.equals(runner.state())).count(),
                    new Tag("state", state));
        }
    }

    private void lineGauge(String name, String description, String unit, String type, String priorityClass,
                           Tag[] tags, ToDoubleFunction<MatchmakerSnapshot.LineView> value) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
                () -> current().queues().stream()
                        .filter(line -> line.runnerType().equals(type) && line.priorityClass().equals(priorityClass))
                        .mapToDouble(value).findFirst().orElse(0),
                tags);
    }

    private static double seconds(LineStatistics.Percentiles percentiles, int percentile) {
        if (percentiles == null) {
            return 0;
        }
        return (percentile == 50 ? percentiles.p50() : percentiles.p99()) / 1000.0;
    }

    private MatchmakerSnapshot current() {
        long now = System.nanoTime();
        MatchmakerSnapshot cached = snapshot;
        if (cached == null || now - snapshotAt > SNAPSHOT_MAX_AGE_NANOS) {
            cached = matchmaker.snapshot();
            snapshot = cached;
            snapshotAt = now;
        }
        return cached;
    }
}
