package org.codearena.runner.execution;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.codearena.runner.sandbox.Sandbox;
import org.codearena.runner.sandbox.SandboxLimits;
import org.codearena.runner.sandbox.SandboxOutcome;
import org.codearena.runner.sandbox.SandboxedService;

/**
 * A compiler kept warm in a sandbox of its own ({@code compileserver.JavacServer}): a javac whose JIT has already
 * compiled javac compiles hello world in ~15 ms instead of ~650 ms from cold. Its sandbox is like a compile's (own
 * cgroup with the compile memory limit, no network, the agent's compile area as /box); each compile is timed by
 * its CPU (the cgroup's) and wall clock, and one that runs over, or a compiler that dies, is killed and started
 * again. It is started afresh every {@value #RECYCLE_AFTER} compiles, so that nothing builds up in it.
 */
public final class WarmCompiler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WarmCompiler.class.getName());
    static final String AREA = "warm-compile";
    private static final int RECYCLE_AFTER = 200;
    private static final int WARM_UP_COMPILES = 12;
    private static final long CPU_CHECK_MILLIS = 20;

    private final Sandbox sandbox;
    private final Path area;
    private final List<String> command;
    private final List<String> options;
    private final SandboxLimits limits;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "warm-compiler-reader");
        thread.setDaemon(true);
        return thread;
    });
    private SandboxedService server;
    private DataInputStream answers;
    private int compiles;

    /**
     * @param limits each compile's limits (CPU and wall time per compile; memory and processes for the compiler)
     */
    public WarmCompiler(Sandbox sandbox, List<String> command, List<String> options, SandboxLimits limits)
            throws IOException {
        this.sandbox = sandbox;
        this.area = sandbox.createWorkDir(AREA);
        this.command = List.copyOf(command);
        this.options = List.copyOf(options);
        this.limits = limits;
    }

    /** The work folder name for a job this compiler compiles: inside its area. */
    public static String workDirName(long runId) {
        return AREA + "/run-" + runId;
    }

    /** Starts the compiler and compiles a few programs, so that the first person's compile is already fast. */
    public void warmUp() {
        long started = System.nanoTime();
        for (int i = 0; i < WARM_UP_COMPILES; i++) {
            Path dir = area.resolve("warm-up-" + i);
            try {
                sandbox.createWorkDir(AREA + "/warm-up-" + i);
                sandbox.writeFile(dir, "Main.java", "public class Main { public static void main(String[] args) { "
                        + "java.util.List<Integer> numbers = new java.util.ArrayList<>(); numbers.add(" + i + "); "
                        + "System.out.println(\"warm \" + numbers.stream().mapToInt(n -> n).sum()); } }\n");
                SandboxOutcome outcome = compile(dir, "Main.java");
                if (!outcome.succeeded()) {
                    LOG.warning(() -> "event=warm-compiler-warm-up-failed message=" + outcome.stderr().strip());
                    return;
                }
            } catch (IOException | InterruptedException e) {
                LOG.warning(() -> "event=warm-compiler-warm-up-failed error=" + e);
                return;
            } finally {
                sandbox.deleteWorkDir(dir);
            }
        }
        LOG.info(() -> "event=warm-compiler-ready compiles=" + WARM_UP_COMPILES + " millis="
                + (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Compiles FOLDER/SOURCE into FOLDER (a folder inside this compiler's area). The answer is in the words of a
     * sandboxed execution, so that it is judged like one.
     */
    public synchronized SandboxOutcome compile(Path folder, String sourceFile) throws IOException, InterruptedException {
        if (server == null || !server.alive() || compiles >= RECYCLE_AFTER) {
            start();
        }
        compiles++;
        long started = System.nanoTime();
        long cpuBefore = server.cpuNanos();
        String request = "compile " + area.relativize(folder) + " " + sourceFile + " " + String.join(" ", options) + "\n";
        server.input().write(request.getBytes(StandardCharsets.UTF_8));
        server.input().flush();
        Future<Answer> answer = reader.submit(this::readAnswer);
        long cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.cpuMillis());
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(limits.wallMillis());
        while (true) {
            try {
                Answer done = answer.get(CPU_CHECK_MILLIS, TimeUnit.MILLISECONDS);
                long cpuMillis = (server.cpuNanos() - cpuBefore) / 1_000_000;
                return outcome(done.status(), done.messages(), false, false, cpuMillis, started);
            } catch (TimeoutException e) {
                long cpu = server.cpuNanos() - cpuBefore;
                if (cpu > cpuLimitNanos || System.nanoTime() > deadline) {
                    answer.cancel(true);
                    stop();
                    return outcome(1, "", true, false, cpu / 1_000_000, started);
                }
            } catch (ExecutionException e) {
                // the compiler died under the compile: out of memory, or something the agent should hear about
                boolean outOfMemory = server.outOfMemory();
                long cpuMillis = (server.cpuNanos() - cpuBefore) / 1_000_000;
                stop();
                if (outOfMemory) {
                    return outcome(1, "", false, true, cpuMillis, started);
                }
                throw new IOException("the warm compiler stopped during a compile: " + e.getCause());
            }
        }
    }

    private record Answer(int status, String messages) {
    }

    private Answer readAnswer() throws IOException {
        String header = readLine();
        String[] words = header.split(" ");
        if (words.length != 3 || !"done".equals(words[0])) {
            throw new IOException("unexpected answer from the warm compiler: " + header);
        }
        byte[] messages = new byte[Integer.parseInt(words[2])];
        answers.readFully(messages);
        return new Answer(Integer.parseInt(words[1]), new String(messages, StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int next;
        while ((next = answers.read()) != '\n') {
            if (next < 0) {
                throw new IOException("the warm compiler ended");
            }
            line.append((char) next);
        }
        return line.toString();
    }

    private SandboxOutcome outcome(int status, String messages, boolean timedOut, boolean outOfMemory, long cpuMillis,
                                   long startedNanos) {
        long wallMillis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new SandboxOutcome(status, 0, timedOut, false, outOfMemory, false, "", messages, cpuMillis, wallMillis,
                0, status == 2 ? messages : null);
    }

    private void start() throws IOException {
        stop();
        // no per-process CPU limit on the long-lived compiler: each compile's CPU is counted from its cgroup instead
        server = sandbox.startService(area, command, new SandboxLimits(0, 0, limits.memoryBytes(), limits.processes(),
                limits.fileSizeBytes(), limits.outputBytes(), 0, true));
        answers = new DataInputStream(server.output());
        compiles = 0;
        SandboxedService started = server;
        Thread errors = new Thread(() -> logErrors(started), "warm-compiler-stderr");
        errors.setDaemon(true);
        errors.start();
        LOG.info(() -> "event=warm-compiler-started command=" + command);
    }

    private static void logErrors(SandboxedService service) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(service.errors(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String said = line;
                LOG.warning(() -> "event=warm-compiler-stderr line=" + said);
            }
        } catch (IOException e) {
            // it ended
        }
    }

    private void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        reader.shutdownNow();
    }

}
