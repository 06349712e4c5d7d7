package org.codearena.matchmaker.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * The matchmaker's state: waiting tickets and known runners, and the rule that pairs them.
 * Each free runner gets exactly one job; not thread-safe, the owning bean serialises access.
 */
public final class MatchBoard {

    private final TicketQueue waiting;
    private final Map<String, Runner> runners = new LinkedHashMap<>();
    private final Duration heartbeatTimeout;
    private final SchedulingPolicy policy;

    public MatchBoard(Duration heartbeatTimeout, SchedulingPolicy policy) {
        this.heartbeatTimeout = heartbeatTimeout;
        this.policy = policy;
        this.waiting = new TicketQueue(policy);
    }

    /** Backpressure: whether the class's queue has room for one more ticket. */
    public boolean admits(PriorityClass priorityClass) {
        return waiting.queued(priorityClass) < policy.maxQueued(priorityClass);
    }

    public List<Match> submit(Ticket ticket) {
        if (!waiting.contains(ticket.runId()) && runners.values().stream()
                .noneMatch(runner -> runner.currentJob() != null && runner.currentJob().runId() == ticket.runId())) {
            waiting.add(ticket);
        }
        return matchAll();
    }

    /** A register or heartbeat. A runner we did not know (for example after a server restart) is added. */
    public List<Match> runnerSeen(String runnerId, Set<String> runnerTypes, String host, Instant at) {
        Runner runner = runners.computeIfAbsent(runnerId, id -> new Runner(id, runnerTypes, host, at));
        runner.heartbeatAt(at);
        return matchAll();
    }

    /** A clean stop: the runner leaves; its job, if any, goes back to the front. */
    public List<Match> runnerLeft(String runnerId) {
        Runner runner = runners.remove(runnerId);
        if (runner != null && runner.currentJob() != null) {
            waiting.requeueAtFront(runner.takeJobBack());
        }
        return matchAll();
    }

    /** The runner finished the run (failed: with a system error): it is free again. */
    public List<Match> runFinished(String runnerId, long runId, boolean failed) {
        Runner runner = runners.get(runnerId);
        if (runner != null) {
            runner.release(runId, failed);
        }
        return matchAll();
    }

    /** Sending the match failed: the ticket goes back to the front and the runner is free, nothing is rematched now. */
    public void dispatchFailed(Match match) {
        Runner runner = runners.get(match.runnerId());
        if (runner != null) {
            runner.takeJobBack();
        }
        waiting.requeueAtFront(match.ticket());
    }

    /** Runners silent for longer than the timeout are dead: their jobs go back to the head of their line. */
    public List<Ticket> expireSilentRunners(Instant now) {
        List<Ticket> requeued = new ArrayList<>();
        runners.values().removeIf(runner -> {
            if (Duration.between(runner.lastHeartbeat(), now).compareTo(heartbeatTimeout) <= 0) {
                return false;
            }
            Ticket job = runner.takeJobBack();
            if (job != null) {
                waiting.requeueAtFront(job);
                requeued.add(job);
            }
            return true;
        });
        return requeued;
    }

    public List<Match> matchAll() {
        List<Match> matches = new ArrayList<>();
        for (Runner runner : runners.values()) {
            if (runner.isFree()) {
                Optional<Ticket> next = waiting.pollFor(runner);
                next.ifPresent(ticket -> {
                    runner.assign(ticket);
                    matches.add(new Match(ticket, runner.runnerId()));
                });
            }
        }
        return matches;
    }

    public Collection<Runner> runners() {
        return runners.values();
    }

    public Map<String, Map<PriorityClass, TicketQueue.LineView>> lines() {
        return waiting.lines();
    }

    public int depth(String runnerType) {
        return waiting.depth(runnerType);
    }
}
