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

    @Option(names = "--url", defaultValue = "${env:CODEARENA_URL:-http://localhost:9080/}", split = ",",
            description = "CodeArena to test (default: ${DEFAULT-VALUE}); several servers comma-separated: the "
                    + "members are spread over them in turn, and what one posts reaches the others' members "
                    + "through the cluster")
    List<String> urls;

    @Option(names = "--processes", defaultValue = "1",
            description = "load processes the members are spread over: this one and as many more as it starts "
                    + "(default: ${DEFAULT-VALUE}). A process holds at most about 19,500 sockets where a process may "
                    + "open 20,000 files: 50,000 members need 3")
    int processes;

    /** A process started by another to hold its share of the members, told what to do on its standard input. */
    @Option(names = "--worker", hidden = true)
    boolean worker;

    @Option(names = "--worker-index", hidden = true, defaultValue = "0")
    int workerIndex;

    @Option(names = "--tokens", hidden = true, description = "a worker's accounts: one 'username TAB token' a line")
    Path tokens;

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

    @Option(names = "--server-pid", defaultValue = "${env:CODEARENA_SERVER_PID:-}",
            description = "the servers' processes, comma-separated, for their CPU and memory from /proc (summed; "
                    + "./arena load passes every running Liberty's)")
    String serverPid;

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
        // a broadcast another process posted is counted here too: every process counts its own members
        if (deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() >= expected) {
            everyone.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(null);
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
        if (processes < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--processes needs 1 or more, not " + processes);
        }
        return worker ? work() : lead();
    }

    /** This process leads: it signs up the accounts, starts the other processes, and measures every step. */
    private int lead() throws Exception {
        PrintStream console = System.out;
        ArenaHttpClient signUps = new ArenaHttpClient(urls.get(0));
        console.printf("set-up: %d accounts for the sockets (signed up through the API, not measured)%n", accounts);
        List<Users.User> users = Users.signUp(signUps, accounts, console);
        List<WebSocketClient> sockets = startClients();
        List<Worker> workers = startWorkers(users);
        List<Map<String, Object>> rows = new ArrayList<>();
        console.printf("%n%-10s %7s %7s %9s %8s %8s %8s %8s %9s %8s %8s %9s%n", "label", "members", "failed",
                "joins/s", "p50 ms", "p99 ms", "max ms", "timeouts", "deliv %", "CPU %", "RSS MB", "KB/conn");
        long baseRss = rssKb();
        int exit = 0;
        try {
            for (int target : steps) {
                Map<String, Object> row = step(target, users, sockets, workers, baseRss);
                rows.add(row);
                console.printf(Locale.ROOT, "%-10s %7d %7d %9.0f %8.1f %8.1f %8.1f %8d %9.2f %8.0f %8.0f %9.1f%n", label,
                        row.get("connected"), row.get("failed"), row.get("connPerS"), row.get("lat_p50"),
                        row.get("lat_p99"), row.get("lat_max"), row.get("bcastTimeouts"),
                        100 * (double) row.get("delivRatio"), row.get("srvCpuPct1core"), row.get("srvRssMB"),
                        row.get("kbPerConn"));
                if (out != null) {
                    Files.writeString(out, JSON.writeValueAsString(row) + "\n", StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND);
                }
                if (failP99 != null && (double) row.get("lat_p99") > failP99) {
                    exit = 1;
                }
                if ((int) row.get("connected") < target * 0.9) {
                    console.printf("stopping: fewer than 90%% of the members could join (%s)%n", row.get("connErrors"));
                    exit = 1;
                    break;
                }
            }
        } finally {
            for (Worker each : workers) {
                each.close();
            }
            stopClients(sockets);
        }
        return exit;
    }

    /**
     * This process holds its share of the members for the one that leads, which says on standard input what to do
     * and reads the answers on standard output (one line each): {@code join N} (hold N members),
     * {@code reset} (a step's broadcasts begin), {@code wait ID MS} (until every member here got broadcast ID),
     * {@code hist} (what was measured), {@code quit}.
     */
    private int work() throws Exception {
        List<Users.User> users = Files.readAllLines(tokens).stream().map(line -> line.split("\t"))
                .map(fields -> new Users.User(fields[0], fields[1], null)).toList();
        List<WebSocketClient> sockets = startClients();
        PrintStream answers = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                java.nio.charset.StandardCharsets.UTF_8);
        // anything else this process prints goes with the leader's messages, not into the answers
        System.setOut(System.err);
        java.io.BufferedReader commands = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        try {
            for (String line; (line = commands.readLine()) != null && !line.equals("quit"); ) {
                String[] command = line.split(" ");
                switch (command[0]) {
                    case "join" -> {
                        int failed = joinUpTo(Integer.parseInt(command[1]), users, sockets);
                        answers.println("joined " + members.size() + " " + failed + " " + JSON.writeValueAsString(errors));
                    }
                    case "reset" -> {
                        resetBroadcasts();
                        answers.println("ok");
                    }
                    case "wait" -> answers.println("done " + awaitEveryone(Long.parseLong(command[1]),
                            Long.parseLong(command[2])));
                    case "hist" -> answers.println("hist " + delivered.get() + " " + lost.get() + " " + encode(latency));
                    default -> answers.println("error unknown command: " + line);
                }
            }
        } finally {
            stopClients(sockets);
        }
        return 0;
    }

    private List<WebSocketClient> startClients() throws Exception {
        List<WebSocketClient> sockets = new ArrayList<>();
        for (int i = 0; i < Math.max(1, clients); i++) {
            HttpClient http = new HttpClient();
            http.setMaxConnectionsPerDestination(100_000);
            WebSocketClient client = new WebSocketClient(http);
            client.setIdleTimeout(Duration.ofMinutes(30));
            client.start();
            sockets.add(client);
        }
        return sockets;
    }

    private void stopClients(List<WebSocketClient> sockets) throws Exception {
        for (Member member : members) {
            if (member.socket != null && !member.closed) {
                member.socket.disconnect();
            }
        }
        for (WebSocketClient client : sockets) {
            client.stop();
        }
    }

    /** Another load process of this tool, holding its share of the members. */
    private static final class Worker implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader answers;
        private final java.io.PrintWriter commands;
        /** the members it held after the last step */
        int held;

        Worker(Process process) {
            this.process = process;
            this.answers = process.inputReader(java.nio.charset.StandardCharsets.UTF_8);
            this.commands = new java.io.PrintWriter(process.outputWriter(java.nio.charset.StandardCharsets.UTF_8), true);
        }

        void tell(String command) {
            commands.println(command);
        }

        String answer() throws IOException {
            String line = answers.readLine();
            if (line == null || line.startsWith("error ")) {
                throw new IOException("a load process stopped or failed (" + line + "); its messages are above");
            }
            return line;
        }

        @Override
        public void close() {
            commands.println("quit");
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    private List<Worker> startWorkers(List<Users.User> users) throws IOException {
        List<Worker> workers = new ArrayList<>();
        if (processes == 1) {
            return workers;
        }
        Path tokenFile = Files.createTempFile("codearena-sockets", ".tokens");
        tokenFile.toFile().deleteOnExit();
        Files.write(tokenFile, users.stream().map(user -> user.username() + "\t" + user.token()).toList());
        String java = ProcessHandle.current().info().command().orElse("java");
        for (int index = 1; index < processes; index++) {
            List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                    LoadTool.class.getName(), "sockets", "--worker", "--worker-index", String.valueOf(index),
                    "--processes", String.valueOf(processes), "--tokens", tokenFile.toString(),
                    "--url", String.join(",", urls), "--room", room, "--clients", String.valueOf(clients),
                    "--concurrency", String.valueOf(concurrency), "--join-phase-s", String.valueOf(joinPhaseSeconds)));
            workers.add(new Worker(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()));
        }
        return workers;
    }

    /** The members process {@code index} holds when the room has {@code target}: an even share. */
    static int share(int target, int index, int processes) {
        return target / processes + (index < target % processes ? 1 : 0);
    }

    /**
     * Opens members until this process holds {@code localTarget} (at most {@code concurrency} joining at once);
     * returns how many failed. Member j of process p is the room's member j × processes + p: its server and account
     * are that number's turn in the lists.
     */
    private int joinUpTo(int localTarget, List<Users.User> users, List<WebSocketClient> clientsList)
            throws InterruptedException, IOException {
        List<URI> pushUris = urls.stream()
                .map(url -> URI.create((url.endsWith("/") ? url : url + "/").replaceFirst("^http", "ws") + "push"))
                .toList();
        Semaphore inFlight = new Semaphore(concurrency);
        long joinDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(joinPhaseSeconds);
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<Void>> joins = new ArrayList<>();
        for (int j = members.size(); j < localTarget && System.nanoTime() < joinDeadline; j++) {
            if (!inFlight.tryAcquire(Math.max(1, joinDeadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            int number = j * processes + workerIndex;
            Member member = new Member(this, room);
            Users.User user = users.get(number % users.size());
            WebSocketClient client = clientsList.get(j % clientsList.size());
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
            // the token in a header, never in the address (addresses end up in logs)
            upgrade.setHeader("Authorization", "Bearer " + user.token());
            CompletableFuture<Void> join = client.connect(member, pushUris.get(number % pushUris.size()), upgrade)
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
        members.removeIf(member -> !member.joined.isDone() || member.joined.isCompletedExceptionally());
        return failed.get();
    }

    private void resetBroadcasts() {
        latency.reset();
        delivered.set(0);
        deliveries.clear();
        everyone.clear();
        expected = members.size();
    }

    /** Whether every member in this process got broadcast {@code id} within {@code millis}. */
    private boolean awaitEveryone(long id, long millis) throws InterruptedException {
        if (expected == 0) {
            return true;
        }
        try {
            everyone.computeIfAbsent(id, k -> new CompletableFuture<>()).get(Math.max(1, millis), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException late) {
            return false;
        }
    }

    private static String encode(org.HdrHistogram.AbstractHistogram histogram) {
        Histogram copy = new Histogram(3);
        copy.add(histogram);
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(copy.getNeededByteBufferCapacity());
        int length = copy.encodeIntoCompressedByteBuffer(buffer);
        return java.util.Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
    }

    private static Histogram decode(String text) throws java.util.zip.DataFormatException {
        return Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(text)), 0);
    }

    private Map<String, Object> step(int target, List<Users.User> users, List<WebSocketClient> clientsList,
                                     List<Worker> workers, long baseRss) throws Exception {
        // joining: up to the target, every process its share, each at most `concurrency` at once
        int before = members.size();
        int failedBefore = errors.values().stream().mapToInt(AtomicInteger::get).sum();
        long cpuStart = cpuTicks();
        long joinStart = System.nanoTime();
        for (int index = 1; index <= workers.size(); index++) {
            workers.get(index - 1).tell("join " + share(target, index, processes));
        }
        int failed = joinUpTo(share(target, 0, processes), users, clientsList);
        int connected = members.size();
        int beforeAll = before;
        Map<String, Object> connErrors = new java.util.TreeMap<>();
        errors.forEach((why, count) -> connErrors.merge(why, count.get(), (a, b) -> (int) a + (int) b));
        for (Worker each : workers) {
            String[] answer = each.answer().split(" ", 4);
            connected += Integer.parseInt(answer[1]);
            failed += Integer.parseInt(answer[2]);
            JSON.readTree(answer[3]).fields().forEachRemaining(error ->
                    connErrors.merge(error.getKey(), error.getValue().asInt(), (a, b) -> (int) a + (int) b));
            beforeAll += each.held;
            each.held = Integer.parseInt(answer[1]);
        }
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;
        long cpuJoin = cpuTicks() - cpuStart;
        int added = connected - beforeAll;
        Thread.sleep(1500);

        // broadcasts, back to back: the next after every member got the last (or it timed out)
        resetBroadcasts();
        for (Worker each : workers) {
            each.tell("reset");
        }
        for (Worker each : workers) {
            each.answer();
        }
        int timeouts = 0;
        long cpuBroadcast = cpuTicks();
        long broadcastStart = System.nanoTime();
        List<Member> posting = members.subList(0, Math.min(senders, members.size()));
        for (int b = 0; b < broadcasts; b++) {
            long id = ((long) target << 20) + b;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(broadcastTimeoutSeconds);
            Member sender = posting.get((int) ((target / 7 + b) % posting.size()));
            sender.socket.sendText("{\"chat\":\"send\",\"room\":\"" + room + "\",\"text\":\"B" + id + ":" + System.nanoTime()
                    + "\",\"clientId\":\"bench-" + id + "\"}", Callback.NOOP);
            boolean everyoneGotIt = awaitEveryone(id, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            for (Worker each : workers) {
                each.tell("wait " + id + " " + TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            }
            for (Worker each : workers) {
                everyoneGotIt &= each.answer().equals("done true");
            }
            if (!everyoneGotIt) {
                timeouts++;
            }
        }
        double broadcastSeconds = (System.nanoTime() - broadcastStart) / 1e9;
        long cpuBroadcastTicks = cpuTicks() - cpuBroadcast;
        Thread.sleep(500);
        Histogram snapshot = new Histogram(3);
        snapshot.add(latency);
        long deliveredAll = delivered.get();
        int lostAll = lost.get();
        for (Worker each : workers) {
            each.tell("hist");
            String[] answer = each.answer().split(" ", 4);
            deliveredAll += Long.parseLong(answer[1]);
            lostAll += Integer.parseInt(answer[2]);
            snapshot.add(decode(answer[3]));
        }
        long rss = rssKb();
        boolean measured = cpuStart >= 0;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("label", label);
        row.put("N", target);
        row.put("servers", urls.size());
        row.put("processes", processes);
        row.put("connected", connected);
        row.put("added", added);
        row.put("failed", failed);
        row.put("connErrors", connErrors);
        row.put("lostAfterJoin", lostAll);
        row.put("connMs", Math.round(joinSeconds * 1000));
        row.put("connPerS", added / Math.max(joinSeconds, 0.001));
        row.put("srvCpuConnPct1core", !measured ? Double.NaN : cpuJoin / Math.max(joinSeconds, 0.001));
        row.put("bcasts", broadcasts);
        row.put("bcastTimeouts", timeouts);
        row.put("lat_p50", snapshot.getValueAtPercentile(50) / 1000.0);
        row.put("lat_p99", snapshot.getValueAtPercentile(99) / 1000.0);
        row.put("lat_max", snapshot.getMaxValue() / 1000.0);
        row.put("deliveries", deliveredAll);
        row.put("delivRatio", (double) deliveredAll / Math.max(1, (long) connected * broadcasts));
        row.put("bcastPhaseMs", Math.round(broadcastSeconds * 1000));
        row.put("srvCpuPct1core", !measured ? Double.NaN : cpuBroadcastTicks / Math.max(broadcastSeconds, 0.001));
        row.put("srvCpuMsPerBcast", !measured ? Double.NaN : cpuBroadcastTicks * 10.0 / broadcasts);
        row.put("srvRssMB", rss < 0 ? Double.NaN : rss / 1024.0);
        row.put("kbPerConn", rss < 0 || baseRss < 0 ? Double.NaN : (double) (rss - baseRss) / Math.max(1, connected));
        row.put("failedBefore", failedBefore);
        return row;
    }

    private List<Long> serverPids() {
        List<Long> pids = new ArrayList<>();
        for (String pid : serverPid == null ? new String[0] : serverPid.split(",")) {
            if (pid.strip().matches("[1-9][0-9]*")) {
                pids.add(Long.parseLong(pid.strip()));
            }
        }
        return pids;
    }

    /** utime + stime of the servers, in clock ticks (100 a second); -1 without a server process. */
    private long cpuTicks() {
        List<Long> pids = serverPids();
        if (pids.isEmpty()) {
            return -1;
        }
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return ticks;
    }

    /** The servers' resident memory, summed, in KB; -1 without a server process. */
    private long rssKb() {
        List<Long> pids = serverPids();
        if (pids.isEmpty()) {
            return -1;
        }
        long kb = 0;
        for (long pid : pids) {
            try {
                kb += Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                        .filter(line -> line.startsWith("VmRSS:"))
                        .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
        return kb;
    }
}
