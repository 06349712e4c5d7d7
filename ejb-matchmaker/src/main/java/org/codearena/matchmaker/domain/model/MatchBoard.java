package org.codearena.matchmaker.domain.model;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;

/**
 * The matchmaker's state: waiting tickets and known runners, and the rule that pairs them.
 * Each free runner gets exactly one job; not thread-safe, the owning bean serialises access.
 *
 * <p>Where tickets wait and which one a free runner takes is the {@link DispatchStrategy} of the board's
 * {@link Mode}: {@link CommonQueueStrategy} (CodeArena's) or {@link PerRunnerQueueStrategy} (the design it
 * replaced, kept to compare the two).
 */
public final class MatchBoard {

    public enum Mode { COMMON_QUEUE, PER_RUNNER_QUEUES }

    private final TicketQueue waiting;
    private final Map<String, Runner> runners = new LinkedHashMap<>();
    private final Duration heartbeatTimeout;
    private final SchedulingPolicy policy;
    private final DispatchStrategy dispatch;
    private final LineStatistics statistics = new LineStatistics();
    private final RecentLoad recent = new RecentLoad();
    private final Clock clock;
    /** per runner type: its busy runners, its cap and its recent execution time (see {@link TypeLoad}) */
    private final Map<String, TypeLoad> typeLoads = new HashMap<>();
    /**
     * The runners in the board's order (that of {@link #runners}), by slot; null where one left. With
     * {@link #takingJobs}, the slots of those that take a job now, a match visits the free runners only, not
     * every runner.
     */
    private final ArrayList<Runner> slots = new ArrayList<>();
    private final BitSet takingJobs = new BitSet();
    /**
     * The runs that are some runner's current job, with how many runners hold each (one, unless a takeover's
     * adoption met an older assignment), so that a ticket submitted again is known at once.
     */
    private final Long2IntOpenHashMap currentJobs = new Long2IntOpenHashMap();
    private final Mode mode;

    /** What the head-of-line protection weighs per runner type, kept up to date on every assign and release. */
    private static final class TypeLoad {
        /** runners busy with the type */
        int busy;
        /** how many shared agents (serving other types too) may take it at once */
        int cap = Integer.MAX_VALUE;
        /** recent execution time (dispatch to result), exponentially weighted; 0 before the first */
        double execMillis;
        boolean measured;
    }

    public MatchBoard(Duration heartbeatTimeout, SchedulingPolicy policy) {
        this(heartbeatTimeout, policy, Mode.COMMON_QUEUE, Clock.systemUTC());
    }

    public MatchBoard(Duration heartbeatTimeout, SchedulingPolicy policy, Mode mode) {
        this(heartbeatTimeout, policy, mode, Clock.systemUTC());
    }

    public MatchBoard(Duration heartbeatTimeout, SchedulingPolicy policy, Mode mode, Clock clock) {
        this.clock = clock;
        this.mode = mode;
        this.heartbeatTimeout = heartbeatTimeout;
        this.policy = policy;
        this.waiting = new TicketQueue(policy);
        this.dispatch = DispatchStrategy.of(mode, waiting, runners.values());
    }

    /** Backpressure: whether the class's queue has room for one more ticket. */
    public boolean admits(PriorityClass priorityClass) {
        return queued(priorityClass) < policy.maxQueued(priorityClass);
    }

    /** Tickets of the class waiting for a runner (in the per-runner mode, in the runners' own queues too). */
    public long queued(PriorityClass priorityClass) {
        return dispatch.queued(priorityClass);
    }

    /** Adds every ticket the board does not know yet (a rebuild, a sweep), then matches once. */
    public List<Match> submitAll(Collection<Ticket> tickets) {
        if (tickets.size() == 1) {
            // the common case (a run stored, a ticket submitted): asked of the runners directly, nothing built
            Ticket ticket = tickets.iterator().next();
            Instant now = clock.instant();
            if (!waiting.contains(ticket.runId()) && !heldByARunner(ticket.runId())) {
                recent.arrived(ticket.runnerType(), now);
                dispatch.place(ticket);
            }
            return matchAll(now);
        }
        LongOpenHashSet known = new LongOpenHashSet();
        for (Runner runner : runners.values()) {
            if (runner.currentJob() != null) {
                known.add(runner.currentJob().runId());
            }
            runner.ownQueue().forEach(queued -> known.add(queued.runId()));
        }
        for (Ticket ticket : tickets) {
            if (!known.contains(ticket.runId()) && !waiting.contains(ticket.runId())) {
                known.add(ticket.runId());
                recent.arrived(ticket.runnerType(), clock.instant());
                dispatch.place(ticket);
            }
        }
        return matchAll();
    }

    /** Whether the run is some runner's current job or waits in some runner's own line. */
    private boolean heldByARunner(long runId) {
        if (currentJobs.containsKey(runId)) {
            return true;
        }
        if (mode == Mode.PER_RUNNER_QUEUES) {
            for (Runner runner : runners.values()) {
                for (Ticket queued : runner.ownQueue()) {
                    if (queued.runId() == runId) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * After a takeover: the agent said in its heartbeats that it is executing this run (dispatched by the
     * previous holder), so the run is its current job and is not queued again.
     */
    public void adopt(String runnerId, Ticket ticket) {
        Runner runner = runners.get(runnerId);
        if (runner != null && runner.isFree()) {
            assign(runner, ticket, clock.instant());
            runner.acknowledge();
        }
    }

    /**
     * A runner agent (re)started: whatever job we had given it under this id is gone with the old process
     * and goes back to the front of its line; it may serve other types now.
     */
    public List<Match> runnerRegistered(String runnerId, Set<String> runnerTypes, String host, Instant at) {
        Runner previous = runners.remove(runnerId);
        if (previous != null) {
            leave(previous);
            recomputeCaps();
            requeueJobsOf(previous);
        }
        return runnerSeen(runnerId, runnerTypes, host, at, 0);
    }

    /** Adds the ticket unless the board knows it already (waiting, or some runner's job), then matches. */
    public List<Match> submit(Ticket ticket) {
        return submitAll(List.of(ticket));
    }

    /**
     * A ticket whose run is still being stored: matched at once when no ticket of its type waits and a runner
     * that serves the type is free (the runner {@link #matchAll} would give it), so that the run can be claimed
     * in the same transaction that stores it. Otherwise nothing changes, and the ticket is to be
     * {@linkplain #submit submitted} once its run is stored. Only where the strategy allows it.
     */
    public Optional<Match> matchAtOnce(Ticket ticket) {
        Runner runner = freeAtOnce(ticket.runnerType(), ticket.priorityClass());
        if (runner != null) {
            Instant now = clock.instant();
            recent.arrived(ticket.runnerType(), now);
            dispatchedAt(ticket, now);
            assign(runner, ticket, now);
            return Optional.of(new Match(ticket, runner.runnerId()));
        }
        return Optional.empty();
    }

    /**
     * Whether {@link #matchAtOnce} would find a runner for a run of this type and class now (it changes nothing):
     * a run that would wait can be refused before it is written.
     */
    public boolean wouldMatchAtOnce(String runnerType, PriorityClass priorityClass) {
        return freeAtOnce(runnerType, priorityClass) != null;
    }

    /** The runner {@link #matchAtOnce} would give a run of this type and class, or null. */
    private Runner freeAtOnce(String runnerType, PriorityClass priorityClass) {
        if (!dispatch.matchesBeforeStored() || waiting.depth(runnerType) > 0
                || waiting.isPaused(runnerType, priorityClass)) {
            return null;
        }
        for (int slot = takingJobs.nextSetBit(0); slot >= 0; slot = takingJobs.nextSetBit(slot + 1)) {
            Runner runner = slots.get(slot);
            if (runner.serves(runnerType) && !atShare(runner).contains(runnerType)) {
                return runner;
            }
        }
        return null;
    }

    /** A register or heartbeat. A runner we did not know (for example after a server restart) is added. */
    public List<Match> runnerSeen(String runnerId, Set<String> runnerTypes, String host, Instant at) {
        return runnerSeen(runnerId, runnerTypes, host, at, -1);
    }

    /**
     * As above, with the run the agent says it is executing (0: none, -1: unknown). An agent that still says
     * it is idle a heartbeat timeout after we gave it a job, and never said it was running that job, never
     * got it (a lost or refused dispatch): the job goes back to the front of its line. An agent that did say
     * it ran the job and now says it is idle has finished it: it sends the result (persistent, on the results
     * queue) before it reports idle, so it is free, even if the news of the result never reached us.
     */
    public List<Match> runnerSeen(String runnerId, Set<String> runnerTypes, String host, Instant at,
                                  long reportedRunId) {
        boolean isNew = !runners.containsKey(runnerId);
        Runner runner = runners.computeIfAbsent(runnerId, id -> join(new Runner(id, runnerTypes, host, at)));
        runner.heartbeatAt(at);
        runner.reported(reportedRunId);
        Ticket job = runner.currentJob();
        if (job != null && reportedRunId == job.runId()) {
            runner.acknowledge();
        } else if (job != null && reportedRunId == 0 && runner.acknowledged()) {
            release(runner, job.runId(), false, clock.instant());
        } else if (job != null && reportedRunId == 0
                && Duration.between(runner.assignedAt(), at).compareTo(heartbeatTimeout) > 0) {
            dispatch.returnToFront(runner, takeBack(runner));
        }
        if (isNew) {
            recomputeCaps();
            dispatch.runnerJoined(runner);
        }
        return matchAll();
    }

    /** A clean stop: the runner leaves; its job, if any, goes back to the front. */
    public List<Match> runnerLeft(String runnerId) {
        Runner runner = runners.remove(runnerId);
        if (runner != null) {
            leave(runner);
            recomputeCaps();
            requeueJobsOf(runner);
        }
        return matchAll();
    }

    private List<Ticket> requeueJobsOf(Runner runner) {
        List<Ticket> jobs = new ArrayList<>();
        if (runner.currentJob() != null) {
            jobs.add(takeBack(runner));
        }
        jobs.addAll(runner.ownQueue());
        runner.ownQueue().clear();
        dispatch.requeue(jobs);
        return jobs;
    }

    /** The runner finished the run (failed: with a system error): it is free again. */
    public List<Match> runFinished(String runnerId, long runId, boolean failed) {
        Runner runner = runners.get(runnerId);
        Instant now = clock.instant();
        if (runner != null) {
            release(runner, runId, failed, now);
        }
        return matchAll(now);
    }

    private void release(Runner runner, long runId, boolean failed, Instant now) {
        Ticket job = runner.currentJob();
        Instant assignedAt = runner.assignedAt();
        if (runner.release(runId, failed)) {
            refresh(runner);
            dropCurrentJob(runId);
            TypeLoad load = typeLoad(job.runnerType());
            load.busy--;
            statistics.finished(job, Duration.between(job.acceptedAt(), now));
            recent.finished(job.runnerType(), Duration.between(assignedAt, now), Duration.between(job.acceptedAt(), now), now);
            double exec = Duration.between(assignedAt, now).toMillis();
            load.execMillis = load.measured ? 0.8 * load.execMillis + 0.2 * exec : exec;
            load.measured = true;
        }
    }

    /** Whether the match's runner still has the match's run as its job (nothing took it back meanwhile). */
    public boolean holds(Match match) {
        Runner runner = runners.get(match.runnerId());
        return runner != null && runner.currentJob() != null
                && runner.currentJob().runId() == match.ticket().runId();
    }

    /** The matched run needed no running after all (finished or gone meanwhile): the runner is free again. */
    public List<Match> notNeeded(Match match) {
        Runner runner = runners.get(match.runnerId());
        if (runner != null && runner.currentJob() != null && runner.currentJob().runId() == match.ticket().runId()) {
            takeBack(runner);
        }
        return matchAll();
    }

    public LineStatistics statistics() {
        return statistics;
    }

    /** Each runner type's last minute: arrivals, service time, recent wait and round trip. */
    public List<RecentLoad.Load> recentLoads() {
        return recent.loads(clock.instant());
    }

    private void dispatchedAt(Ticket ticket, Instant now) {
        Duration waited = Duration.between(ticket.acceptedAt(), now);
        statistics.dispatched(ticket, waited);
        recent.dispatched(ticket.runnerType(), waited, now);
    }

    /** Sending the match failed: the ticket goes back to the front and the runner is free, nothing is rematched now. */
    public void dispatchFailed(Match match) {
        Runner runner = runners.get(match.runnerId());
        if (holds(match)) {
            takeBack(runner);
        }
        dispatch.returnToFront(runner, match.ticket());
    }

    /** Runners silent for longer than the timeout are dead: their jobs go back to the head of their line. */
    public List<Ticket> expireSilentRunners(Instant now) {
        List<Runner> silent = runners.values().stream()
                .filter(runner -> Duration.between(runner.lastHeartbeat(), now).compareTo(heartbeatTimeout) > 0)
                .toList();
        // remove them all first, so that none of their jobs is handed to another silent one
        silent.forEach(runner -> {
            runners.remove(runner.runnerId());
            leave(runner);
        });
        if (!silent.isEmpty()) {
            recomputeCaps();
        }
        List<Ticket> requeued = new ArrayList<>();
        silent.forEach(runner -> requeued.addAll(requeueJobsOf(runner)));
        return requeued;
    }

    /** Gives each runner that takes jobs, in the board's order, its next ticket if there is one. */
    public List<Match> matchAll() {
        return matchAll(null);
    }

    /** As {@link #matchAll()}, the matches made at the given time (null: read from the clock if one is made). */
    private List<Match> matchAll(Instant at) {
        Instant now = at;
        List<Match> matches = List.of();
        for (int slot = takingJobs.nextSetBit(0); slot >= 0; slot = takingJobs.nextSetBit(slot + 1)) {
            Runner runner = slots.get(slot);
            Optional<Ticket> next = dispatch.nextFor(runner, atShare(runner));
            if (next.isPresent()) {
                Ticket ticket = next.get();
                if (now == null) {
                    now = clock.instant();
                }
                dispatchedAt(ticket, now);
                assign(runner, ticket, now);
                if (matches.isEmpty()) {
                    matches = new ArrayList<>();
                }
                matches.add(new Match(ticket, runner.runnerId()));
            }
        }
        return matches;
    }

    private void assign(Runner runner, Ticket ticket, Instant at) {
        runner.assign(ticket, at);
        refresh(runner);
        currentJobs.addTo(ticket.runId(), 1);
        typeLoad(ticket.runnerType()).busy++;
    }

    private Ticket takeBack(Runner runner) {
        Ticket job = runner.takeJobBack();
        refresh(runner);
        if (job != null) {
            dropCurrentJob(job.runId());
            typeLoad(job.runnerType()).busy--;
        }
        return job;
    }

    private void dropCurrentJob(long runId) {
        if (currentJobs.addTo(runId, -1) <= 1) {
            currentJobs.remove(runId);
        }
    }

    private TypeLoad typeLoad(String runnerType) {
        return typeLoads.computeIfAbsent(runnerType, type -> new TypeLoad());
    }

    /** A runner new to the board takes the next slot, so that slots keep the board's order. */
    private Runner join(Runner runner) {
        runner.slot = slots.size();
        slots.add(runner);
        refresh(runner);
        return runner;
    }

    /** A runner left the board: its slot empties; slots are packed again once half of them are empty. */
    private void leave(Runner runner) {
        slots.set(runner.slot, null);
        takingJobs.clear(runner.slot);
        runner.slot = -1;
        if (slots.size() > 2 * runners.size() + 16) {
            slots.clear();
            takingJobs.clear();
            runners.values().forEach(this::join);
        }
    }

    /** Whether the runner takes a job now, as {@link #matchAll} will see it; to call after every change of it. */
    private void refresh(Runner runner) {
        if (runner.slot >= 0) {
            takingJobs.set(runner.slot, runner.takesJobs());
        }
    }

    /** The cap of each type: agents dedicated to it, plus its share (at least one) of the shared ones. */
    private void recomputeCaps() {
        Map<String, Integer> shared = new HashMap<>();
        Map<String, Integer> dedicated = new HashMap<>();
        for (Runner runner : runners.values()) {
            for (String type : runner.runnerTypes()) {
                (runner.runnerTypes().size() == 1 ? dedicated : shared).merge(type, 1, Integer::sum);
            }
        }
        typeLoads.values().forEach(load -> load.cap = Integer.MAX_VALUE);
        shared.forEach((type, count) -> typeLoad(type).cap = dedicated.getOrDefault(type, 0)
                + Math.max(1, (int) Math.floor(policy.typeShare() * count)));
    }

    /**
     * Head-of-line protection: of the types this runner serves, the slow ones that already hold their share
     * of the agents they could use. A type whose recent runs take longer than the policy's slow-type
     * threshold (long JavaScript, heavy C++ builds) may hold at most max(1, share x N) of the N shared
     * agents serving it, so that it cannot occupy every shared agent and delay the other types. Fast types
     * are never held back (a burst of quick runs uses every agent), nor are agents that serve one type only.
     */
    private Set<String> atShare(Runner runner) {
        if (runner.runnerTypes().size() == 1) {
            return Set.of();
        }
        Set<String> capped = null;
        for (String type : runner.runnerTypes()) {
            TypeLoad load = typeLoads.get(type);
            if (load != null && load.busy > 0 && load.execMillis >= policy.slowTypeMillis()
                    && load.busy >= load.cap) {
                if (capped == null) {
                    capped = new HashSet<>();
                }
                capped.add(type);
            }
        }
        return capped == null ? Set.of() : capped;
    }

    /**
     * What operators decided: the runners that finish their current job and take no more, and the lines
     * ("type|CLASS") whose tickets wait without being handed out. Replaces the previous decisions; returns the
     * matches that became possible (a runner or a line back in service).
     */
    public List<Match> control(Set<String> drainingRunners, Set<String> pausedLines) {
        runners.values().forEach(runner -> {
            runner.drain(drainingRunners.contains(runner.runnerId()));
            refresh(runner);
        });
        waiting.pause(pausedLines);
        return matchAll();
    }

    /** A waiting run was stopped or moved by an operator: its ticket leaves the line (per-runner queues too); false when it was not waiting. */
    public boolean forget(long runId) {
        if (waiting.remove(runId)) {
            return true;
        }
        boolean held = false;
        for (Runner runner : runners.values()) {
            held |= runner.ownQueue().removeIf(ticket -> ticket.runId() == runId);
        }
        return held;
    }

    /**
     * A waiting run moved to another class: its ticket leaves its old line and joins the new one (still ordered by
     * when it was accepted). A run handed to a runner meanwhile is left alone. Returns the matches now possible.
     */
    public List<Match> reclassify(Ticket ticket) {
        return forget(ticket.runId()) ? submit(ticket) : matchAll();
    }

    public Set<String> pausedLines() {
        return waiting.paused();
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
