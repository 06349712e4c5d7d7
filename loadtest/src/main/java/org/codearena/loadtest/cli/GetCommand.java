package org.codearena.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.schedule.LoadSchedule;
import org.codearena.loadtest.stats.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Plain GETs of one path: an open model (--rate/--duration, or --requests in batches), or a closed loop of
 * --concurrency connections for --duration seconds, the way wrk measures. Used to check this tool's figures
 * against an established one.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = "GET one path: open model, or a closed loop of --concurrency clients (like wrk).")
final class GetCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--path", defaultValue = "api/v1/languages", description = "path to GET (default: ${DEFAULT-VALUE})")
    String path;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100", description = "requests in the open model")
    int requests;

    @Option(names = "--gzip", description = "ask for gzip as a browser does (off by default: wrk does not, and this "
            + "command is how the tool is checked against wrk)")
    boolean gzip;

    @Option(names = "--concurrency", paramLabel = "C",
            description = "closed loop: C clients, each sending its next request when the last one answered")
    Integer concurrency;

    @Override
    public Integer call() throws Exception {
        ArenaHttpClient client = new ArenaHttpClient(options.url, java.time.Duration.ofMinutes(5), gzip);
        try (Harness harness = new Harness("get " + path, options, System.out)) {
            if (concurrency != null) {
                if (options.durationSeconds == null) {
                    throw new IllegalArgumentException("--concurrency needs --duration");
                }
                long endNanos = (long) (options.durationSeconds * 1e9);
                harness.start(0);
                AtomicInteger sequence = new AtomicInteger();
                List<CompletableFuture<Void>> loops = new ArrayList<>();
                for (int c = 0; c < concurrency; c++) {
                    loops.add(loop(client, harness, sequence, endNanos));
                }
                CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).join();
            } else {
                LoadSchedule schedule = harness.schedule(requests);
                harness.start(schedule.requests());
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (int i = 0; i < schedule.requests(); i++) {
                    long intended = schedule.intendedStartNanos(i);
                    harness.waitUntil(intended);
                    all.add(one(client, harness, i, intended));
                }
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            }
            return harness.finish();
        }
    }

    /**
     * One client of the closed loop: each answer is recorded and the next request sent from the callback that
     * told it (no future per request: this loop is how the tool's own cost is compared with wrk's).
     */
    private CompletableFuture<Void> loop(ArenaHttpClient client, Harness harness, AtomicInteger sequence, long endNanos) {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        next(client, harness, sequence, endNanos, ended);
        return ended;
    }

    private void next(ArenaHttpClient client, Harness harness, AtomicInteger sequence, long endNanos,
                      CompletableFuture<Void> ended) {
        try {
            long sentAt = harness.elapsedNanos();
            if (sentAt >= endNanos) {
                ended.complete(null);
                return;
            }
            // in a closed loop the next request is intended when the previous one answered
            int number = sequence.getAndIncrement();
            harness.sent();
            client.get(path, null, (reply, failure) -> {
                try {
                    harness.record(outcome(number, sentAt, sentAt, harness.elapsedNanos(), reply, failure));
                } catch (RuntimeException e) {
                    ended.completeExceptionally(e);
                    return;
                }
                if (failure == null) {
                    next(client, harness, sequence, endNanos, ended);
                } else {
                    // a failure may be told on the sending thread itself: the next request from another, so that
                    // a server that refuses every connection cannot grow this stack
                    CompletableFuture.runAsync(() -> next(client, harness, sequence, endNanos, ended));
                }
            });
        } catch (RuntimeException e) {
            // thrown where no one would see it (in Jetty's listener, or on the thread of runAsync): the loop ends
            // with it instead of waiting for ever
            ended.completeExceptionally(e);
        }
    }

    private CompletableFuture<Void> one(ArenaHttpClient client, Harness harness, int sequence, long intended) {
        long sentAt = harness.elapsedNanos();
        harness.sent();
        return client.get(path, null).handle((reply, failure) ->
                outcome(sequence, intended, sentAt, harness.elapsedNanos(), reply, failure)).thenAccept(harness::record);
    }

    private Outcome outcome(int sequence, long intended, long sentAt, long doneAt, ArenaHttpClient.Reply reply,
                            Throwable failure) {
        if (failure != null) {
            return new Outcome(sequence, "-", path, intended, sentAt, doneAt, Outcome.Kind.ERROR, null, 0, -1,
                    String.valueOf(failure), null);
        }
        boolean success = reply.status() >= 200 && reply.status() < 300;
        return new Outcome(sequence, "-", path, intended, sentAt, doneAt,
                success ? Outcome.Kind.OK : Outcome.Kind.ERROR, "HTTP_" + reply.status(), 0, -1,
                success ? null : reply.error(), null);
    }
}
