package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.stats.Outcome;
import org.codearena.loadtest.stats.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A mass mailing while the product is in use: people use the API at a steady rate (an open model) while a recruiter
 * invites N candidates by mail; the API's latency is measured idle, then during a mailing whose recipients are read
 * from the replica, then during the same mailing read from the primary (the ADMIN setting switched between phases),
 * in one run. Per phase: API p50/p99, the time from the first invitation to the last message handed to the SMTP
 * server, messages per second, and the primary database's CPU (all its processes, from /proc).
 */
@Command(name = "mailing", mixinStandardHelpOptions = true,
        description = "API latency idle and during a mass mailing of N invitations read from the replica, then the primary.")
final class MailingCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final long TICKS_PER_SECOND = 100;

    @Mixin
    CommonOptions options;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CODEARENA_ADMIN_TOKEN}",
            description = "an ADMIN's token (or CODEARENA_ADMIN_TOKEN): switches where mailings read their recipients")
    String adminToken;

    @Option(names = "--recruiter", paramLabel = "USER:PASSWORD", required = true,
            description = "an account with the RECRUITER role: it creates the assessments and invites")
    String recruiter;

    @Option(names = "--recipients", paramLabel = "N", defaultValue = "30000",
            description = "candidates invited by mail in each mailing phase (default: ${DEFAULT-VALUE})")
    int recipients;

    @Option(names = "--chunk", paramLabel = "C", defaultValue = "10000",
            description = "addresses per invitation request, one after the other (at most 20,000; default: ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--api-rate", paramLabel = "R", defaultValue = "50",
            description = "API requests per second by the product's users throughout (default: ${DEFAULT-VALUE})")
    double apiRate;

    @Option(names = "--users", paramLabel = "U", defaultValue = "20",
            description = "the product's users making those requests (default: ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--idle-s", paramLabel = "S", defaultValue = "30",
            description = "seconds of API load with no mailing, the baseline (default: ${DEFAULT-VALUE})")
    double idleSeconds;

    @Option(names = "--warmup-s", paramLabel = "S", defaultValue = "15",
            description = "seconds of the same API load before the phases, not counted: the server's JIT warms up "
                    + "and the set-up's submissions are judged (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--phases", paramLabel = "replica,primary", defaultValue = "replica,primary", split = ",",
            description = "the phases after the first idle one, in order: where each mailing reads its recipients, "
                    + "or idle again (e.g. replica,primary,idle) (default: ${DEFAULT-VALUE})")
    List<String> phases;

    @Option(names = "--max-phase-s", paramLabel = "S", defaultValue = "1800",
            description = "a mailing phase that has not sent everything by then ends as failed (default: ${DEFAULT-VALUE})")
    double maxPhaseSeconds;

    @Option(names = "--mail-api", paramLabel = "URL", defaultValue = "${env:CODEARENA_MAIL_API:-}",
            description = "the local SMTP server's API (GreenMail: ./arena load sets it): what it holds is purged "
                    + "before each phase, so that every phase meets the same empty server")
    String mailApi;

    @Option(names = "--db-pid", defaultValue = "${env:CODEARENA_DB_PID:-}",
            description = "the primary PostgreSQL's postmaster, for its CPU (with its backends) from /proc (./arena load sets it)")
    String dbPid;

    /** One phase's figures. */
    record Phase(String name, Summary api, long recipients, double sendSeconds, double messagesPerSecond,
                 double primaryCpuSeconds, double primaryCpuPercent, double phaseSeconds, String readFrom) {
    }

    @Override
    public Integer call() throws Exception {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token (or CODEARENA_ADMIN_TOKEN) is required: an ADMIN switches "
                    + "where mailings read their recipients");
        }
        for (String phase : phases) {
            if (!List.of("replica", "primary", "idle").contains(phase)) {
                throw new IllegalArgumentException("--phases takes replica, primary and idle, e.g. replica,primary,idle");
            }
        }
        if (chunk < 1 || chunk > 20_000) {
            throw new IllegalArgumentException("--chunk is from 1 to 20000");
        }
        ArenaHttpClient client = new ArenaHttpClient(options.url, Duration.ofSeconds(Math.max(120, options.timeoutSeconds)));
        String recruiterToken = AssessmentStartCommand.logIn(client, recruiter);
        if (!client.get("api/v1/admin/mailings", adminToken).join().is(200)) {
            throw new IllegalStateException("the admin token does not read /api/v1/admin/mailings: is it an ADMIN's?");
        }
        System.out.println("set-up: " + users + " users sign up and submit once each (their history is what they read)");
        List<Users.User> people = Users.signUp(client, users, System.out);
        for (Users.User user : people) {
            client.post("api/v1/submissions", Map.of("task", "sum-of-two", "language", "python",
                    "source", "a, b = map(int, input().split())\nprint(a + b)\n"), user.token()).join();
        }

        List<Phase> results = new ArrayList<>();
        try {
            if (warmupSeconds > 0) {
                System.out.println("warm-up: " + warmupSeconds + " s of the same API load, not counted");
                double idle = idleSeconds;
                idleSeconds = warmupSeconds;
                phase("warm-up", null, client, recruiterToken, people);
                idleSeconds = idle;
            }
            results.add(phase("idle", null, client, recruiterToken, people));
            for (String source : phases) {
                if (source.equals("idle")) {
                    results.add(phase("idle", null, client, recruiterToken, people));
                    continue;
                }
                ArenaHttpClient.Reply switched = client.put("api/v1/admin/mailings", Map.of("readFrom", source),
                        adminToken).join();
                if (!switched.is(200)) {
                    throw new IllegalStateException("could not make mailings read the " + source + ": " + switched.raw());
                }
                results.add(phase(source, source, client, recruiterToken, people));
            }
        } finally {
            client.put("api/v1/admin/mailings", Map.of("readFrom", "replica"), adminToken).join();
        }

        System.out.println();
        System.out.println("== mailing: " + recipients + " invitations per mailing, API at " + apiRate + " requests/s by "
                + users + " users ==");
        System.out.printf(Locale.ROOT, "%-8s %8s %9s %9s %9s %7s %9s %9s %11s %9s%n", "phase", "requests", "p50 ms",
                "p99 ms", "max ms", "errors", "send s", "mails/s", "db CPU s", "db CPU %");
        for (Phase p : results) {
            Summary s = p.api();
            boolean mailed = p.recipients() > 0;
            boolean measured = p.primaryCpuSeconds() >= 0;
            System.out.printf(Locale.ROOT, "%-8s %8d %9.2f %9.2f %9.2f %7d %9s %9s %11s %9s%n", p.name(),
                    s.count(), s.roundTripMillis().p50(), s.roundTripMillis().p99(), s.roundTripMillis().max(),
                    s.errors() + s.timeouts(), mailed ? String.format(Locale.ROOT, "%.1f", p.sendSeconds()) : "–",
                    mailed ? String.format(Locale.ROOT, "%.1f", p.messagesPerSecond()) : "–",
                    measured ? String.format(Locale.ROOT, "%.1f", p.primaryCpuSeconds()) : "–",
                    measured ? String.format(Locale.ROOT, "%.1f", p.primaryCpuPercent()) : "–");
        }
        Phase idle = results.get(0);
        Map<String, Object> ratios = new LinkedHashMap<>();
        for (Phase p : results.subList(1, results.size())) {
            if (p.name().equals("idle")) {
                continue;
            }
            double ratio = p.api().roundTripMillis().p99() / Math.max(0.001, idle.api().roundTripMillis().p99());
            ratios.put("p99" + capitalized(p.name()) + "OverIdle", ratio);
            System.out.printf(Locale.ROOT, "API p99 during the mailing read from the %s: %.2f× idle%n", p.name(), ratio);
        }
        if (options.json != null) {
            JSON.writeValue(options.json.toFile(), Map.of("scenario", "mailing", "recipients", recipients,
                    "apiRate", apiRate, "users", users, "phases", results, "ratios", ratios));
            System.out.println("statistics written to " + options.json);
        }
        for (Phase p : results) {
            if (p.api().errors() + p.api().timeouts() > 0 || (!p.name().equals("idle") && p.sendSeconds() < 0)) {
                System.out.println("FAILED: the " + p.name() + " phase had API errors or did not send every message");
                return 1;
            }
        }
        return 0;
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** The API load for the idle time, or for as long as a mailing of N takes to be sent entirely. */
    private Phase phase(String name, String source, ArenaHttpClient client, String recruiterToken,
                        List<Users.User> people) throws Exception {
        CommonOptions quiet = new CommonOptions();
        quiet.url = options.url;
        quiet.timeoutSeconds = options.timeoutSeconds;
        purgeMail();
        AtomicBoolean done = new AtomicBoolean();
        double[] sendSeconds = {-1};
        double[] phaseSeconds = {0};
        String[] readFrom = {null};
        CpuMeter cpu = new CpuMeter(dbPid);
        Summary summary;
        try (Harness harness = new Harness("mailing, " + name, quiet, System.out)) {
            double seconds = source == null ? idleSeconds : maxPhaseSeconds;
            long period = (long) (1e9 / apiRate);
            long endNanos = (long) (seconds * 1e9);
            harness.start((int) Math.min(Integer.MAX_VALUE, endNanos / period));
            cpu.start();
            CompletableFuture<Void> mailing = source == null ? CompletableFuture.completedFuture(null)
                    : CompletableFuture.runAsync(() -> {
                        try {
                            sendSeconds[0] = mail(client, recruiterToken, readFrom);
                        } catch (Exception e) {
                            System.out.println("the mailing failed: " + e.getMessage());
                        } finally {
                            done.set(true);
                        }
                    });
            List<CompletableFuture<?>> all = new ArrayList<>();
            long sequence = 0;
            for (long at = 0; at < endNanos && !(source != null && done.get()); at += period) {
                harness.waitUntil(at);
                Users.User user = people.get((int) (sequence % people.size()));
                // what people do meanwhile: their submissions, a task, who they are
                String path = switch ((int) (sequence % 3)) {
                    case 0 -> "api/v1/submissions?limit=20";
                    case 1 -> "api/v1/tasks/sum-of-two";
                    default -> "api/v1/auth/me";
                };
                all.add(request(client, harness, sequence++, at, user, path));
            }
            phaseSeconds[0] = harness.elapsedNanos() / 1e9;
            mailing.join();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            cpu.stop();
            if (!name.equals("warm-up")) {
                harness.finish(Map.of());
            }
            summary = harness.summary();
        }
        double cpuSeconds = cpu.seconds();
        long mailed = source == null ? 0 : recipients;
        return new Phase(name, summary, mailed, sendSeconds[0], sendSeconds[0] > 0 ? mailed / sendSeconds[0] : 0,
                cpuSeconds, cpuSeconds < 0 ? -1 : 100 * cpuSeconds / Math.max(0.001, phaseSeconds[0]), phaseSeconds[0],
                readFrom[0]);
    }

    /** Empties the local SMTP server (GreenMail keeps every message in memory). */
    private void purgeMail() throws IOException, InterruptedException {
        if (mailApi == null || mailApi.isBlank()) {
            return;
        }
        java.net.http.HttpResponse<String> purged = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(mailApi.replaceAll("/$", "") + "/mail/purge"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (purged.statusCode() != 200) {
            throw new IllegalStateException("could not purge the SMTP server's mail at " + mailApi + ": "
                    + purged.statusCode() + " " + purged.body());
        }
    }

    private static CompletableFuture<Void> request(ArenaHttpClient client, Harness harness, long sequence, long intended,
                                                   Users.User user, String path) {
        long sentAt = harness.elapsedNanos();
        harness.sent();
        return client.get(path, user.token()).handle((reply, failure) -> {
            long doneAt = harness.elapsedNanos();
            boolean ok = failure == null && reply.is(200);
            String what = path.substring(path.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
            return new Outcome(sequence, user.username(), what, intended, sentAt, doneAt,
                    ok ? Outcome.Kind.OK : Outcome.Kind.ERROR, ok ? "OK" : "HTTP_" + (reply == null ? 0 : reply.status()),
                    0, -1, ok ? null : failure != null ? String.valueOf(failure) : reply.error(), null);
        }).thenAccept(harness::record);
    }

    /** Creates an assessment, invites N by mail in chunks, waits until all are sent; the seconds that took. */
    private double mail(ArenaHttpClient client, String recruiterToken, String[] readFrom) throws Exception {
        Instant now = Instant.now();
        ArenaHttpClient.Reply created = client.post("api/v1/assessments", Map.of("title", "Mass hiring " + now,
                "tasks", List.of("sum-of-two"), "durationMinutes", 60, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofDays(7)).toString()), recruiterToken).join();
        if (!created.is(201)) {
            throw new IllegalStateException("could not create the assessment: " + created.error());
        }
        long id = created.body().get("id").asLong();
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
        long start = System.nanoTime();
        for (int from = 0; from < recipients; from += chunk) {
            StringBuilder addresses = new StringBuilder();
            for (int i = from; i < Math.min(recipients, from + chunk); i++) {
                addresses.append(prefix).append('-').append(i).append("@example.org\n");
            }
            ArenaHttpClient.Reply invited = client.post("api/v1/assessments/" + id + "/invitations",
                    Map.of("addresses", addresses.toString()), recruiterToken).join();
            if (!invited.is(200)) {
                throw new IllegalStateException("the invitations were refused: " + invited.error());
            }
        }
        long deadline = start + (long) (maxPhaseSeconds * 1e9);
        while (System.nanoTime() < deadline) {
            JsonNode mailings = client.get("api/v1/assessments/" + id + "/mailings", recruiterToken).join().body();
            long sent = 0;
            boolean all = mailings != null && mailings.size() > 0;
            for (JsonNode mailing : mailings == null ? List.<JsonNode>of() : iterable(mailings)) {
                sent += mailing.get("sent").asLong() + mailing.get("failed").asLong();
                all &= "DONE".equals(mailing.get("state").asText());
                readFrom[0] = mailing.get("readFrom").asText();
            }
            if (all && sent >= recipients) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(500);
        }
        return -1;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    /**
     * The CPU of a process and its children (the postmaster and its backends), from /proc: sampled every second,
     * each process's own ticks counted from when it was first seen (a backend that ends between samples loses at
     * most its last second).
     */
    static final class CpuMeter {

        private final long pid;
        private final Map<Long, Long> first = new HashMap<>();
        private final Map<Long, Long> last = new HashMap<>();
        private ScheduledExecutorService sampler;
        private boolean initial = true;

        CpuMeter(String pid) {
            this.pid = pid == null || pid.isBlank() ? -1 : Long.parseLong(pid.split(",")[0].trim());
        }

        void start() {
            if (pid < 0) {
                return;
            }
            sample();
            sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "cpu-sampler");
                thread.setDaemon(true);
                return thread;
            });
            sampler.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }

        void stop() throws InterruptedException {
            if (sampler != null) {
                sampler.shutdown();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
                sample();
            }
        }

        /** CPU seconds used since start; -1 when no process was given. */
        synchronized double seconds() {
            if (pid < 0) {
                return -1;
            }
            long ticks = 0;
            for (Map.Entry<Long, Long> entry : last.entrySet()) {
                ticks += entry.getValue() - first.getOrDefault(entry.getKey(), entry.getValue());
            }
            return ticks / (double) TICKS_PER_SECOND;
        }

        private synchronized void sample() {
            try (var processes = Files.list(Path.of("/proc"))) {
                for (Path dir : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    long id = Long.parseLong(dir.getFileName().toString());
                    String[] fields = stat(dir);
                    if (fields == null) {
                        continue;
                    }
                    long parent = Long.parseLong(fields[1]);
                    if (id != pid && parent != pid) {
                        continue;
                    }
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    // a process first seen after the first sample started since (a new backend): from 0
                    first.putIfAbsent(id, initial ? ticks : 0L);
                    last.put(id, ticks);
                }
                initial = false;
            } catch (IOException | RuntimeException e) {
                // a process that ended while being read: the next sample goes on
            }
        }

        /** The fields after the command name: state, ppid, …, utime (index 11), stime (12). */
        private static String[] stat(Path dir) {
            try {
                String stat = Files.readString(dir.resolve("stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            } catch (IOException e) {
                return null;
            }
        }
    }
}
