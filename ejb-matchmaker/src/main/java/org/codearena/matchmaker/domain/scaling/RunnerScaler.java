package org.codearena.matchmaker.domain.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides how many runner agents keep each runner type's p95 round trip under its target. The agents of a pool
 * serve every type, so the pool is sized once for all types: from each type's arrival rate and service time of
 * the last minute, the M/M/c model ({@link QueueModel}) gives the p95 wait that c runners would give, and the
 * scaler takes the fewest runners that keep service time + p95 wait under every type's target. Two checks on what
 * the model cannot see: runs already waiting (the backlog must be worked off within a target) and the measured p95
 * (a type over its target while runs of it wait gets at least one runner more, whatever the model says).
 * Hysteresis: it adds at once (then waits a cool-down), but removes only one runner at a time, after fewer runners
 * would have kept every type under a margin of its target for a whole stable period.
 * Not thread-safe: the autoscaler calls it from one timer.
 */
public final class RunnerScaler {

    /** What a type did in the last minute, and how many of its runs wait now. */
    public record TypeLoad(String runnerType, double arrivalsPerSecond, Double meanServiceMillis,
                           Long roundTripP95Millis, int waiting) {
    }

    public enum Action { ADD, REMOVE, HOLD }

    /** One decision: from how many runners to how many, and why, in words an operator reads. */
    public record Decision(Instant at, Action action, int from, int to, int needed, String reason) {
    }

    /** services of types that have not finished a run yet (a first compile takes long): assume a second */
    private static final double UNKNOWN_SERVICE_SECONDS = 1.0;

    private final Map<String, Double> lastServiceSeconds = new HashMap<>();
    private Instant lastAdd = Instant.MIN;
    private Instant lastRemove = Instant.MIN;
    private Instant fewerEnoughSince;

    public Decision decide(ScalingPolicy policy, List<TypeLoad> loads, int current, Instant now) {
        List<TypeLoad> active = new ArrayList<>();
        for (TypeLoad load : loads) {
            if (load.meanServiceMillis() != null) {
                lastServiceSeconds.put(load.runnerType(), load.meanServiceMillis() / 1000.0);
            }
            if (load.arrivalsPerSecond() > 0 || load.waiting() > 0) {
                active.add(load);
            }
        }
        Sizing up = size(policy, active, 1.0);
        Sizing down = size(policy, active, policy.downMargin());
        int needed = clamp(policy, up.runners);

        // measured feedback: a type over its target while its runs wait needs more than it has
        TypeLoad late = null;
        for (TypeLoad load : active) {
            if (load.roundTripP95Millis() != null && load.waiting() > 0
                    && load.roundTripP95Millis() > policy.targetOf(load.runnerType()).toMillis()) {
                if (late == null || load.waiting() > late.waiting()) {
                    late = load;
                }
            }
        }
        if (late != null && needed <= current) {
            needed = clamp(policy, current + 1);
        }

        if (current < policy.min()) {
            return new Decision(now, Action.ADD, current, policy.min(), needed,
                    current + " running, below the minimum of " + policy.min() + "; adding " + (policy.min() - current));
        }
        if (current > policy.max()) {
            return new Decision(now, Action.REMOVE, current, current - 1, needed,
                    current + " running, above the maximum of " + policy.max() + "; removing 1");
        }
        String why = describe(policy, late != null ? late : up.binding, current, up);
        if (needed > current) {
            fewerEnoughSince = null;
            if (Duration.between(lastAdd, now).compareTo(policy.upCooldown()) < 0) {
                return new Decision(now, Action.HOLD, current, current, needed, why + "; " + (needed - current)
                        + " more needed, waiting for the last ones to start (cool-down "
                        + policy.upCooldown().toSeconds() + " s)");
            }
            lastAdd = now;
            return new Decision(now, Action.ADD, current, needed, needed, why + "; adding " + (needed - current));
        }
        int enough = clamp(policy, down.runners);
        if (enough < current && late == null) {
            if (fewerEnoughSince == null) {
                fewerEnoughSince = now;
            }
            Duration stable = Duration.between(fewerEnoughSince, now);
            if (stable.compareTo(policy.downStable()) >= 0
                    && Duration.between(lastRemove.isAfter(lastAdd) ? lastRemove : lastAdd, now)
                    .compareTo(policy.downCooldown()) >= 0) {
                lastRemove = now;
                fewerEnoughSince = now;
                return new Decision(now, Action.REMOVE, current, current - 1, needed, why + "; " + enough
                        + " would keep every type under " + Math.round(policy.downMargin() * 100)
                        + "% of its target for " + stable.toSeconds() + " s; removing 1");
            }
            return new Decision(now, Action.HOLD, current, current, needed, why + "; " + enough + " would do, for "
                    + stable.toSeconds() + " s of " + policy.downStable().toSeconds() + " s before removing one");
        }
        fewerEnoughSince = null;
        return new Decision(now, Action.HOLD, current, current, needed, why + "; " + current + " is right");
    }

    private static int clamp(ScalingPolicy policy, int runners) {
        return Math.max(policy.min(), Math.min(policy.max(), runners));
    }

    /** The fewest runners (up to the maximum) for every type under margin x its target, and the type that sets it. */
    private record Sizing(int runners, TypeLoad binding, double arrivals) {
    }

    private Sizing size(ScalingPolicy policy, List<TypeLoad> active, double margin) {
        double arrivals = 0;
        double work = 0;
        double backlogSeconds = 0;
        for (TypeLoad load : active) {
            double service = serviceSeconds(load.runnerType());
            arrivals += load.arrivalsPerSecond();
            work += load.arrivalsPerSecond() * service;
            backlogSeconds += load.waiting() * service;
        }
        if (active.isEmpty()) {
            return new Sizing(0, null, 0);
        }
        double meanService = arrivals > 0 ? work / arrivals : 0;
        TypeLoad binding = active.get(0);
        double tightest = Double.MAX_VALUE;
        for (TypeLoad load : active) {
            double room = allowedWaitSeconds(policy, load, margin);
            if (room < tightest) {
                tightest = room;
                binding = load;
            }
        }
        // the runs waiting now are worked off within the tightest target
        double targetSeconds = policy.targetOf(binding.runnerType()).toMillis() / 1000.0 * margin;
        int byBacklog = (int) Math.ceil(backlogSeconds / Math.max(0.001, targetSeconds));
        int limit = Math.max(policy.max(), 1);
        int runners = Math.max(1, byBacklog);
        for (; runners <= limit; runners++) {
            double waitP95 = arrivals > 0 ? QueueModel.waitQuantileSeconds(runners, arrivals, meanService, 0.95) : 0;
            if (waitP95 <= tightest) {
                break;
            }
        }
        return new Sizing(Math.min(runners, limit + 1), binding, arrivals);
    }

    /**
     * The p95 wait a type can afford: its target (times the margin) less its service time; a type whose runs take
     * longer than that by themselves cannot be helped by more runners, so it asks only that its runs barely wait.
     */
    private double allowedWaitSeconds(ScalingPolicy policy, TypeLoad load, double margin) {
        double target = policy.targetOf(load.runnerType()).toMillis() / 1000.0 * margin;
        double service = serviceSeconds(load.runnerType());
        return Math.max(target - service, 0.1 * service);
    }

    private double serviceSeconds(String runnerType) {
        return lastServiceSeconds.getOrDefault(runnerType, UNKNOWN_SERVICE_SECONDS);
    }

    private String describe(ScalingPolicy policy, TypeLoad load, int current, Sizing sizing) {
        if (load == null) {
            return "no runs in the last minute";
        }
        StringBuilder text = new StringBuilder(load.runnerType()).append(": ");
        Duration target = policy.targetOf(load.runnerType());
        if (load.roundTripP95Millis() != null) {
            long p95 = load.roundTripP95Millis();
            text.append("p95 ").append(seconds(p95)).append(p95 > target.toMillis() ? " > " : " ≤ ")
                    .append(seconds(target.toMillis())).append(" target");
        } else {
            text.append("no run finished yet, target ").append(seconds(target.toMillis()));
        }
        text.append(", ").append(load.waiting()).append(" waiting, ")
                .append(String.format(Locale.ROOT, "%.1f runs/s", load.arrivalsPerSecond()))
                .append(" × ").append(Math.round(serviceSeconds(load.runnerType()) * 1000)).append(" ms");
        if (serviceSeconds(load.runnerType()) >= target.toMillis() / 1000.0) {
            text.append(" (its runs alone take longer than the target: more runners only shorten the wait)");
        }
        text.append(String.format(Locale.ROOT, "; all types %.1f runs/s need %d runner%s", sizing.arrivals,
                sizing.runners, sizing.runners == 1 ? "" : "s"));
        return text.toString();
    }

    private static String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
