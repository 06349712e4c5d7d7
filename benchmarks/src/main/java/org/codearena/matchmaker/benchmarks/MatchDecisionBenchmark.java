package org.codearena.matchmaker.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.domain.model.Match;
import org.codearena.matchmaker.domain.model.MatchBoard;
import org.codearena.matchmaker.domain.model.SchedulingPolicy;
import org.codearena.matchmaker.domain.model.Ticket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Match decisions per second: 100 busy agents over 5 runner types (each serving one to three types),
 * 10,000 waiting tickets over the 5 classes. One operation = an agent finishes its job and the board
 * chooses its next ticket (the decision), then a new ticket arrives so that 10,000 keep waiting.
 * The baseline in the same run, {@code linearScan}, makes the same choice by scanning every waiting ticket.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchDecisionBenchmark {

    private static final String[] TYPES = {"python", "java", "c", "cpp", "javascript"};
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @Param({"10000"})
    int waiting;

    @Param({"100"})
    int agents;

    private final SchedulingPolicy policy = SchedulingPolicy.defaults();
    private MatchBoard board;
    private List<String> runnerIds;
    private long[] currentRun;
    private List<Ticket> scanQueue;
    private List<Set<String>> servedTypes;
    private SplittableRandom random;
    private long nextRunId;
    private int nextAgent;

    @Setup(Level.Iteration)
    public void fill() {
        random = new SplittableRandom(42);
        board = new MatchBoard(Duration.ofHours(1), policy);
        runnerIds = new ArrayList<>();
        servedTypes = new ArrayList<>();
        currentRun = new long[agents];
        scanQueue = new ArrayList<>();
        nextRunId = 1;
        // first give every agent a job, so that all are busy, then fill the queue
        for (int i = 0; i < agents; i++) {
            Set<String> types = typesFor(i);
            servedTypes.add(types);
            board.submit(newTicket(types.iterator().next()));
        }
        for (int i = 0; i < agents; i++) {
            String runnerId = "agent-" + i;
            runnerIds.add(runnerId);
            for (Match match : board.runnerSeen(runnerId, servedTypes.get(i), "host", T0)) {
                currentRun[i] = match.ticket().runId();
            }
        }
        for (int i = 0; i < waiting; i++) {
            Ticket ticket = newTicket(TYPES[random.nextInt(TYPES.length)]);
            board.submit(ticket);
            scanQueue.add(ticket);
        }
    }

    private static Set<String> typesFor(int agent) {
        int first = agent % TYPES.length;
        return switch (agent % 3) {
            case 0 -> Set.of(TYPES[first]);
            case 1 -> Set.of(TYPES[first], TYPES[(first + 1) % TYPES.length]);
            default -> Set.of(TYPES[first], TYPES[(first + 1) % TYPES.length], TYPES[(first + 2) % TYPES.length]);
        };
    }

    private Ticket newTicket(String type) {
        PriorityClass priorityClass = PriorityClass.values()[random.nextInt(PriorityClass.values().length)];
        long runId = nextRunId++;
        return new Ticket(runId, type, priorityClass, T0.plusMillis(runId), 200);
    }

    @Benchmark
    public long matchBoard() {
        int agent = nextAgent;
        nextAgent = (nextAgent + 1) % agents;
        List<Match> matches = board.runFinished(runnerIds.get(agent), currentRun[agent], false);
        if (!matches.isEmpty()) {
            currentRun[agent] = matches.get(0).ticket().runId();
        }
        board.submit(newTicket(TYPES[random.nextInt(TYPES.length)]));
        return currentRun[agent];
    }

    @Benchmark
    public long linearScan() {
        int agent = nextAgent;
        nextAgent = (nextAgent + 1) % agents;
        Set<String> types = servedTypes.get(agent);
        int best = -1;
        Instant bestDeadline = null;
        for (int i = 0; i < scanQueue.size(); i++) {
            Ticket ticket = scanQueue.get(i);
            if (types.contains(ticket.runnerType())) {
                Instant deadline = policy.deadline(ticket);
                if (bestDeadline == null || deadline.isBefore(bestDeadline)) {
                    best = i;
                    bestDeadline = deadline;
                }
            }
        }
        long chosen = best < 0 ? 0 : scanQueue.remove(best).runId();
        scanQueue.add(newTicket(TYPES[random.nextInt(TYPES.length)]));
        return chosen;
    }

}
