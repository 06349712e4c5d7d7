package org.codearena.runner.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The sandbox on Linux: bubblewrap (user, PID, network, IPC, UTS namespaces; a read-only view of only the
 * configured system folders; private /tmp; empty environment), entered as an unprivileged user id of
 * its own, with rlimits from prlimit and resource usage from GNU time.
 */
public final class BubblewrapSandbox implements Sandbox {

    private static final Logger LOG = Logger.getLogger(BubblewrapSandbox.class.getName());
    static final String STATS_MARKER = "__codearena_stats__";
    private static final String INSIDE_DIR = "/box";
    private static final int NOBODY = 65534;

    private final SandboxSettings settings;
    private final boolean dropPrivileges;
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-io");
        thread.setDaemon(true);
        return thread;
    });

    public BubblewrapSandbox(SandboxSettings settings) throws SandboxUnavailableException {
        this.settings = settings;
        this.dropPrivileges = isRoot();
        requireExecutable(settings.bwrap(), "bubblewrap", "bubblewrap");
        requireExecutable(settings.prlimit(), "prlimit", "util-linux");
        requireExecutable(settings.time(), "GNU time", "time");
        if (dropPrivileges) {
            requireExecutable(settings.setpriv(), "setpriv", "util-linux");
        }
        try {
            Files.createDirectories(settings.workRoot());
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create the work folder " + settings.workRoot() + ": " + e);
        }
    }

    private static void requireExecutable(Path path, String what, String debianPackage)
            throws SandboxUnavailableException {
        if (!Files.isExecutable(path)) {
            throw new SandboxUnavailableException(what + " is required at " + path + " but is not installed. "
                    + "Install it with: sudo apt-get install " + debianPackage
                    + " (or set its path in the runner configuration)");
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    @Override
    public Path createWorkDir(String name) throws IOException {
        Path dir = settings.workRoot().resolve(name);
        deleteWorkDir(dir);
        Files.createDirectories(dir);
        ownBySandboxUser(dir);
        return dir;
    }

    @Override
    public void writeFile(Path workDir, String fileName, String content) throws IOException {
        Path file = workDir.resolve(fileName);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        ownBySandboxUser(file);
    }

    private void ownBySandboxUser(Path path) throws IOException {
        if (dropPrivileges) {
            Files.setAttribute(path, "unix:uid", settings.uid());
            Files.setAttribute(path, "unix:gid", settings.uid());
        }
    }

    @Override
    public void deleteWorkDir(Path workDir) {
        if (!Files.exists(workDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(workDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warning(() -> "event=workdir-delete-failed dir=" + workDir + " error=" + e);
        }
    }

    @Override
    public SandboxOutcome execute(Path workDir, List<String> command, byte[] stdin, SandboxLimits limits)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(commandLine(workDir, command, limits));
        // nothing of the agent's environment (broker password!) may reach the sandbox, not even through
        // the environ of bwrap's own init process, which the sandboxed program can read in /proc/1/environ
        builder.environment().clear();
        Process process = builder.start();
        CappedCollector stdout = new CappedCollector(process.getInputStream(), limits.outputBytes(),
                () -> killTree(process));
        // stderr also carries GNU time's statistics line at its end: leave room for it
        CappedCollector stderr = new CappedCollector(process.getErrorStream(), limits.outputBytes() + 512,
                () -> killTree(process));
        Future<?> stdoutDone = streams.submit(stdout);
        Future<?> stderrDone = streams.submit(stderr);
        streams.submit(() -> feed(process.getOutputStream(), stdin));

        boolean finished = process.waitFor(limits.wallMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            killTree(process);
            process.waitFor();
        }
        awaitQuietly(stdoutDone);
        awaitQuietly(stderrDone);
        long wallMillis = (System.nanoTime() - started) / 1_000_000;
        TimeReport report = TimeReport.parse(stderr.text());
        return new SandboxOutcome(report.exitCode(process.exitValue()), report.signal(), !finished,
                stdout.exceeded() || stderr.exceeded(), stdout.text(), report.programStderr(),
                report.cpuMillis(), wallMillis, report.maxRssKb());
    }

    List<String> commandLine(Path workDir, List<String> command, SandboxLimits limits) {
        List<String> line = new ArrayList<>();
        if (dropPrivileges) {
            line.addAll(List.of(settings.setpriv().toString(), "--reuid=" + settings.uid(),
                    "--regid=" + settings.uid(), "--clear-groups", "--"));
        }
        line.addAll(List.of(settings.bwrap().toString(), "--unshare-all", "--unshare-user", "--die-with-parent",
                "--new-session", "--uid", Integer.toString(NOBODY), "--gid", Integer.toString(NOBODY),
                "--hostname", "sandbox"));
        for (Path bind : settings.readOnlyBinds()) {
            if (Files.exists(bind)) {
                line.addAll(List.of("--ro-bind", bind.toString(), bind.toString()));
            }
        }
        settings.symlinks().forEach((target, link) -> line.addAll(List.of("--symlink", target, link)));
        line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                "--bind", workDir.toString(), INSIDE_DIR, "--chdir", INSIDE_DIR,
                "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin", "--setenv", "HOME", INSIDE_DIR,
                "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp", "--"));
        long cpuSeconds = Math.max(1, (limits.cpuMillis() + 999) / 1000);
        line.addAll(List.of(settings.prlimit().toString(),
                "--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1),
                "--as=" + (limits.addressSpaceBytes() < 0 ? "unlimited" : Long.toString(limits.addressSpaceBytes())),
                "--nproc=" + limits.processes(),
                "--fsize=" + limits.fileSizeBytes(),
                "--core=0", "--"));
        line.addAll(List.of(settings.time().toString(), "-f", STATS_MARKER + " %e %U %S %M %x", "--"));
        line.addAll(command);
        return line;
    }

    private void feed(OutputStream in, byte[] stdin) {
        try (in) {
            in.write(stdin);
        } catch (IOException e) {
            // the program stopped reading (or ended) before taking all of its input: that is its right
        }
    }

    private static void killTree(Process process) {
        // bwrap runs with --die-with-parent and its own PID namespace: ending it ends everything inside
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void awaitQuietly(Future<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            future.cancel(true);
        }
    }
}
