package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.HdrHistogram.Histogram;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.client.RunWatcher;
import org.codearena.loadtest.stats.Outcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A proctored hiring event: N candidates have started a proctored assessment and their pages upload a webcam
 * snapshot (a real JPEG of about the size the page makes) every S seconds, plus a batch of events a minute. The
 * uploads are the measured requests (uploads per second held, round trip percentiles). Beside them a person runs
 * code in the editor, first for a while with no uploads (the baseline), then during the uploads: the two round
 * trips are compared. At the end the recruiter's timelines of a sample of candidates say what was stored, per
 * candidate-hour.
 */
@Command(name = "proctoring", mixinStandardHelpOptions = true,
        description = "N proctored candidates upload snapshots every S seconds while a person runs code "
                + "(needs a RECRUITER account).")
final class ProctoringCommand implements Callable<Integer> {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Mixin
    CommonOptions options;

    @Option(names = "--candidates", paramLabel = "N", defaultValue = "300", description = "candidates (default: ${DEFAULT-VALUE})")
    int candidates;

    @Option(names = "--every-s", paramLabel = "S", defaultValue = "30",
            description = "a snapshot from each candidate every S seconds (default: ${DEFAULT-VALUE})")
    int everySeconds;

    @Option(names = "--for-s", paramLabel = "D", defaultValue = "60",
            description = "how long the candidates upload (default: ${DEFAULT-VALUE})")
    int forSeconds;

    @Option(names = "--baseline-s", paramLabel = "B", defaultValue = "20",
            description = "editor runs before the uploads start, for the baseline (default: ${DEFAULT-VALUE})")
    int baselineSeconds;

    @Option(names = "--runs-per-s", paramLabel = "R", defaultValue = "1",
            description = "editor runs per second, before and during the uploads (default: ${DEFAULT-VALUE})")
    double runsPerSecond;

    @Option(names = "--recruiter", paramLabel = "USER:PASSWORD", required = true,
            description = "an account with the RECRUITER role (./arena grant USER RECRUITER)")
    String recruiter;

    @Override
    public Integer call() throws Exception {
        ArenaHttpClient client = new ArenaHttpClient(options.url, Duration.ofSeconds(Math.max(60, options.timeoutSeconds)));
        String recruiterToken = AssessmentStartCommand.logIn(client, recruiter);
        System.out.println("set-up: " + candidates + " candidates sign up, agree to the proctoring and start");
        List<Users.User> users = Users.signUp(client, candidates, System.out);
        InvitedAssessment assessment = InvitedAssessment.create(client, recruiterToken, Map.of("title",
                "Proctoring load " + Instant.now(), "tasks", List.of("sum-of-two"), "durationMinutes", 120,
                "proctoring", Map.of("mode", "WEBCAM", "snapshotSeconds", Math.max(5, everySeconds),
                        "retentionDays", 1)), users);
        long assessmentId = assessment.id();
        // each candidate's upload key, as the page gets it at Start
        String[] keys = new String[users.size()];
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> starting = new ArrayList<>();
        for (int c = 0; c < users.size(); c++) {
            Users.User user = users.get(c);
            String token = assessment.tokenOf(user);
            int index = c;
            inFlight.acquireUninterruptibly();
            starting.add(client.post("api/v1/invitations/" + token + "/proctoring/consent", Map.of(), user.token())
                    .thenCompose(consent -> client.post("api/v1/invitations/" + token + "/start", Map.of(), user.token()))
                    .thenAccept(started -> {
                        if (!started.is(200)) {
                            throw new IllegalStateException("a candidate could not start: " + started.error());
                        }
                        keys[index] = started.body().path("proctoring").path("uploadKey").asText();
                    }).whenComplete((done, failure) -> inFlight.release()));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        List<byte[]> snapshots = snapshots();
        double meanBytes = snapshots.stream().mapToInt(s -> s.length).average().orElse(0);
        System.out.printf("snapshots of %.1f kB on average (320x240 JPEG at quality 0.6, as the page makes them)%n",
                meanBytes / 1024);

        Histogram runsBefore = new Histogram(3_600_000_000L, 2);
        Histogram runsDuring = new Histogram(3_600_000_000L, 2);
        AtomicLong runErrors = new AtomicLong();
        long uploads = (long) candidates * Math.max(1, forSeconds / everySeconds);
        try (Harness harness = new Harness("proctoring " + candidates + " candidates, a snapshot every " + everySeconds
                + " s for " + forSeconds + " s", options, System.out);
             RunWatcher watcher = new RunWatcher(client)) {
            Users.User coder = Users.signUp(client, 1).get(0);
            watcher.watchUser(coder.token());
            System.out.printf("baseline: editor runs at %.1f/s for %d s with no uploads%n", runsPerSecond, baselineSeconds);
            runs(client, watcher, coder, baselineSeconds, runsBefore, runErrors);

            System.out.printf("uploads: %d candidates, %.1f snapshots/s, and the editor runs beside them%n",
                    candidates, candidates / (double) everySeconds);
            harness.start((int) uploads);
            CompletableFuture<Void> editor = CompletableFuture.runAsync(() ->
                    runs(client, watcher, coder, forSeconds, runsDuring, runErrors));
            List<CompletableFuture<?>> all = new ArrayList<>();
            double spacingNanos = TimeUnit.SECONDS.toNanos(everySeconds) / (double) candidates;
            long rounds = Math.max(1, forSeconds / everySeconds);
            int sequence = 0;
            for (long round = 0; round < rounds; round++) {
                for (int c = 0; c < candidates; c++) {
                    long intended = TimeUnit.SECONDS.toNanos(everySeconds) * round + Math.round(spacingNanos * c);
                    harness.waitUntil(intended);
                    harness.sent();
                    Users.User user = users.get(c);
                    String key = keys[c];
                    byte[] jpeg = snapshots.get((c + (int) round) % snapshots.size());
                    long sentAt = harness.elapsedNanos();
                    int number = sequence++;
                    String query = "kind=webcam&id=" + UUID.randomUUID() + "&takenAt="
                            + java.net.URLEncoder.encode(Instant.now().toString(), java.nio.charset.StandardCharsets.UTF_8);
                    CompletableFuture<ArenaHttpClient.Reply> upload = client.postWithHeader(
                            "api/v1/proctoring/snapshots?" + query, jpeg, "image/jpeg", "X-Proctoring-Key", key);
                    if (round % Math.max(1, 60 / everySeconds) == 0) {
                        // a minute's events go with one of the snapshots (not measured: the snapshots are)
                        client.postWithHeader("api/v1/proctoring/events", JSON.writeValueAsBytes(Map.of("events",
                                List.of(Map.of("id", UUID.randomUUID().toString(), "kind", "TAB_AWAY",
                                                "at", Instant.now().toString(), "durationMs", 4000),
                                        Map.of("id", UUID.randomUUID().toString(), "kind", "PASTE",
                                                "at", Instant.now().toString(), "size", 30)))),
                                "application/json", "X-Proctoring-Key", key);
                    }
                    all.add(upload.orTimeout(options.timeoutSeconds, TimeUnit.SECONDS).handle((reply, failure) -> {
                        long done = harness.elapsedNanos();
                        if (failure != null) {
                            return new Outcome(number, user.username(), "snapshot", intended, sentAt, done,
                                    failure.getCause() instanceof java.util.concurrent.TimeoutException
                                            ? Outcome.Kind.TIMEOUT : Outcome.Kind.ERROR, null, 0, -1,
                                    String.valueOf(failure), null);
                        }
                        return new Outcome(number, user.username(), "snapshot", intended, sentAt, done,
                                reply.is(202) ? Outcome.Kind.OK : Outcome.Kind.ERROR, "HTTP_" + reply.status(), 0, -1,
                                reply.is(202) ? null : reply.error(), null);
                    }).thenAccept(harness::record));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            editor.join();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("editorRunP50MillisWithoutUploads", millis(runsBefore, 50));
            extra.put("editorRunP50MillisDuringUploads", millis(runsDuring, 50));
            extra.put("editorRunP99MillisWithoutUploads", millis(runsBefore, 99));
            extra.put("editorRunP99MillisDuringUploads", millis(runsDuring, 99));
            extra.put("editorRuns", runsBefore.getTotalCount() + runsDuring.getTotalCount());
            extra.put("editorRunErrors", runErrors.get());
            extra.putAll(stored(client, recruiterToken, assessmentId, rounds));
            return harness.finish(extra);
        }
    }

    /** Editor runs at the set rate for a while; each round trip (accepted to result over push) into the histogram. */
    private void runs(ArenaHttpClient client, RunWatcher watcher, Users.User coder, int seconds, Histogram into,
                      AtomicLong errors) {
        long count = Math.max(1, Math.round(seconds * runsPerSecond));
        long spacing = Math.round(TimeUnit.SECONDS.toNanos(1) / runsPerSecond);
        long start = System.nanoTime();
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            long intended = start + i * spacing;
            while (System.nanoTime() < intended) {
                java.util.concurrent.locks.LockSupport.parkNanos(Math.min(intended - System.nanoTime(), 50_000_000L));
            }
            all.add(client.post("api/v1/runs", Map.of("language", "python", "source", "print('editor')\n",
                            "stdin", ""), coder.token())
                    .thenCompose(accepted -> accepted.is(202)
                            ? watcher.whenFinished(accepted.body().get("id").asLong(), coder.token())
                            .orTimeout(options.timeoutSeconds, TimeUnit.SECONDS)
                            : CompletableFuture.failedFuture(new IllegalStateException(accepted.error())))
                    .handle((run, failure) -> {
                        if (failure != null || !"OK".equals(run.path("verdict").asText())) {
                            errors.incrementAndGet();
                        } else {
                            synchronized (into) {
                                into.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                            }
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private static double millis(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? 0 : Math.round(micros.getValueAtPercentile(percentile) / 100.0) / 10.0;
    }

    /**
     * What was written down, from the recruiter's timelines of up to 20 candidates once the broker's consumer has
     * caught up (at most a minute): snapshots stored of those expected, and bytes per candidate-hour.
     */
    private Map<String, Object> stored(ArenaHttpClient client, String recruiterToken, long assessmentId, long rounds)
            throws InterruptedException {
        JsonNode rows = client.get("api/v1/assessments/" + assessmentId + "/candidates", recruiterToken).join().body();
        int sample = Math.min(20, rows.size());
        long expected = (long) sample * rounds;
        long snapshots = 0;
        long bytes = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        do {
            snapshots = 0;
            bytes = 0;
            for (int i = 0; i < sample; i++) {
                JsonNode timeline = client.get("api/v1/assessments/" + assessmentId + "/candidates/"
                        + rows.get(i).get("id").asLong() + "/proctoring", recruiterToken).join().body();
                for (JsonNode snapshot : timeline.path("snapshots")) {
                    snapshots++;
                    bytes += snapshot.path("bytes").asLong();
                }
            }
            if (snapshots >= expected) {
                break;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() < deadline);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("sampledCandidates", sample);
        figures.put("snapshotsStoredOfExpected", snapshots + "/" + expected);
        double hours = rounds * everySeconds / 3600.0;
        figures.put("storedKilobytesPerCandidateHour", sample == 0 ? 0
                : Math.round(bytes / 1024.0 / sample / hours));
        return figures;
    }

    /** Eight webcam-like JPEGs: a face-ish shape on a noisy background, 320x240 at quality 0.6, as the page sends. */
    static List<byte[]> snapshots() throws IOException {
        Random random = new Random(7);
        List<byte[]> images = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 240; y++) {
                for (int x = 0; x < 320; x++) {
                    int shade = 90 + (x + y) / 8 + random.nextInt(24);
                    image.setRGB(x, y, new Color(shade, shade - 20, shade - 35).getRGB());
                }
            }
            Graphics2D graphics = image.createGraphics();
            graphics.setColor(new Color(225, 190, 160));
            graphics.fillOval(115 + n, 50, 90, 120);
            graphics.setColor(new Color(40, 40, 60));
            graphics.fillRect(90, 170, 140, 70);
            graphics.dispose();
            javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
            javax.imageio.ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(javax.imageio.ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(0.6f);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (javax.imageio.stream.ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(stream);
                writer.write(null, new javax.imageio.IIOImage(image, null, null), parameters);
            }
            writer.dispose();
            images.add(out.toByteArray());
        }
        return images;
    }
}
