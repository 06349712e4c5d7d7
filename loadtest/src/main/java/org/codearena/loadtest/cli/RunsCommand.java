package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.client.RunWatcher;
import org.codearena.loadtest.schedule.LoadSchedule;
import org.codearena.loadtest.stats.Outcome;
import org.codearena.loadtest.stats.ScalingTimeline;
import org.codearena.loadtest.tasks.TaskCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The seed's tool: N runs at once or in batches, or at a steady rate; each followed to its result. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Submit runs and follow each one to its result (submit-to-result round trip and queue wait).")
final class RunsCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "100", description = "runs to submit (default: ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--task", defaultValue = "hello-python", split = ",",
            description = "hello-python, hello-java, hello-c, hello-cpp, hello-javascript, cpu, half-second, slow, big-stdin, "
                    + "compile-heavy; several, comma-separated, are used in turn (default: ${DEFAULT-VALUE})")
    List<String> tasks;

    @Option(names = "--source", paramLabel = "FILE", description = "your own program instead of a built-in task")
    Path source;

    @Option(names = "--language", paramLabel = "L", description = "language of --source")
    String language;

    @Option(names = "--stdin", paramLabel = "FILE", description = "stdin for --source")
    Path stdin;

    @Option(names = "--priority", paramLabel = "CLASS",
            description = "priority class sent with each run (INTERACTIVE, ASSESSMENT, CONTEST, PRACTICE, REJUDGE), "
                    + "where the server honours it")
    String priority;

    @Option(names = "--timeline", paramLabel = "FILE.csv",
            description = "per 10 s window: arrival rate, p95 round trip, runners serving (also drawn in --report)")
    Path timelineFile;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CODEARENA_ADMIN_TOKEN}",
            description = "an ADMIN's token (or CODEARENA_ADMIN_TOKEN): the runners serving are sampled every 2 s for the timeline")
    String adminToken;

    @Option(names = "--users", paramLabel = "K", defaultValue = "10",
            description = "users to sign up and spread the runs over (default: ${DEFAULT-VALUE})")
    int users;

    @Override
    public Integer call() throws Exception {
        List<String> taskNames = new ArrayList<>();
        List<Map<String, Object>> bodies = new ArrayList<>();
        if (source != null) {
            if (language == null) {
                throw new IllegalArgumentException("--source needs --language");
            }
            taskNames.add(source.getFileName().toString());
            bodies.add(body(language, Files.readString(source, StandardCharsets.UTF_8),
                    stdin == null ? "" : Files.readString(stdin, StandardCharsets.UTF_8)));
        } else {
            for (String name : tasks) {
                TaskCatalog builtIn = TaskCatalog.byName(name.strip());
                taskNames.add(builtIn.taskName());
                bodies.add(body(builtIn.language(), builtIn.source(), builtIn.stdin()));
            }
        }
        String taskName = String.join(",", taskNames);

        ArenaHttpClient client = new ArenaHttpClient(options.url);
        try (Harness harness = new Harness("runs " + taskName, options, System.out);
             RunWatcher watcher = new RunWatcher(client)) {
            LoadSchedule schedule = harness.schedule(requests);
            System.err.printf("signing up %d users at %s%n", users, client.base());
            List<Users.User> people = Users.signUp(client, Math.max(1, users));
            people.forEach(user -> watcher.watchUser(user.token()));

            ScalingTimeline timeline = timelineFile != null || options.steps != null ? new ScalingTimeline() : null;
            java.util.concurrent.ScheduledExecutorService sampler = null;
            if (timeline != null) {
                harness.keepTimeline(timeline);
            }
            harness.start(schedule.requests());
            if (timeline != null && adminToken != null && !adminToken.isBlank()) {
                sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "runner-sampler");
                    thread.setDaemon(true);
                    return thread;
                });
                sampler.scheduleAtFixedRate(() -> sampleRunners(client, harness, timeline), 0, 2, TimeUnit.SECONDS);
            }
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < schedule.requests(); i++) {
                long intended = schedule.intendedStartNanos(i);
                harness.waitUntil(intended);
                all.add(submit(harness, client, watcher, people.get(i % people.size()), i, intended,
                        taskNames.get(i % taskNames.size()), bodies.get(i % bodies.size())));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            if (sampler != null) {
                sampler.shutdownNow();
            }
            if (timelineFile != null) {
                Files.writeString(timelineFile, timeline.csv(), StandardCharsets.UTF_8);
                System.out.println("timeline written to " + timelineFile);
            }
            return harness.finish();
        }
    }

    /** Runners in service (idle or busy) as the admin API shows them now. */
    private void sampleRunners(ArenaHttpClient client, Harness harness, ScalingTimeline timeline) {
        try {
            ArenaHttpClient.Reply reply = client.get("api/v1/admin/matchmaker", adminToken).get(5, TimeUnit.SECONDS);
            if (!reply.is(200)) {
                System.err.println("cannot read the runners (HTTP " + reply.status() + "): " + reply.error());
                return;
            }
            int serving = 0;
            for (JsonNode runner : reply.body().path("runners")) {
                String state = runner.path("state").asText();
                if ("IDLE".equals(state) || "BUSY".equals(state)) {
                    serving++;
                }
            }
            timeline.runners(harness.elapsedNanos(), serving);
        } catch (Exception e) {
            System.err.println("cannot read the runners: " + e);
        }
    }

    private Map<String, Object> body(String languageId, String program, String input) {
        Map<String, Object> body = new HashMap<>();
        body.put("language", languageId);
        body.put("source", program);
        body.put("stdin", input);
        if (priority != null) {
            body.put("priority", priority);
        }
        return body;
    }

    private CompletableFuture<Void> submit(Harness harness, ArenaHttpClient client, RunWatcher watcher,
                                           Users.User user, int sequence, long intended, String taskName,
                                           Map<String, Object> body) {
        long sentAt = harness.elapsedNanos();
        harness.sent();
        return client.post("api/v1/runs", body, user.token())
                .thenCompose(accepted -> {
                    if (!accepted.is(202)) {
                        return CompletableFuture.completedFuture(new Outcome(sequence, user.username(), taskName,
                                intended, sentAt, harness.elapsedNanos(), Outcome.Kind.ERROR,
                                "HTTP_" + accepted.status(), 0, -1, accepted.error(), null));
                    }
                    long runId = accepted.body().get("id").asLong();
                    return watcher.whenFinished(runId, user.token())
                            .orTimeout(options.timeoutSeconds, TimeUnit.SECONDS)
                            .thenApply(run -> finished(run, sequence, user, taskName, intended, sentAt, harness))
                            .exceptionally(failure -> new Outcome(sequence, user.username(), taskName, intended,
                                    sentAt, harness.elapsedNanos(),
                                    failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException
                                            ? Outcome.Kind.TIMEOUT : Outcome.Kind.ERROR,
                                    null, runId, -1, String.valueOf(failure), null));
                })
                .exceptionally(failure -> new Outcome(sequence, user.username(), taskName, intended, sentAt,
                        harness.elapsedNanos(), Outcome.Kind.ERROR, null, 0, -1, String.valueOf(failure), null))
                .thenAccept(harness::record);
    }

    private static Outcome finished(JsonNode run, int sequence, Users.User user, String taskName, long intended,
                                    long sentAt, Harness harness) {
        String verdict = run.path("verdict").asText();
        return new Outcome(sequence, user.username(), taskName, intended, sentAt, harness.elapsedNanos(),
                "OK".equals(verdict) ? Outcome.Kind.OK : Outcome.Kind.VERDICT, verdict, run.get("id").asLong(),
                queueWaitMillis(run), null, excerpt(run.path("stdout").asText() + run.path("stderr").asText()));
    }

    /** accepted-to-started on the server's clock, from the run's own instants */
    static long queueWaitMillis(JsonNode run) {
        if (!run.hasNonNull("acceptedAt") || !run.hasNonNull("startedAt")) {
            return -1;
        }
        return Math.max(0, Duration.between(Instant.parse(run.get("acceptedAt").asText()),
                Instant.parse(run.get("startedAt").asText())).toMillis());
    }

    private static String excerpt(String output) {
        return output.length() > 200 ? output.substring(0, 200) + "…" : output;
    }
}
