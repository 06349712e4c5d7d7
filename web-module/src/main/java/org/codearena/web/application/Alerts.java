package org.codearena.web.application;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Alert rules, checked every {@value #EVERY_SECONDS} s. On the server that holds the matchmaker: a lane whose oldest
 * run waits too long, a runner type whose p95 round trip of the last 30 s is over its target (the autoscaler's
 * targets), fewer runners than expected, a runner that vanished without being drained (dead). On every server: the
 * read replica lagging or unreachable, the machine's CPU over a threshold for a minute, the API's server errors
 * over a share of its answers in the last minute. An alert fires once (de-duplicated by its key) and is resolved once;
 * each change goes to the log and, when {@code codearena.alerts.webhook.url} is set, to that webhook in
 * Alertmanager's webhook JSON format (version 4), so that incident tools that take Alertmanager's work unchanged.
 * The same rules for Prometheus are in {@code docs/prometheus/codearena-alerts.yml}.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Alerts {

    private static final Logger LOG = Logger.getLogger(Alerts.class.getName());
    private static final Jsonb JSON = JsonbBuilder.create();
    static final int EVERY_SECONDS = 5;

    /** One alert: its rule, what it is about (labels), why, and since when; endsAt once resolved. */
    public record Alert(String rule, String severity, Map<String, String> labels, String summary, Instant startsAt,
                        Instant endsAt) {
        String key() {
            return rule + labels;
        }
    }

    @EJB
    private Matchmaker matchmaker;

    @Resource
    private ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "codearena.alerts.queue.wait.seconds", defaultValue = "60")
    long queueWaitSeconds;

    @Inject
    @ConfigProperty(name = "codearena.alerts.runners.min", defaultValue = "1")
    int minRunners;

    @Inject
    @ConfigProperty(name = "codearena.alerts.webhook.url", defaultValue = " ")
    String webhookUrl;

    @Inject
    @ConfigProperty(name = "codearena.alerts.replica.lag.seconds", defaultValue = "30")
    long replicaLagSeconds;

    @Inject
    @ConfigProperty(name = "codearena.alerts.cpu.percent", defaultValue = "90")
    double cpuPercent;

    @Inject
    @ConfigProperty(name = "codearena.alerts.cpu.seconds", defaultValue = "60")
    long cpuSeconds;

    @Inject
    @ConfigProperty(name = "codearena.alerts.error.percent", defaultValue = "5")
    double errorPercent;

    @jakarta.ejb.EJB
    private ReplicaStatus replica;

    /** runners in service at the last check (a runner seen draining and then gone was stopped, not dead) */
    private Map<String, String> lastRunners = Map.of();
    /** runners gone without a drain, and since when (forgotten after an hour) */
    private final Map<String, Instant> dead = new LinkedHashMap<>();
    private Instant cpuHighSince;
    private final java.util.ArrayDeque<long[]> answerCounts = new java.util.ArrayDeque<>();

    private final Map<String, Alert> firing = new LinkedHashMap<>();
    private final List<Alert> resolved = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private ScheduledFuture<?> checking;

    @PostConstruct
    void start() {
        checking = scheduler.scheduleAtFixedRate(this::check, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @PreDestroy
    void stop() {
        if (checking != null) {
            checking.cancel(false);
        }
    }

    /** Firing now, then the last resolved ones (newest first). */
    public synchronized Map<String, List<Alert>> current() {
        List<Alert> recent = new ArrayList<>(resolved);
        java.util.Collections.reverse(recent);
        return Map.of("firing", List.copyOf(firing.values()), "resolved", recent);
    }

    synchronized void check() {
        MatchmakerSnapshot snapshot;
        try {
            snapshot = matchmaker.snapshot();
        } catch (RuntimeException e) {
            return;
        }
        Instant now = Instant.now();
        Map<String, Alert> found = new LinkedHashMap<>();
        checkServer(found, now);
        if (snapshot.leaseEpoch() != 0) {
            checkMatchmaker(snapshot, found, now);
        }
        apply(found, now);
    }

    /** What every server checks for itself: the replica, this machine's CPU, this server's error rate. */
    private void checkServer(Map<String, Alert> found, Instant now) {
        try {
            Map<String, Object> lag = replica.now();
            if (!Boolean.TRUE.equals(lag.get("reachable"))) {
                add(found, new Alert("ReplicaUnreachable", "warning", Map.of(), "the read replica cannot be reached: "
                        + "reports and scheduled jobs that read it wait; start it again or see its log", now, null));
            } else if (((Number) lag.get("lagMillis")).longValue() > replicaLagSeconds * 1000) {
                add(found, new Alert("ReplicaLagging", "warning", Map.of(), "the read replica is "
                        + ((Number) lag.get("lagMillis")).longValue() / 1000 + " s behind (bound " + replicaLagSeconds
                        + " s): what reads it sees old data", now, null));
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            LOG.fine(() -> "event=alert-replica-unreadable error=" + e);
        }
        double cpu = machineCpuPercent();
        if (cpu >= cpuPercent) {
            if (cpuHighSince == null) {
                cpuHighSince = now;
            }
            if (Duration.between(cpuHighSince, now).getSeconds() >= cpuSeconds) {
                add(found, new Alert("CpuHigh", "warning", Map.of(), String.format(java.util.Locale.ROOT,
                        "the machine's CPU is at %.0f %% (over %.0f %% for %d s)", cpu, cpuPercent,
                        Duration.between(cpuHighSince, now).getSeconds()), now, null));
            }
        } else {
            cpuHighSince = null;
        }
        long[] counts = org.codearena.web.interfaces.rest.ServerErrorCounter.counts();
        answerCounts.addLast(new long[] {now.toEpochMilli(), counts[0], counts[1]});
        while (answerCounts.size() > 1 && answerCounts.peekFirst()[0] < now.toEpochMilli() - 60_000) {
            answerCounts.removeFirst();
        }
        long[] first = answerCounts.peekFirst();
        long answers = counts[0] - first[1];
        long errors = counts[1] - first[2];
        if (errors >= 10 && errors * 100.0 / Math.max(1, answers) >= errorPercent) {
            add(found, new Alert("ServerErrors", "critical", Map.of(), String.format(java.util.Locale.ROOT,
                    "%d of the API's last %d answers were server errors (%.1f %%, bound %.0f %%): see the server log",
                    errors, answers, errors * 100.0 / answers, errorPercent), now, null));
        }
    }

    private static double machineCpuPercent() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            double load = sun.getCpuLoad();
            return load < 0 ? 0 : load * 100;
        }
        return 0;
    }

    private void checkMatchmaker(MatchmakerSnapshot snapshot, Map<String, Alert> found, Instant now) {
        for (org.codearena.matchmaker.domain.model.RecentLoad.Load load : snapshot.recentLoads()) {
            long target = org.codearena.matchmaker.application.scaling.ScalingTargets.of(load.runnerType()).toMillis();
            if (load.roundTripP95Millis() != null && load.finished() >= 5 && load.roundTripP95Millis() > target) {
                add(found, new Alert("RoundTripOverTarget", "warning", Map.of("runner_type", load.runnerType()),
                        load.runnerType() + ": p95 round trip of the last 30 s is " + load.roundTripP95Millis()
                                + " ms, over its " + target + " ms target", now, null));
            }
        }
        Map<String, String> runnersNow = new LinkedHashMap<>();
        snapshot.runners().forEach(runner -> runnersNow.put(runner.runnerId(), runner.state()));
        lastRunners.forEach((runnerId, state) -> {
            if (!runnersNow.containsKey(runnerId) && !state.startsWith("DRAIN")) {
                dead.putIfAbsent(runnerId, now);
            }
        });
        lastRunners = runnersNow;
        dead.keySet().removeIf(runnerId -> runnersNow.containsKey(runnerId));
        dead.values().removeIf(since -> Duration.between(since, now).toHours() >= 1);
        dead.forEach((runnerId, since) -> add(found, new Alert("RunnerDead", "critical", Map.of("runner_id", runnerId),
                runnerId + " stopped answering without being drained (its job, if any, went back to the front of its "
                        + "line); restart it or see its log", since, null)));
        for (MatchmakerSnapshot.LineView line : snapshot.queues()) {
            Map<String, String> labels = Map.of("runner_type", line.runnerType(), "priority_class", line.priorityClass());
            if (line.depth() > 0 && line.oldestWaitMillis() > queueWaitSeconds * 1000) {
                add(found, new Alert("QueueWaitTooLong", "warning", labels, line.runnerType() + " " + line.priorityClass()
                        + ": the oldest run waits " + line.oldestWaitMillis() / 1000 + " s (bound " + queueWaitSeconds
                        + " s), " + line.depth() + " waiting" + (line.paused() ? "; the lane is paused" : ""), now, null));
            }
        }
        long serving = snapshot.runners().size();
        if (serving < minRunners) {
            add(found, new Alert("RunnersMissing", "critical", Map.of(), serving + " runner" + (serving == 1 ? "" : "s")
                    + " registered, fewer than " + minRunners + ": one died or stopped answering", now, null));
        }
    }

    private void apply(Map<String, Alert> found, Instant now) {
        for (Map.Entry<String, Alert> entry : found.entrySet()) {
            if (!firing.containsKey(entry.getKey())) {
                firing.put(entry.getKey(), entry.getValue());
                changed(entry.getValue());
            }
        }
        for (String key : List.copyOf(firing.keySet())) {
            if (!found.containsKey(key)) {
                Alert was = firing.remove(key);
                Alert done = new Alert(was.rule(), was.severity(), was.labels(), was.summary(), was.startsAt(), now);
                resolved.add(done);
                if (resolved.size() > 50) {
                    resolved.remove(0);
                }
                changed(done);
            }
        }
    }

    private static void add(Map<String, Alert> found, Alert alert) {
        found.put(alert.key(), alert);
    }

    private void changed(Alert alert) {
        String state = alert.endsAt() == null ? "firing" : "resolved";
        LOG.warning(() -> "event=alert-" + state + " rule=" + alert.rule() + " labels=" + alert.labels()
                + " summary=\"" + alert.summary() + "\"");
        Optional.ofNullable(webhookUrl).map(String::strip).filter(url -> !url.isEmpty())
                .ifPresent(url -> scheduler.execute(() -> deliver(url, alert, state)));
    }

    /** Alertmanager's webhook payload (version 4) for one alert. */
    static Map<String, Object> alertmanagerPayload(Alert alert, String state) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alert.rule());
        labels.put("severity", alert.severity());
        labels.put("service", "codearena");
        labels.putAll(alert.labels());
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("status", state);
        one.put("labels", labels);
        one.put("annotations", Map.of("summary", alert.summary()));
        one.put("startsAt", alert.startsAt().toString());
        one.put("endsAt", alert.endsAt() == null ? "0001-01-01T00:00:00Z" : alert.endsAt().toString());
        one.put("generatorURL", "/admin/");
        one.put("fingerprint", Integer.toHexString(alert.key().hashCode()));
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("version", "4");
        payload.put("groupKey", "{}:{alertname=\"" + alert.rule() + "\"}");
        payload.put("truncatedAlerts", 0);
        payload.put("status", state);
        payload.put("receiver", "codearena");
        payload.put("groupLabels", Map.of("alertname", alert.rule()));
        payload.put("commonLabels", labels);
        payload.put("commonAnnotations", Map.of("summary", alert.summary()));
        payload.put("externalURL", "/admin/");
        payload.put("alerts", List.of(one));
        return payload;
    }

    private void deliver(String url, Alert alert, String state) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.toJson(alertmanagerPayload(alert, state)))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 300) {
                LOG.warning(() -> "event=alert-webhook-refused status=" + response.statusCode() + " url=" + url);
            }
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.warning(() -> "event=alert-webhook-failed url=" + url + " error=" + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
