package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.codearena.loadtest.stats.Outcome;
import org.codearena.loadtest.stats.Summary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The forum under a rush: N signed-in readers open pages of hot threads (and now and then a category page), each
 * on its own period (an open model), while M writers post replies into the same threads. The same load runs once per
 * phase, with the forum's view cache on and then off (switched through the ADMIN API), in one run. Per phase:
 * page times, pages per second, the SQL statements per page view and the requests to the platform's login endpoints
 * per page view (the forum's own figures, read before and after), and any redirect a page answered with.
 */
@Command(name = "forum", mixinStandardHelpOptions = true,
        description = "N readers browse hot forum threads while M writers post, with the forum's cache on, then off.")
final class ForumCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    CommonOptions options;

    @Option(names = "--admin-token", paramLabel = "TOKEN", defaultValue = "${env:CODEARENA_ADMIN_TOKEN}",
            description = "an ADMIN's token (or CODEARENA_ADMIN_TOKEN): makes the hot threads, switches the cache, reads "
                    + "the forum's figures")
    String adminToken;

    @Option(names = "--readers", paramLabel = "N", defaultValue = "100", description = "signed-in readers (default: ${DEFAULT-VALUE})")
    int readers;

    @Option(names = "--read-every-ms", paramLabel = "MS", defaultValue = "1000",
            description = "each reader opens a page this often (default: ${DEFAULT-VALUE})")
    long readEveryMillis;

    @Option(names = "--writers", paramLabel = "M", defaultValue = "10", description = "writers (default: ${DEFAULT-VALUE})")
    int writers;

    @Option(names = "--write-every-s", paramLabel = "S", defaultValue = "30",
            description = "each writer posts this often; new accounts may post twice a minute (default: ${DEFAULT-VALUE})")
    double writeEverySeconds;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "20", description = "hot threads (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--posts", paramLabel = "P", defaultValue = "20",
            description = "posts in each hot thread before the load (default: ${DEFAULT-VALUE})")
    int posts;

    @Option(names = "--phase-s", paramLabel = "S", defaultValue = "30", description = "seconds per phase (default: ${DEFAULT-VALUE})")
    double phaseSeconds;

    @Option(names = "--warmup-s", paramLabel = "S", defaultValue = "10",
            description = "seconds of the same load before the phases, not counted: the server's JIT warms up (default: ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--phases", paramLabel = "on,off", defaultValue = "on,off", split = ",",
            description = "the cache in each phase, in order (default: ${DEFAULT-VALUE})")
    List<String> phases;

    record Reader(String username, String cookie) {
    }

    /** One phase's figures. */
    record Phase(String cache, Summary summary, long pageViews, double statementsPerView, double loginRequestsPerView,
                 long redirects, long notSignedIn, long posts, long postsRefused) {
    }

    @Override
    public Integer call() throws Exception {
        if (adminToken == null || adminToken.isBlank()) {
            throw new IllegalArgumentException("--admin-token (or CODEARENA_ADMIN_TOKEN) is required: an ADMIN makes the "
                    + "hot threads and switches the forum's cache");
        }
        for (String phase : phases) {
            if (!phase.equals("on") && !phase.equals("off")) {
                throw new IllegalArgumentException("--phases takes on and off, e.g. on,off");
            }
        }
        Duration timeout = Duration.ofSeconds(Math.max(60, options.timeoutSeconds));
        ArenaHttpClient client = new ArenaHttpClient(options.url, timeout);
        HttpClient pages = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30)).build();
        if (!client.get("api/v1/forum/admin/stats", adminToken).join().is(200)) {
            throw new IllegalStateException("the admin token does not read /api/v1/forum/admin/stats: is it an ADMIN's?");
        }

        System.out.println("set-up: " + threads + " hot threads of " + posts + " posts in General");
        List<Long> hot = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ArenaHttpClient.Reply created = client.postPatiently("api/v1/forum/categories/general/threads", Map.of(
                    "title", "Hot thread " + (t + 1) + ": binary search on the answer",
                    "body", "How do I **binary search** on the answer? Here is my code:\n\n```python\nlo, hi = 0, 10**9\n"
                            + "while lo < hi:\n    mid = (lo + hi) // 2\n```\n\nSee https://en.wikipedia.org/wiki/Binary_search"),
                    adminToken, 4).join();
            if (!created.is(201)) {
                throw new IllegalStateException("could not make a thread: " + created.error());
            }
            long id = created.body().get("threadId").asLong();
            hot.add(id);
            for (int p = 2; p <= posts; p++) {
                client.post("api/v1/forum/threads/" + id + "/posts", Map.of("body", "> quoted\n\nReply " + p
                        + " with `code` and a [link](https://example.org/" + p + ")."), adminToken).join();
            }
        }
        System.out.println("set-up: " + readers + " readers sign up and log in (a page session each), " + writers
                + " writers sign up");
        List<Users.User> readerAccounts = Users.signUp(client, readers, System.out);
        List<Reader> signedIn = new ArrayList<>();
        for (Users.User user : readerAccounts) {
            signedIn.add(new Reader(user.username(), sessionCookie(pages, client.base(), user)));
        }
        List<Users.User> writerAccounts = Users.signUp(client, writers, System.out);

        List<Phase> results = new ArrayList<>();
        try {
            if (warmupSeconds > 0) {
                System.out.println("warm-up: " + warmupSeconds + " s of the same load, not counted");
                put(pages, client.base(), "api/v1/forum/admin/cache", "{\"enabled\":true}");
                phase("warm-up", warmupSeconds, client, pages, hot, signedIn, writerAccounts);
            }
            for (String cache : phases) {
                ArenaHttpClient.Reply switched = put(pages, client.base(), "api/v1/forum/admin/cache",
                        "{\"enabled\":" + cache.equals("on") + "}");
                if (switched.status() != 200) {
                    throw new IllegalStateException("could not switch the cache " + cache + ": " + switched.raw());
                }
                results.add(phase(cache, phaseSeconds, client, pages, hot, signedIn, writerAccounts));
            }
        } finally {
            put(pages, client.base(), "api/v1/forum/admin/cache", "{\"enabled\":true}");
        }

        System.out.println();
        System.out.println("== forum: " + readers + " readers every " + readEveryMillis + " ms, " + writers
                + " writers every " + writeEverySeconds + " s, " + threads + " hot threads ==");
        System.out.printf(Locale.ROOT, "%-6s %8s %8s %9s %9s %9s %9s %12s %12s %9s %7s%n", "cache", "pages", "pages/s",
                "p50 ms", "p90 ms", "p99 ms", "errors", "SQL/page", "login/page", "redirects", "posts");
        for (Phase p : results) {
            Summary s = p.summary();
            System.out.printf(Locale.ROOT, "%-6s %8d %8.1f %9.2f %9.2f %9.2f %9d %12.3f %12.3f %9d %7d%n", p.cache(),
                    s.count(), s.throughput(), s.roundTripMillis().p50(), s.roundTripMillis().p90(),
                    s.roundTripMillis().p99(), s.errors() + s.timeouts(), p.statementsPerView(),
                    p.loginRequestsPerView(), p.redirects(), p.posts());
        }
        Phase on = results.stream().filter(p -> p.cache().equals("on")).findFirst().orElse(null);
        Phase off = results.stream().filter(p -> p.cache().equals("off")).findFirst().orElse(null);
        Map<String, Object> ratios = new LinkedHashMap<>();
        if (on != null && off != null && on.summary().roundTripMillis().p50() > 0) {
            ratios.put("p50OffOverOn", off.summary().roundTripMillis().p50() / on.summary().roundTripMillis().p50());
            ratios.put("p99OffOverOn", off.summary().roundTripMillis().p99() / on.summary().roundTripMillis().p99());
            System.out.printf(Locale.ROOT, "with the cache, page time p50 %.1f× and p99 %.1f× shorter than without%n",
                    ratios.get("p50OffOverOn"), ratios.get("p99OffOverOn"));
        }
        if (options.json != null) {
            JSON.writeValue(options.json.toFile(), Map.of("scenario", "forum", "readers", readers,
                    "readEveryMillis", readEveryMillis, "writers", writers, "writeEverySeconds", writeEverySeconds,
                    "threads", threads, "phases", results, "ratios", ratios));
            System.out.println("statistics written to " + options.json);
        }
        int exit = 0;
        for (Phase p : results) {
            if (p.loginRequestsPerView() > 0 || p.redirects() > 0 || p.notSignedIn() > 0) {
                System.out.println("FAILED: the " + p.cache() + " phase made login requests, redirects or pages that "
                        + "did not know their reader");
                exit = 1;
            }
        }
        return exit;
    }

    private Phase phase(String cache, double seconds, ArenaHttpClient client, HttpClient pages, List<Long> hot, List<Reader> signedIn,
                        List<Users.User> writerAccounts) throws Exception {
        CommonOptions quiet = new CommonOptions();
        quiet.url = options.url;
        quiet.timeoutSeconds = options.timeoutSeconds;
        JsonNode before = stats(client);
        AtomicLong redirects = new AtomicLong();
        AtomicLong notSignedIn = new AtomicLong();
        AtomicLong posted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        Summary summary;
        try (Harness harness = new Harness("forum, cache " + cache, quiet, System.out)) {
            long endNanos = (long) (seconds * 1e9);
            long period = readEveryMillis * 1_000_000L;
            harness.start((int) (signedIn.size() * (endNanos / period)));
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (Users.User writer : writerAccounts) {
                long every = (long) (writeEverySeconds * 1e9);
                for (long at = ThreadLocalRandom.current().nextLong(every); at < endNanos; at += every) {
                    long when = at;
                    all.add(CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(
                                    Math.max(0, when - harness.elapsedNanos()), TimeUnit.NANOSECONDS))
                            .thenCompose(ignored -> client.post("api/v1/forum/threads/" + hot.get(ThreadLocalRandom
                                    .current().nextInt(hot.size())) + "/posts", Map.of("body",
                                    "A new reply under load at " + System.currentTimeMillis()), writer.token()))
                            .handle((reply, failure) -> {
                                (failure == null && reply.is(201) ? posted : refused).incrementAndGet();
                                return null;
                            }));
                }
            }
            long sequence = 0;
            for (long at = 0; at < endNanos; at += period) {
                for (int r = 0; r < signedIn.size(); r++) {
                    long intended = at + period * r / signedIn.size();
                    harness.waitUntil(intended);
                    Reader reader = signedIn.get(r);
                    // mostly a hot thread's first page; one view in ten a category page
                    String path = sequence % 10 == 9 ? "forum/c/general"
                            : "forum/t/" + hot.get(ThreadLocalRandom.current().nextInt(hot.size()));
                    all.add(view(pages, client.base(), harness, sequence++, intended, reader, path, redirects,
                            notSignedIn));
                }
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            if (!"warm-up".equals(cache)) {
                harness.finish(Map.of());
            }
            summary = harness.summary();
        }
        JsonNode after = stats(client);
        long views = after.get("pageViews").asLong() - before.get("pageViews").asLong();
        double statements = (after.get("statements").asLong() - before.get("statements").asLong())
                / (double) Math.max(1, views);
        double logins = (after.get("loginRequests").asLong() - before.get("loginRequests").asLong())
                / (double) Math.max(1, views);
        return new Phase(cache, summary, views, statements, logins, redirects.get(), notSignedIn.get(), posted.get(),
                refused.get());
    }

    private static CompletableFuture<Void> view(HttpClient pages, URI base, Harness harness, long sequence,
                                                long intended, Reader reader, String path, AtomicLong redirects,
                                                AtomicLong notSignedIn) {
        long sentAt = harness.elapsedNanos();
        harness.sent();
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Cookie", reader.cookie()).GET().build();
        return pages.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, failure) -> {
            long doneAt = harness.elapsedNanos();
            if (failure != null) {
                return new Outcome(sequence, reader.username(), path, intended, sentAt, doneAt, Outcome.Kind.ERROR,
                        null, 0, -1, String.valueOf(failure), null);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                redirects.incrementAndGet();
            }
            boolean ok = status == 200;
            if (ok && !response.body().contains(">" + reader.username() + "</strong>")) {
                notSignedIn.incrementAndGet();
                ok = false;
            }
            return new Outcome(sequence, reader.username(), path.startsWith("forum/c") ? "category" : "thread",
                    intended, sentAt, doneAt, ok ? Outcome.Kind.OK : Outcome.Kind.ERROR, "HTTP_" + status, 0, -1,
                    ok ? null : "HTTP " + status, null);
        }).thenAccept(harness::record);
    }

    /** The forum's counters (page views, SQL statements, login requests), read before and after a phase. */
    private JsonNode stats(ArenaHttpClient client) {
        ArenaHttpClient.Reply reply = client.get("api/v1/forum/admin/stats", adminToken).join();
        if (!reply.is(200) || reply.body() == null) {
            throw new IllegalStateException("could not read the forum's counters (HTTP " + reply.status() + "): "
                    + reply.error());
        }
        return reply.body();
    }

    /** Logs a reader in as a browser does (set-up, before the clock): the page session's cookie. */
    private static String sessionCookie(HttpClient http, URI base, Users.User user) throws Exception {
        String username = user.username();
        String password = user.password();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("api/v1/auth/session"))
                .header("Content-Type", "application/json").header("X-CodeArena-Request", "1")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("username", username,
                        "password", password)))).build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("could not log " + username + " in: " + login.body());
        }
        return login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';'))).findFirst()
                .orElseThrow(() -> new IllegalStateException("the login set no session cookie"));
    }

    private ArenaHttpClient.Reply put(HttpClient http, URI base, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return new ArenaHttpClient.Reply(response.statusCode(), null, response.body());
    }
}
