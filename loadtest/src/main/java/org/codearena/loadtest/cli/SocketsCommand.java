package org.codearena.loadtest.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.codearena.loadtest.client.ArenaHttpClient;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One chat room, filled in steps with push sockets (250 … 19,000), each socket a member that joined the room over
 * the page's push protocol. At every step: how fast the new members joined (and how many failed), then back-to-back
 * broadcasts, each posted by a member and timed at every receiver (the next one after every member got the last, or
 * its time ran out), and the server's CPU and resident memory from /proc. The same figures, in the same shape, as the
 * chat benchmark run against ejabberd and Prosody (chatbench), so that the rows stand side by side.
 */
@Command(name = "sockets", mixinStandardHelpOptions = true,
        description = "N push sockets in one chat room, in steps: join rate, broadcast delivery latency at every "
                + "receiver, the server's CPU and memory per connection.")
public final class SocketsCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", defaultValue = "${env:CODEARENA_URL:-http://localhost:9080/}",
            description = "CodeArena to test (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--steps", paramLabel = "N,N,…", defaultValue = "250,500,1000,2000,4000,8000,19000", split = ",",
            description = "members in the room at each step (default: ${DEFAULT-VALUE})")
    List<Integer> steps;

    @Option(names = "--room", defaultValue = "global", description = "the room (default: ${DEFAULT-VALUE})")
    String room;

    @Option(names = "--accounts", defaultValue = "200",
            description = "accounts the sockets belong to, in turn (signed up first; default: ${DEFAULT-VALUE}); "
                    + "every socket is a member of the room, the room counts people once")
    int accounts;

    @Option(names = "--senders", defaultValue = "20",
            description = "members who post the broadcasts, in turn (each stays within the chat's rate limit; "
                    + "default: ${DEFAULT-VALUE})")
    int senders;

    @Option(names = "--broadcasts", defaultValue = "20", description = "broadcasts per step (default: ${DEFAULT-VALUE})")
    int broadcasts;

    @Option(names = "--concurrency", defaultValue = "50",
            description = "sockets connecting and joining at once (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--clients", defaultValue = "4",
            description = "HTTP clients the sockets are spread over (each has its own I/O thread; default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--broadcast-timeout-s", defaultValue = "20",
            description = "a broadcast not delivered to everyone within this many seconds is counted as timed out")
    int broadcastTimeoutSeconds;

    @Option(names = "--join-phase-s", defaultValue = "240", description = "the longest a step's joining may take")
    int joinPhaseSeconds;

    @Option(names = "--server-pid", defaultValue = "${env:CODEARENA_SERVER_PID:-0}",
            description = "the server's process, for its CPU and memory from /proc (./arena load passes Liberty's)")
    long serverPid;

    @Option(names = "--label", defaultValue = "codearena", description = "the rows' label (default: ${DEFAULT-VALUE})")
    String label;

    @Option(names = "--out", paramLabel = "FILE.jsonl", description = "one JSON row per step (chatbench's columns)")
    Path out;

    @Option(names = "--fail-if-p99-ms", paramLabel = "MS", description = "exit 1 if a step's p99 exceeds this")
    Double failP99;

    /** One member: its socket, and whether it heard that it is in the room (public: Jetty calls it by reflection). */
    public static final class Member implements Session.Listener.AutoDemanding {
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final SocketsCommand owner;
        private final String room;
        volatile Session socket;
        volatile boolean closed;

        Member(SocketsCommand owner, String room) {
            this.owner = owner;
            this.room = room;
        }

        @Override
        public void onWebSocketOpen(Session session) {
            socket = session;
            session.sendText("{\"chat\":\"join\",\"room\":\"" + room + "\"}", Callback.NOOP);
        }

        @Override
        public void onWebSocketText(String text) {
            owner.received(this, text);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            closed = true;
            owner.lostAfterJoin(this, "closed " + statusCode + " " + reason);
            joined.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            callback.succeed();
        }

        @Override
        public void onWebSocketError(Throwable error) {
            closed = true;
            owner.lostAfterJoin(this, "error " + error.getClass().getSimpleName());
            joined.completeExceptionally(error);
        }
    }

    private final List<Member> members = new ArrayList<>();
    private final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
    private final AtomicInteger lost = new AtomicInteger();
    private final ConcurrentHistogram latency = new ConcurrentHistogram(3);
    private final Map<Long, AtomicInteger> deliveries = new ConcurrentHashMap<>();
    private final Map<Long, CompletableFuture<Void>> everyone = new ConcurrentHashMap<>();
    private final AtomicLong delivered = new AtomicLong();
    private volatile int expected;

    private void received(Member member, String frame) {
        if (!member.joined.isDone()) {
            if (frame.contains("\"type\":\"chat-presence\"")) {
                member.joined.complete(null);
            } else if (frame.contains("\"type\":\"chat-error\"")) {
                member.joined.completeExceptionally(new IllegalStateException(frame));
            }
            return;
        }
        int at = frame.indexOf("\"body\":\"B");
        if (at < 0 || !frame.contains("\"type\":\"chat-message\"")) {
            return;
        }
        long now = System.nanoTime();
        int colon = frame.indexOf(':', at + 9);
        int end = frame.indexOf('"', colon);
        long id = Long.parseLong(frame, at + 9, colon, 10);
        long sentAt = Long.parseLong(frame, colon + 1, end, 10);
        latency.recordValue(Math.max(0, (now - sentAt) / 1_000));
        delivered.incrementAndGet();
        AtomicInteger count = deliveries.get(id);
        if (count != null && count.incrementAndGet() >= expected) {
            CompletableFuture<Void> done = everyone.get(id);
            if (done != null) {
                done.complete(null);
            }
        }
    }

    private void lostAfterJoin(Member member, String why) {
        if (member.joined.isDone() && !member.joined.isCompletedExceptionally()) {
            lost.incrementAndGet();
            errors.computeIfAbsent(why, w -> new AtomicInteger()).incrementAndGet();
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintStream console = System.out;
        ArenaHttpClient signUps = new ArenaHttpClient(url);
        console.printf("set-up: %d accounts for the sockets (signed up through the API, not measured)%n", accounts);
        List<Users.User> users = Users.signUp(signUps, accounts, console);
        List<WebSocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < Math.max(1, clients); i++) {
            HttpClient http = new HttpClient();
            http.setMaxConnectionsPerDestination(100_000);
            WebSocketClient client = new WebSocketClient(http);
            client.setIdleTimeout(Duration.ofMinutes(30));
            client.start();
            sockets.add(client);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        console.printf("%n%-10s %7s %7s %9s %8s %8s %8s %8s %9s %8s %8s %9s%n", "label", "members", "failed",
                "joins/s", "p50 ms", "p99 ms", "max ms", "timeouts", "deliv %", "CPU %", "RSS MB", "KB/conn");
        long baseRss = rssKb();
        int exit = 0;
        for (int target : steps) {
            Map<String, Object> row = step(target, users, sockets, baseRss);
            rows.add(row);
            console.printf(Locale.ROOT, "%-10s %7d %7d %9.0f %8.1f %8.1f %8.1f %8d %9.2f %8.0f %8.0f %9.1f%n", label,
                    row.get("connected"), row.get("failed"), row.get("connPerS"), row.get("lat_p50"), row.get("lat_p99"),
                    row.get("lat_max"), row.get("bcastTimeouts"), 100 * (double) row.get("delivRatio"),
                    row.get("srvCpuPct1core"), row.get("srvRssMB"), row.get("kbPerConn"));
            if (out != null) {
                Files.writeString(out, JSON.writeValueAsString(row) + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            if (failP99 != null && (double) row.get("lat_p99") > failP99) {
                exit = 1;
            }
            if ((int) row.get("connected") < target * 0.9) {
                console.printf("stopping: fewer than 90%% of the members could join (%s)%n", errors);
                exit = 1;
                break;
            }
        }
        for (Member member : members) {
            if (member.socket != null && !member.closed) {
                member.socket.disconnect();
            }
        }
        for (WebSocketClient client : sockets) {
            client.stop();
        }
        return exit;
    }

    private Map<String, Object> step(int target, List<Users.User> users, List<WebSocketClient> clientsList,
                                     long baseRss) throws Exception {
        // joining: up to the target, at most `concurrency` at once
        URI pushUri = URI.create((url.endsWith("/") ? url : url + "/").replaceFirst("^http", "ws") + "push");
        int before = members.size();
        int failedBefore = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        Semaphore inFlight = new Semaphore(concurrency);
        long cpuStart = cpuTicks();
        long joinStart = System.nanoTime();
        long joinDeadline = joinStart + TimeUnit.SECONDS.toNanos(joinPhaseSeconds);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int i = before; i < target && System.nanoTime() < joinDeadline; i++) {
            if (!inFlight.tryAcquire(Math.max(1, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            Member member = new Member(this, room);
            Users.User user = users.get(i % users.size());
            WebSocketClient client = clientsList.get(i % clientsList.size());
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            // the token in a header, never in the address (addresses end up in logs)
            upgrade.setHeader("Authorization", "Bearer " + user.token());
            CompletableFuture<Void> join = client.connect(member, pushUri, upgrade)
                    .thenCompose(session -> member.joined)
                    .orTimeout(60, TimeUnit.SECONDS).whenComplete((ok, failure) -> {
                inFlight.release();
                if (failure != null) {
                    failed.incrementAndGet();
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    errors.computeIfAbsent(cause.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                }
            });
            joins.add(join);
            members.add(member);
        }
        try {
            CompletableFuture.allOf(joins.toArray(new CompletableFuture<?>[0])).get(joinPhaseSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException someFailed) {
            // counted per member
        }
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        long cpuJoin = cpuTicks() - cpuStart;
        members.removeIf(member -> !member.joined.isDone() || member.joined.isCompletedExceptionally());
        int connected = members.size();
        int added = connected - before;
        Thread.sleep(1500);

        // broadcasts, back to back: the next after every member got the last (or it timed out)
        latency.reset();
        delivered.set(0);
        expected = connected;
        int timeouts = 0;
        long cpuBroadcast = cpuTicks();
        long broadcastStart = System.nanoTime();
        List<Member> posting = members.subList(0, Math.min(senders, members.size()));
        for (int b = 0; b < broadcasts; b++) {
            long id = ((long) target << 20) + b;
            deliveries.put(id, new AtomicInteger());
            CompletableFuture<Void> done = new CompletableFuture<>();
            everyone.put(id, done);
            Member sender = posting.get((int) ((target / 7 + b) % posting.size()));
            sender.socket.sendText("{\"chat\":\"send\",\"room\":\"" + room + "\",\"text\":\"B" + id + ":" + System.nanoTime()
                    + "\",\"clientId\":\"bench-" + id + "\"}", Callback.NOOP);
            try {
                done.get(broadcastTimeoutSeconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException late) {
                timeouts++;
            }
        }
        double broadcastSeconds = (System.nanoTime() - broadcastStart) / 1e9;
        long cpuBroadcastTicks = cpuTicks() - cpuBroadcast;
        Thread.sleep(500);
        Histogram snapshot = latency.copy();
        long rss = rssKb();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", label);
        row.put("N", target);
        row.put("connected", connected);
        row.put("added", added);
        row.put("failed", failed.get());
        row.put("connErrors", Map.copyOf(errors));
        row.put("lostAfterJoin", lost.get());
        row.put("connMs", Math.round(joinSeconds * 1000));
        row.put("connPerS", added / Math.max(joinSeconds, 0.001));
        boolean measured = serverPid > 0 && cpuStart >= 0;
        row.put("srvCpuConnPct1core", !measured ? Double.NaN : cpuJoin / Math.max(joinSeconds, 0.001));
        row.put("bcasts", broadcasts);
        row.put("bcastTimeouts", timeouts);
        row.put("lat_p50", snapshot.getValueAtPercentile(50) / 1000.0);
        row.put("lat_p99", snapshot.getValueAtPercentile(99) / 1000.0);
        row.put("lat_max", snapshot.getMaxValue() / 1000.0);
        row.put("deliveries", delivered.get());
        row.put("delivRatio", (double) delivered.get() / Math.max(1, (long) connected * broadcasts));
        row.put("bcastPhaseMs", Math.round(broadcastSeconds * 1000));
        row.put("srvCpuPct1core", !measured ? Double.NaN : cpuBroadcastTicks / Math.max(broadcastSeconds, 0.001));
        row.put("srvCpuMsPerBcast", !measured ? Double.NaN : cpuBroadcastTicks * 10.0 / broadcasts);
        row.put("srvRssMB", rss < 0 ? Double.NaN : rss / 1024.0);
        row.put("kbPerConn", rss < 0 || baseRss < 0 ? Double.NaN : (double) (rss - baseRss) / Math.max(1, connected));
        row.put("failedBefore", failedBefore);
        return row;
    }

    /** utime + stime of the server, in clock ticks (100 a second); -1 without a server process. */
    private long cpuTicks() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private long rssKb() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
