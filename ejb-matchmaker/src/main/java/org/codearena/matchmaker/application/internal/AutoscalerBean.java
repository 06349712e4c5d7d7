package org.codearena.matchmaker.application.internal;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.codearena.matchmaker.application.Autoscaling;
import org.codearena.matchmaker.application.Matchmaker;
import org.codearena.matchmaker.application.MatchmakerSnapshot;
import org.codearena.matchmaker.application.scaling.RunnerProvider;
import org.codearena.matchmaker.application.scaling.ScalingTargets;
import org.codearena.matchmaker.domain.model.RecentLoad;
import org.codearena.matchmaker.domain.scaling.RunnerScaler;
import org.codearena.matchmaker.domain.scaling.ScalingPolicy;
import org.codearena.matchmaker.infrastructure.persistence.ControlStore;
import org.codearena.matchmaker.infrastructure.persistence.ScalerStore;
import org.codearena.matchmaker.infrastructure.provisioning.KubernetesStatefulSetProvider;
import org.codearena.matchmaker.infrastructure.provisioning.LocalProcessProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every 5 s on the server that holds the matchmaker: the runner types' last minute (arrivals, service time, p95
 * round trip) and what waits now go to the {@link RunnerScaler}; its decision goes to the {@link RunnerProvider}
 * when an ADMIN has autoscaling on (otherwise it stands as a recommendation). A runner is removed gently: it is
 * drained (finishes its job, takes no more) and stopped once it has none, the same path as an operator's "stop".
 * Decisions are stored (scaler_decision), so that every server's console shows them and a fail-over keeps them.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class AutoscalerBean implements Autoscaling {

    private static final Logger LOG = Logger.getLogger(AutoscalerBean.class.getName());
    private static final String BY = "autoscaler";

    @EJB
    private Matchmaker matchmaker;

    @EJB
    private ControlStore controls;

    @EJB
    private ScalerStore store;

    @Inject
    @ConfigProperty(name = "codearena.scaler.enabled", defaultValue = "false")
    boolean enabledByDefault;

    @Inject
    @ConfigProperty(name = "codearena.scaler.min", defaultValue = "1")
    int minByDefault;

    @Inject
    @ConfigProperty(name = "codearena.scaler.max", defaultValue = "4")
    int maxByDefault;

    @Inject
    @ConfigProperty(name = "codearena.scaler.up.cooldown.seconds", defaultValue = "10")
    long upCooldownSeconds;

    @Inject
    @ConfigProperty(name = "codearena.scaler.down.stable.seconds", defaultValue = "45")
    long downStableSeconds;

    @Inject
    @ConfigProperty(name = "codearena.scaler.down.cooldown.seconds", defaultValue = "20")
    long downCooldownSeconds;

    @Inject
    @ConfigProperty(name = "codearena.scaler.down.margin", defaultValue = "0.7")
    double downMargin;

    @Inject
    @ConfigProperty(name = "codearena.scaler.provider", defaultValue = " ")
    String providerName;

    @Inject
    @ConfigProperty(name = "codearena.scaler.launcher", defaultValue = " ")
    String launcher;

    @Inject
    @ConfigProperty(name = "codearena.scaler.slots", defaultValue = "6")
    int slots;

    /** with provider kubernetes: the StatefulSet whose pods are the agents (deploy/kubernetes/runners.yaml) */
    @Inject
    @ConfigProperty(name = "codearena.scaler.kubernetes.statefulset", defaultValue = "codearena-runner")
    String statefulSet;

    private final RunnerScaler scaler = new RunnerScaler();
    private final AtomicBoolean evaluating = new AtomicBoolean();
    private RunnerProvider provider;
    private volatile boolean holder;
    private volatile Set<String> managed = Set.of();
    private volatile Set<String> stopping = Set.of();
    private volatile int current;
    private volatile DecisionView latest;
    private volatile DecisionView lastStored;
    private final Map<String, Long> targetsSeen = new TreeMap<>();

    @PostConstruct
    void choose() {
        String wanted = providerName == null || providerName.isBlank()
                ? (launcher == null || launcher.isBlank() ? "none" : "local") : providerName.strip();
        provider = switch (wanted) {
            case "none" -> null;
            case "local" -> {
                if (launcher == null || launcher.isBlank()) {
                    LOG.warning("event=scaler-provider-unusable provider=local reason=\"codearena.scaler.launcher is "
                            + "not set (./arena up sets it); the autoscaler only recommends\"");
                    yield null;
                }
                yield new LocalProcessProvider(Path.of(launcher.strip()), slots);
            }
            case "kubernetes" -> {
                try {
                    yield KubernetesStatefulSetProvider.inCluster(statefulSet.strip(), slots);
                } catch (IllegalStateException e) {
                    LOG.warning(() -> "event=scaler-provider-unusable provider=kubernetes reason=\"" + e.getMessage()
                            + "; the autoscaler only recommends\"");
                    yield null;
                }
            }
            default -> ServiceLoader.load(RunnerProvider.class).stream().map(ServiceLoader.Provider::get)
                    .filter(candidate -> candidate.name().equals(wanted)).findFirst().orElseGet(() -> {
                        LOG.warning(() -> "event=scaler-provider-unknown provider=" + wanted + " reason=\"no "
                                + "RunnerProvider of that name on the class path; the autoscaler only recommends\"");
                        return null;
                    });
        };
        LOG.info(() -> "event=scaler-provider provider=" + (provider == null ? "none" : provider.name()));
    }

    @Schedule(second = "*/5", minute = "*", hour = "*", persistent = false)
    void evaluate() {
        if (!evaluating.compareAndSet(false, true)) {
            return;
        }
        try {
            evaluateOnce();
        } catch (RuntimeException e) {
            LOG.warning(() -> "event=scaler-evaluation-failed error=" + e);
        } finally {
            evaluating.set(false);
        }
    }

    private void evaluateOnce() {
        MatchmakerSnapshot snapshot = matchmaker.snapshot();
        holder = snapshot.leaseEpoch() != 0;
        if (!holder) {
            latest = null;
            return;
        }
        Settings settings = settings();
        ControlStore.Controls now = controls.current();
        finishStops(snapshot, now.stoppingRunners());
        Set<String> running = acting() ? provider.running() : Set.of();
        managed = Set.copyOf(running);
        stopping = Set.copyOf(now.stoppingRunners());
        current = acting()
                ? (int) running.stream().filter(id -> !now.stoppingRunners().contains(id)).count()
                : (int) snapshot.runners().stream().filter(runner -> !runner.state().startsWith("DRAIN")).count();

        Map<String, Integer> waiting = new HashMap<>();
        snapshot.queues().forEach(line -> waiting.merge(line.runnerType(), line.depth(), Integer::sum));
        List<RunnerScaler.TypeLoad> loads = new ArrayList<>();
        for (RecentLoad.Load load : snapshot.recentLoads()) {
            loads.add(new RunnerScaler.TypeLoad(load.runnerType(), load.arrivalsPerSecond(), load.meanServiceMillis(),
                    load.roundTripP95Millis(), waiting.getOrDefault(load.runnerType(), 0)));
        }
        ScalingPolicy policy = policy(settings, loads);
        RunnerScaler.Decision decision = scaler.decide(policy, loads, current, Instant.now());
        String outcome = carryOut(decision, settings, snapshot, running, now.stoppingRunners());
        DecisionView view = new DecisionView(decision.at(), decision.action().name(), decision.from(), decision.to(),
                decision.needed(), decision.reason(), outcome);
        latest = view;
        if (decision.action() != RunnerScaler.Action.HOLD && settings.enabled() && !repeats(view)) {
            lastStored = view;
            LOG.info(() -> "event=scaler-decision action=" + view.action() + " from=" + view.from() + " to="
                    + view.to() + " reason=\"" + view.reason() + "\" outcome=\"" + outcome + "\"");
            store.record(view, snapshot.serverId());
        }
    }

    /** The same decision with the same outcome again within a minute (a provider that cannot start one): once. */
    private boolean repeats(DecisionView view) {
        DecisionView last = lastStored;
        return last != null && last.action().equals(view.action()) && last.from() == view.from()
                && last.to() == view.to() && last.outcome().equals(view.outcome())
                && Duration.between(last.at(), view.at()).toSeconds() < 60;
    }

    private boolean acting() {
        return provider != null && provider.acts();
    }

    private String carryOut(RunnerScaler.Decision decision, Settings settings, MatchmakerSnapshot snapshot,
                            Set<String> running, Set<String> beingStopped) {
        if (decision.action() == RunnerScaler.Action.HOLD) {
            return "";
        }
        if (!settings.enabled()) {
            return "not carried out: autoscaling is off (a recommendation)";
        }
        if (!acting()) {
            return "not carried out: no provider starts runners here (codearena.scaler.provider)";
        }
        if (decision.action() == RunnerScaler.Action.ADD) {
            List<String> started = new ArrayList<>();
            // a runner still draining to be stopped serves again first: no new one while one is being let go
            // (and a StatefulSet, which removes only its last pod, could no longer stop it once another is added)
            java.util.Iterator<String> draining = beingStopped.stream().filter(running::contains).sorted().iterator();
            for (int i = decision.from(); i < decision.to(); i++) {
                if (draining.hasNext()) {
                    String kept = draining.next();
                    controls.set(ControlStore.STOP, kept, false, BY);
                    matchmaker.drain(kept, false, BY);
                    started.add(kept + " (its stop cancelled)");
                    continue;
                }
                Optional<String> runner = provider.start();
                if (runner.isEmpty()) {
                    break;
                }
                // a slot stopped earlier was left drained until its agent was gone: it serves again
                controls.set(ControlStore.DRAIN, runner.get(), false, BY);
                started.add(runner.get());
            }
            return started.isEmpty() ? "no runner could be started (every slot is in use)"
                    : "started " + String.join(", ", started);
        }
        Map<String, MatchmakerSnapshot.RunnerView> registered = new LinkedHashMap<>();
        snapshot.runners().forEach(runner -> registered.put(runner.runnerId(), runner));
        Optional<String> only = provider.victimAmong(running);
        if (only.isPresent() && beingStopped.contains(only.get())) {
            return "waiting for " + only.get() + " to stop (the provider removes that one first)";
        }
        Optional<String> victim = only.or(() -> running.stream().filter(id -> !beingStopped.contains(id))
                .max(Comparator.<String, Boolean>comparing(id -> registered.containsKey(id)
                                && "IDLE".equals(registered.get(id).state()))
                        .thenComparing(AutoscalerBean::slotNumber)));
        if (victim.isEmpty()) {
            return "no runner to remove";
        }
        beginStop(victim.get(), BY);
        return "draining " + victim.get() + "; it stops once its current job is done";
    }

    /** Runners being stopped that have no job any more (or are gone) are stopped now. */
    private void finishStops(MatchmakerSnapshot snapshot, Set<String> beingStopped) {
        for (String runnerId : beingStopped) {
            Optional<MatchmakerSnapshot.RunnerView> view = snapshot.runners().stream()
                    .filter(runner -> runner.runnerId().equals(runnerId)).findFirst();
            if (view.isPresent() && view.get().currentRunId() != null) {
                continue;
            }
            if (acting()) {
                try {
                    provider.stop(runnerId);
                } catch (RuntimeException e) {
                    // tried again at the next evaluation; the others go on
                    LOG.warning(() -> "event=runner-stop-failed runnerId=" + runnerId + " error=" + e.getMessage());
                    continue;
                }
            }
            controls.set(ControlStore.STOP, runnerId, false, BY);
            LOG.info(() -> "event=runner-stopped runnerId=" + runnerId + " (drained; it stays drained until started again)");
        }
    }

    private void beginStop(String runnerId, String by) {
        controls.set(ControlStore.STOP, runnerId, true, by);
        matchmaker.drain(runnerId, true, by);
    }

    private static int slotNumber(String runnerId) {
        String digits = runnerId.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(Math.max(0, digits.length() - 9)));
    }

    private Settings settings() {
        return store.settings().orElseGet(() -> new Settings(enabledByDefault, minByDefault, maxByDefault));
    }

    private ScalingPolicy policy(Settings settings, List<RunnerScaler.TypeLoad> loads) {
        Map<String, Duration> targets = new HashMap<>();
        for (RunnerScaler.TypeLoad load : loads) {
            Duration target = ScalingTargets.of(load.runnerType());
            targets.put(load.runnerType(), target);
            synchronized (targetsSeen) {
                targetsSeen.put(load.runnerType(), target.toMillis());
            }
        }
        return new ScalingPolicy(settings.min(), settings.max(), Duration.ofMillis(ScalingTargets.defaultMillis()), targets,
                Duration.ofSeconds(upCooldownSeconds), Duration.ofSeconds(downStableSeconds),
                Duration.ofSeconds(downCooldownSeconds), downMargin);
    }

    @Override
    public Status status() {
        Settings settings = settings();
        Map<String, Long> targets;
        synchronized (targetsSeen) {
            targets = Map.copyOf(targetsSeen);
        }
        return new Status(settings.enabled(), provider == null ? "none" : provider.name(), acting(), settings.min(),
                settings.max(), ScalingTargets.defaultMillis(), targets, holder, current, new TreeSet<>(managed), new TreeSet<>(stopping),
                holder ? latest : null, store.latest(100));
    }

    @Override
    public Settings configure(Settings settings, String by) {
        try {
            new ScalingPolicy(settings.min(), settings.max(), Duration.ofMillis(ScalingTargets.defaultMillis()), Map.of(),
                    Duration.ZERO, Duration.ZERO, Duration.ZERO, downMargin);
        } catch (IllegalArgumentException e) {
            throw new org.codearena.matchmaker.application.ScalingRefusedException(e.getMessage(), false);
        }
        if (settings.max() > slots && acting() && "local".equals(provider.name())) {
            throw new org.codearena.matchmaker.application.ScalingRefusedException("at most " + slots + " runners can run here (runner slots; raise "
                    + "CODEARENA_RUNNERS_MAX and run ./arena up again for more), not " + settings.max(), false);
        }
        store.save(settings, by);
        LOG.info(() -> "event=scaler-configured enabled=" + settings.enabled() + " min=" + settings.min() + " max="
                + settings.max() + " by=" + by);
        return settings;
    }

    @Override
    public void stopRunner(String runnerId, String by) {
        if (!acting() || !provider.running().contains(runnerId)) {
            throw new org.codearena.matchmaker.application.ScalingRefusedException(runnerId + " was not started by "
                    + "the platform's runner provider (" + (provider == null ? "none" : provider.name())
                    + "): stop it where it runs, or drain it here", true);
        }
        beginStop(runnerId, by);
    }

    @Override
    public boolean restartRunner(String runnerId, String by) {
        if (!acting()) {
            return false;
        }
        boolean restarted = provider.restart(runnerId);
        if (restarted) {
            LOG.info(() -> "event=runner-restarted runnerId=" + runnerId + " by=" + by);
        }
        return restarted;
    }
}
