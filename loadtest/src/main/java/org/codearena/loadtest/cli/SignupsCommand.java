package org.codearena.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.schedule.LoadSchedule;
import org.codearena.loadtest.stats.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** N people sign up for the same name at once; on 409 each takes the suggestion, as a person would. */
@Command(name = "signups", mixinStandardHelpOptions = true,
        description = "Concurrent sign-ups for one base name, taking the suggestion on 409 like a person would.")
final class SignupsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100", description = "sign-ups (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--base", paramLabel = "NAME", description = "the name everyone wants (default: a fresh one)")
    String base;

    @Option(names = "--max-tries", defaultValue = "50", description = "tries per person before giving up (default: ${DEFAULT-VALUE})")
    int maxTries;

    private final Set<String> created = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong createdCount = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Integer call() throws Exception {
        String name = base != null ? base : "alan" + UUID.randomUUID().toString().replace("-", "").substring(0, 6);
        ArenaHttpClient client = new ArenaHttpClient(options.url,
                java.time.Duration.ofSeconds(Math.max(60, options.timeoutSeconds)));
        try (Harness harness = new Harness("signups " + name, options, System.out)) {
            LoadSchedule schedule = harness.schedule(requests);
            harness.start(schedule.requests());
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < schedule.requests(); i++) {
                long intended = schedule.intendedStartNanos(i);
                harness.waitUntil(intended);
                harness.sent();
                int sequence = i;
                long sentAt = harness.elapsedNanos();
                all.add(attempt(client, name, 1, harness)
                        .orTimeout(options.timeoutSeconds, TimeUnit.SECONDS)
                        .handle((result, failure) -> failure == null ? result.outcome(sequence, intended, sentAt, harness)
                                : new Outcome(sequence, name, "signup", intended, sentAt, harness.elapsedNanos(),
                                failure.getCause() instanceof java.util.concurrent.TimeoutException
                                        ? Outcome.Kind.TIMEOUT : Outcome.Kind.ERROR, null, 0, -1,
                                String.valueOf(failure), null))
                        .thenAccept(harness::record));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            long accounts = createdCount.get();
            // every 201 must be a different name: the unique constraint has the last word
            return harness.finish(Map.of("accountsCreated", accounts, "distinctNames", created.size(),
                    "duplicateNames", accounts - created.size()));
        }
    }

    private record Result(String username, int tries, int status, String error) {

        Outcome outcome(int sequence, long intended, long sentAt, Harness harness) {
            Outcome.Kind kind = status == 201 ? Outcome.Kind.OK : Outcome.Kind.ERROR;
            return new Outcome(sequence, username, "signup", intended, sentAt, harness.elapsedNanos(), kind,
                    status == 201 ? (tries == 1 ? "CREATED" : "CREATED_AFTER_409") : "HTTP_" + status,
                    0, -1, error, "tries=" + tries);
        }
    }

    private CompletableFuture<Result> attempt(ArenaHttpClient client, String username, int tries, Harness harness) {
        return attempt(client, username, null, tries, harness);
    }

    /** @param suggestionToken the token of a suggestion the server holds for this person, or null */
    private CompletableFuture<Result> attempt(ArenaHttpClient client, String username, String suggestionToken,
                                              int tries, Harness harness) {
        String password = "load-" + UUID.randomUUID();
        Map<String, Object> body = new java.util.HashMap<>(Map.of("username", username,
                "email", username + "@example.org", "password", password));
        if (suggestionToken != null) {
            body.put("suggestionToken", suggestionToken);
        }
        return client.post("api/v1/accounts", body, null).thenCompose(reply -> {
            if (reply.is(201)) {
                created.add(reply.body().get("username").asText());
                createdCount.incrementAndGet();
                return CompletableFuture.completedFuture(new Result(username, tries, 201, null));
            }
            if (tries < maxTries && reply.is(409) && reply.body() != null && reply.body().hasNonNull("suggestion")) {
                // as a person would: click the suggestion, which the server holds for us
                return attempt(client, reply.body().get("suggestion").asText(),
                        reply.body().path("suggestionToken").asText(null), tries + 1, harness);
            }
            if (tries < maxTries && reply.is(429)) {
                long waitSeconds = 1;
                return CompletableFuture.supplyAsync(() -> null,
                                CompletableFuture.delayedExecutor(waitSeconds, TimeUnit.SECONDS))
                        .thenCompose(ignored -> attempt(client, username, suggestionToken, tries + 1, harness));
            }
            return CompletableFuture.completedFuture(new Result(username, tries, reply.status(), reply.error()));
        });
    }
}
