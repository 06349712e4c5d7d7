package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.codearena.loadtest.report.HtmlReport;
import org.codearena.loadtest.report.TextReport;
import org.codearena.loadtest.schedule.LoadSchedule;
import org.codearena.loadtest.stats.LoadStatistics;
import org.codearena.loadtest.stats.Outcome;
import org.codearena.loadtest.stats.Summary;
import org.codearena.loadtest.stats.Threshold;

/**
 * What every scenario needs around it: the schedule, recording, the request log, the live progress line,
 * and at the end the table, JSON, HTML report and thresholds.
 */
final class Harness implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String scenario;
    private final CommonOptions options;
    private final List<Threshold> thresholds;
    private final LoadStatistics statistics = new LoadStatistics();
    private final AtomicLong sent = new AtomicLong();
    private final BufferedWriter log;
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "progress");
        thread.setDaemon(true);
        return thread;
    });
    private final PrintStream out;
    private long startNanos;
    private int planned;
    private long doneAtLastTick;
    private long lastTickNanos;
    private long ticks;
    private volatile boolean finishing;
    private volatile org.codearena.loadtest.stats.ScalingTimeline timeline;

    Harness(String scenario, CommonOptions options, PrintStream out) throws IOException {
        this.scenario = scenario;
        this.options = options;
        this.out = out;
        // read the thresholds first: a typo should fail before the load, not after
        this.thresholds = options.thresholds.stream().map(Threshold::parse).toList();
        this.log = options.log == null ? null : Files.newBufferedWriter(options.log, StandardCharsets.UTF_8);
    }

    LoadSchedule schedule(int requests) {
        if (options.steps != null) {
            if (options.rate != null || options.durationSeconds != null) {
                throw new IllegalArgumentException("--steps replaces --rate and --duration: use one or the other");
            }
            return LoadSchedule.steps(options.steps);
        }
        if (options.rate != null || options.durationSeconds != null) {
            if (options.rate == null || options.durationSeconds == null) {
                throw new IllegalArgumentException("the open model needs both --rate and --duration");
            }
            return LoadSchedule.open(options.rate, options.durationSeconds);
        }
        return LoadSchedule.burst(requests, options.batch, options.intervalMillis);
    }

    /** Starts the clock and the progress line. */
    void start(int plannedRequests) {
        planned = plannedRequests;
        startNanos = System.nanoTime();
        lastTickNanos = startNanos;
        progress.scheduleAtFixedRate(this::printProgress, 500, 500, TimeUnit.MILLISECONDS);
    }

    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Sleeps until the schedule's moment for a request. */
    void waitUntil(long intendedNanos) {
        long remaining;
        while ((remaining = intendedNanos - elapsedNanos()) > 0) {
            LockSupport.parkNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(50)));
        }
    }

    /** Keeps a per-window timeline of arrivals, p95 and runners too (drawn in the HTML report). */
    void keepTimeline(org.codearena.loadtest.stats.ScalingTimeline scaling) {
        this.timeline = scaling;
    }

    void sent() {
        sent.incrementAndGet();
    }

    void record(Outcome outcome) {
        statistics.record(outcome);
        if (timeline != null) {
            timeline.record(outcome);
        }
        if (log != null) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("request", outcome.sequence());
            line.put("user", outcome.user());
            line.put("task", outcome.task());
            line.put("runId", outcome.runId() > 0 ? outcome.runId() : null);
            line.put("outcome", outcome.kind());
            line.put("verdict", outcome.verdict());
            line.put("intendedAtMillis", outcome.intendedAt() / 1e6);
            line.put("sentAtMillis", outcome.sentAt() / 1e6);
            line.put("doneAtMillis", outcome.doneAt() / 1e6);
            line.put("roundTripMillis", outcome.roundTripNanos() / 1e6);
            line.put("queueWaitMillis", outcome.queueWaitMillis() >= 0 ? outcome.queueWaitMillis() : null);
            line.put("output", outcome.output());
            line.put("error", outcome.error());
            synchronized (log) {
                try {
                    log.write(JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(line));
                    log.newLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private void printProgress() {
        ticks++;
        // on a terminal the line rewrites itself; in a log, one line every five seconds
        boolean terminal = System.console() != null;
        if (!terminal && ticks % 10 != 0 && !finishing) {
            return;
        }
        long now = System.nanoTime();
        long done = statistics.count();
        double rate = (done - doneAtLastTick) / Math.max(1e-9, (now - lastTickNanos) / 1e9);
        doneAtLastTick = done;
        lastTickNanos = now;
        System.err.printf((terminal ? "\r" : "") + "[%6.1fs] sent %d/%d  done %d  errors %d  timeouts %d  %.1f done/s   %s",
                (now - startNanos) / 1e9, sent.get(), planned, done, statistics.errors(), statistics.timeouts(), rate,
                terminal ? "" : System.lineSeparator());
    }

    /** The figures so far. */
    Summary summary() {
        return statistics.summary();
    }

    /** Prints and writes the results; returns the process exit code (1 when a threshold fails). */
    int finish() throws IOException {
        return finish(Map.of());
    }

    /** As {@link #finish()}, with scenario-specific figures printed and written to the JSON too. */
    int finish(Map<String, Object> extra) throws IOException {
        progress.shutdownNow();
        finishing = true;
        printProgress();
        if (System.console() != null) {
            System.err.println();
        }
        Summary summary = statistics.summary();
        out.print(TextReport.render(scenario, summary));
        extra.forEach((name, value) -> out.println(name + ": " + value));
        if (options.json != null) {
            JSON.writeValue(options.json.toFile(), Map.of("scenario", scenario, "summary", summary, "extra", extra));
            out.println("statistics written to " + options.json);
        }
        if (options.report != null) {
            Files.writeString(options.report, HtmlReport.render(scenario, summary,
                    timeline == null ? null : timeline.windows()), StandardCharsets.UTF_8);
            out.println("report written to " + options.report);
        }
        int exitCode = 0;
        for (Threshold threshold : thresholds) {
            boolean holds = threshold.holdsFor(summary);
            out.printf("threshold %-24s %s (measured %.2f)%n", threshold.expression(), holds ? "passed" : "FAILED",
                    threshold.valueIn(summary));
            if (!holds) {
                exitCode = 1;
            }
        }
        return exitCode;
    }

    @Override
    public void close() throws IOException {
        progress.shutdownNow();
        if (log != null) {
            log.close();
        }
    }
}
