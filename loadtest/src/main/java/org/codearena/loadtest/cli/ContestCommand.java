package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.stats.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A running contest under load: N contestants join and submit (right and wrong solutions, to its tasks) while
 * M viewers read the leaderboard, each on a fixed period (an open model per viewer, so a slow server does not
 * slow the viewers down). Measured: every leaderboard read. Counted: submissions accepted and refused, and
 * how many different leaderboard versions the viewers saw (the board moving).
 */
@Command(name = "contest", mixinStandardHelpOptions = true,
        description = "N contestants submit while M viewers read the leaderboard of a running contest.")
final class ContestCommand implements Callable<Integer> {

    /** Python solutions of the seed tasks (right ones); anything else gets a program that prints nothing. */
    private static final Map<String, String> SOLUTIONS = Map.of(
            "hello-arena", "print('Hello, CodeArena!')\n",
            "sum-of-two", "a, b = map(int, input().split())\nprint(a + b)\n",
            "reverse-words", "print(' '.join(reversed(input().split())))\n");

    @Mixin
    CommonOptions options;

    @Option(names = "--contest", paramLabel = "SLUG", required = true, description = "a running contest")
    String contest;

    @Option(names = "--contestants", paramLabel = "N", defaultValue = "20", description = "contestants (default: ${DEFAULT-VALUE})")
    int contestants;

    @Option(names = "--submit-every-s", paramLabel = "S", defaultValue = "20",
            description = "each contestant submits this often (default: ${DEFAULT-VALUE})")
    double submitEverySeconds;

    @Option(names = "--viewers", paramLabel = "M", defaultValue = "100", description = "viewers (default: ${DEFAULT-VALUE})")
    int viewers;

    @Option(names = "--view-every-ms", paramLabel = "MS", defaultValue = "1000",
            description = "each viewer reads the leaderboard this often (default: ${DEFAULT-VALUE})")
    long viewEveryMillis;

    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Set<Long> versions = ConcurrentHashMap.newKeySet();

    @Override
    public Integer call() throws Exception {
        if (options.durationSeconds == null) {
            throw new IllegalArgumentException("--duration S is required: how long the contest runs under load");
        }
        ArenaHttpClient client = new ArenaHttpClient(options.url, Duration.ofSeconds(Math.max(60, options.timeoutSeconds)));
        ArenaHttpClient.Reply details = client.get("api/v1/contests/" + contest, null).join();
        if (!details.is(200)) {
            throw new IllegalStateException("no contest " + contest + ": " + details.error());
        }
        List<String> regions = new ArrayList<>();
        details.body().get("regions").forEach(region -> regions.add(region.asText()));
        List<String> tasks = new ArrayList<>();
        details.body().get("tasks").forEach(task -> tasks.add(task.get("slug").asText()));
        System.out.println("set-up: " + contestants + " contestants sign up and join " + contest);
        List<Users.User> users = Users.signUp(client, contestants, System.out);
        for (int i = 0; i < users.size(); i++) {
            String region = regions.isEmpty() ? null : regions.get(i % regions.size());
            ArenaHttpClient.Reply joined = client.post("api/v1/contests/" + contest + "/join",
                    region == null ? Map.of() : Map.of("region", region), users.get(i).token()).join();
            if (!joined.is(200)) {
                throw new IllegalStateException("could not join: " + joined.error());
            }
        }

        try (Harness harness = new Harness("contest " + contest + ": " + viewers + " viewers, " + contestants
                + " contestants", options, System.out)) {
            long endNanos = (long) (options.durationSeconds * 1e9);
            long viewPeriod = viewEveryMillis * 1_000_000L;
            harness.start((int) (viewers * (endNanos / viewPeriod)));
            List<CompletableFuture<?>> all = new ArrayList<>();
            // contestants: each on its own period, starting at a random point of it
            for (Users.User user : users) {
                long period = (long) (submitEverySeconds * 1e9);
                long first = ThreadLocalRandom.current().nextLong(period);
                for (long at = first; at < endNanos; at += period) {
                    long when = at;
                    all.add(CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(
                            Math.max(0, when - harness.elapsedNanos()), java.util.concurrent.TimeUnit.NANOSECONDS))
                            .thenCompose(ignored -> submit(client, user, tasks)));
                }
            }
            // viewers: one read per period each, spread over the period, region views among them
            long sequence = 0;
            List<long[]> reads = new ArrayList<>();
            for (long at = 0; at < endNanos; at += viewPeriod) {
                for (int v = 0; v < viewers; v++) {
                    reads.add(new long[] {at + viewPeriod * v / viewers, v});
                }
            }
            for (long[] read : reads) {
                harness.waitUntil(read[0]);
                String region = regions.isEmpty() || read[1] % 2 == 0 ? null : regions.get((int) (read[1] / 2 % regions.size()));
                all.add(view(client, harness, sequence++, read[0], region));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return harness.finish(Map.of("submissionsAccepted", accepted.get(), "submissionsRefused", refused.get(),
                    "leaderboardVersionsSeen", versions.size()));
        }
    }

    private CompletableFuture<Void> submit(ArenaHttpClient client, Users.User user, List<String> tasks) {
        String task = tasks.get(ThreadLocalRandom.current().nextInt(tasks.size()));
        boolean right = ThreadLocalRandom.current().nextInt(4) != 0;
        String source = right ? SOLUTIONS.getOrDefault(task, "pass\n") : "print(0)\n";
        return client.post("api/v1/contests/" + contest + "/submissions",
                        Map.of("task", task, "language", "python", "source", source), user.token())
                .handle((reply, failure) -> {
                    (failure == null && reply.is(202) ? accepted : refused).incrementAndGet();
                    return null;
                });
    }

    private CompletableFuture<Void> view(ArenaHttpClient client, Harness harness, long sequence, long intended, String region) {
        long sentAt = harness.elapsedNanos();
        harness.sent();
        String path = "api/v1/contests/" + contest + "/leaderboard" + (region == null ? "" : "?region=" + region);
        return client.get(path, null).handle((reply, failure) -> {
            long doneAt = harness.elapsedNanos();
            if (failure != null) {
                return new Outcome(sequence, "viewer", "leaderboard", intended, sentAt, doneAt, Outcome.Kind.ERROR, null,
                        0, -1, String.valueOf(failure), null);
            }
            boolean ok = reply.is(200);
            if (ok) {
                JsonNode version = reply.body().get("version");
                if (version != null) {
                    versions.add(version.asLong());
                }
            }
            return new Outcome(sequence, "viewer", "leaderboard", intended, sentAt, doneAt,
                    ok ? Outcome.Kind.OK : Outcome.Kind.ERROR, "HTTP_" + reply.status(), 0, -1,
                    ok ? null : reply.error(), null);
        }).thenAccept(harness::record);
    }
}
