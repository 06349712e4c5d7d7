package org.codearena.loadtest.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.schedule.LoadSchedule;
import org.codearena.loadtest.stats.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The hiring event: N candidates, each with their own account and personal link, press Start within S
 * seconds. Set-up (before the clock): the candidates sign up and log in, a recruiter creates the assessment
 * and invites them all. Measured: each Start, from the moment the schedule says to press it.
 */
@Command(name = "assessment-start", mixinStandardHelpOptions = true,
        description = "N candidates press Start on an assessment within S seconds (needs a RECRUITER account).")
final class AssessmentStartCommand implements Callable<Integer> {

    @Mixin
    CommonOptions options;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "100", description = "candidates (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--within-s", paramLabel = "S", defaultValue = "10",
            description = "everyone presses Start within this many seconds, evenly spread (default: ${DEFAULT-VALUE})")
    double withinSeconds;

    @Option(names = "--recruiter", paramLabel = "USER:PASSWORD", required = true,
            description = "an account with the RECRUITER role (./arena grant USER RECRUITER)")
    String recruiter;

    @Override
    public Integer call() throws Exception {
        ArenaHttpClient client = new ArenaHttpClient(options.url, Duration.ofSeconds(Math.max(60, options.timeoutSeconds)));
        String recruiterToken = logIn(client, recruiter);
        System.out.println("set-up: " + candidates + " candidates sign up and log in; the assessment; the invitations");
        List<Users.User> users = Users.signUp(client, candidates, System.out);
        InvitedAssessment assessment = InvitedAssessment.create(client, recruiterToken, Map.of("title",
                "Load test " + Instant.now(), "tasks", List.of("sum-of-two", "reverse-words"), "durationMinutes", 60),
                users);
        long assessmentId = assessment.id();

        try (Harness harness = new Harness("assessment-start " + candidates + " within " + withinSeconds + " s",
                options, System.out)) {
            LoadSchedule schedule = candidates == 1 ? LoadSchedule.burst(1, null, 0)
                    : LoadSchedule.open(candidates / withinSeconds, withinSeconds);
            harness.start(schedule.requests());
            long stormStartedAt = System.currentTimeMillis();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < schedule.requests(); i++) {
                Users.User user = users.get(i % users.size());
                String token = assessment.tokenOf(user);
                long intended = schedule.intendedStartNanos(i);
                harness.waitUntil(intended);
                harness.sent();
                int sequence = i;
                long sentAt = harness.elapsedNanos();
                all.add(client.post("api/v1/invitations/" + token + "/start", Map.of(), user.token())
                        .orTimeout(options.timeoutSeconds, TimeUnit.SECONDS)
                        .handle((reply, failure) -> {
                            if (failure != null) {
                                return new Outcome(sequence, user.username(), "start", intended, sentAt,
                                        harness.elapsedNanos(), failure.getCause() instanceof java.util.concurrent.TimeoutException
                                        ? Outcome.Kind.TIMEOUT : Outcome.Kind.ERROR, null, 0, -1, String.valueOf(failure), null);
                            }
                            boolean started = reply.is(200) && "STARTED".equals(reply.body().path("state").asText());
                            return new Outcome(sequence, user.username(), "start", intended, sentAt, harness.elapsedNanos(),
                                    started ? Outcome.Kind.OK : Outcome.Kind.ERROR, started ? "STARTED" : "HTTP_" + reply.status(),
                                    0, -1, started ? null : reply.error(), reply.body() == null ? null
                                    : reply.body().path("endsAt").asText(null));
                        })
                        .thenAccept(harness::record));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            long stormEndedAt = System.currentTimeMillis();
            return harness.finish(Map.of("assessmentId", assessmentId, "stormStartedAtEpochMillis", stormStartedAt,
                    "stormEndedAtEpochMillis", stormEndedAt));
        }
    }

    static String logIn(ArenaHttpClient client, String userAndPassword) {
        int colon = userAndPassword.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("--recruiter must be USER:PASSWORD");
        }
        ArenaHttpClient.Reply token = client.post("api/v1/auth/token", Map.of("username", userAndPassword.substring(0, colon),
                "password", userAndPassword.substring(colon + 1)), null).join();
        if (!token.is(200)) {
            throw new IllegalStateException("the recruiter could not log in: " + token.error());
        }
        return token.body().get("token").asText();
    }
}
