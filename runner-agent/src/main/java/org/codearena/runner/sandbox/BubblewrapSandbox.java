package org.codearena.runner.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.codearena.runner.sandbox.cgroup.CgroupPool;
import org.codearena.runner.sandbox.cgroup.Cgroups;
import org.codearena.runner.sandbox.cgroup.RunCgroup;

/**
 * The sandbox on Linux. Each execution gets a cgroup of its own (memory with its tmpfs pages, processes, CPU time
 * of all its processes together), is entered as an unprivileged user id of its own, and runs in bubblewrap: new
 * user (nested ones disabled), PID, network, IPC and UTS namespaces; a read-only view of only the configured system
 * folders; size-limited tmpfs for /tmp and, for programs, /box; an empty environment; a seccomp filter.
 */
public final class BubblewrapSandbox implements Sandbox, AutoCloseable {

    /** ends the execution under way, for an operator's stop; null between executions */
    private volatile Runnable current;

    private static final Logger LOG = Logger.getLogger(BubblewrapSandbox.class.getName());
    /** the shell that becomes bubblewrap, and bubblewrap's init in the PID namespace, count as processes too */
    private static final int SANDBOX_OWN_PROCESSES = 2;
    /** how often the CPU time of all the execution's processes is compared with its limit */
    private static final long CPU_CHECK_MILLIS = 20;
    private static final int SEGMENT_BYTES = 512;
    private static final long KILL_WAIT_SECONDS = 10;
    /** /tmp, /dev/shm and /box of a sandbox set up before its run's limits are known; the cgroup bounds them first */
    private static final long PRESPAWNED_TMPFS_BYTES = 1L << 30;
    /** what waits in a prespawned sandbox: one line of shell from the agent, on descriptor 4, then it is that */
    private static final List<String> WAITING_SHELL = List.of("/bin/sh", "-c",
            "IFS= read -r line <&4 || exit 125; exec 4<&-; eval \"$line\"");

    private final SandboxSettings settings;
    /** the interpreter that waits, started, in prespawned sandboxes; null when a shell waits */
    private final String warmPython;
    private final boolean dropPrivileges;
    private final CgroupPool cgroups;
    private final BubblewrapCommand commands;
    /** sandboxes set up ahead of their programs; null without cgroups or when switched off */
    private final PrespawnPool prespawned;
    /** host folder to the path it has inside, read-only: agent-made tools such as precompiled headers */
    private final Map<Path, String> toolBinds = new ConcurrentHashMap<>();
    /** the same, for long-running services only (the warm compiler's own code) */
    private final Map<Path, String> serviceBinds = new ConcurrentHashMap<>();
    private final ExecutorService streams = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-io");
        thread.setDaemon(true);
        return thread;
    });

    public BubblewrapSandbox(SandboxSettings settings, String runnerId) throws SandboxUnavailableException {
        this.settings = settings;
        this.dropPrivileges = isRoot();
        requireExecutable(settings.bwrap(), "bubblewrap", "bubblewrap");
        requireExecutable(settings.shell(), "a POSIX shell", "dash");
        if (dropPrivileges) {
            requireExecutable(settings.setpriv(), "setpriv", "util-linux");
        }
        try {
            Files.createDirectories(settings.workRoot());
            // the sandbox users pass through it to their own folders, whatever umask the agent was started with
            // (Liberty's is 027: an agent its autoscaler starts would make folders they cannot enter)
            Files.setPosixFilePermissions(settings.workRoot(), PosixFilePermissions.fromString("rwx--x--x"));
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot create the work folder " + settings.workRoot() + ": " + e);
        }
        if (settings.developmentUnconfined()) {
            requireExecutable(settings.time(), "GNU time", "time");
            cgroups = null;
            commands = new BubblewrapCommand(settings, dropPrivileges, null);
            prespawned = null;
            warmPython = null;
            LOG.severe("event=sandbox-unconfined runnerId=" + runnerId + " DEVELOPMENT MODE "
                    + "(sandbox.development.unconfined=true): no cgroups and no seccomp filter. Limits hold per process "
                    + "only: a program that splits its memory over processes or fills /tmp can take this machine "
                    + "down. Never run strangers' code like this.");
        } else {
            cgroups = new CgroupPool(Cgroups.detect(settings.cgroupRoot(), runnerId, settings.cgroupVersion()));
            Path seccompFilter = SeccompFilter.write(settings.seccompPython(),
                    settings.workRoot().resolve("seccomp.bpf"));
            commands = new BubblewrapCommand(settings, dropPrivileges, seccompFilter);
            warmPython = settings.prespawn() && settings.warmPython() != null
                    && Files.isExecutable(settings.warmPython()) ? settings.warmPython().toString() : null;
            try {
                prespawned = settings.prespawn() ? new PrespawnPool(commands, cgroups,
                        settings.workRoot().resolve("prespawn"), PRESPAWNED_TMPFS_BYTES, WAITING_SHELL,
                        warmPython == null ? null : List.of(warmPython, "-c", WarmPython.BOOTSTRAP),
                        this::ownBySandboxUserQuietly) : null;
            } catch (IOException e) {
                throw new SandboxUnavailableException("cannot make the folder for sandboxes set up ahead: " + e);
            }
            LOG.info(() -> "event=sandbox-ready runnerId=" + runnerId + " cgroups=\"" + cgroups.describe()
                    + "\" seccomp=" + seccompFilter + " warmPython=" + (warmPython == null ? "off" : warmPython));
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

    /** Shows an agent-made folder (tools, never user data) read-only inside every sandbox at {@code inside}. */
    public void bindReadOnly(Path host, String inside) {
        toolBinds.put(host, inside);
    }

    /** Shows a file or folder read-only inside the sandboxes of services only (never a program's). */
    public void bindReadOnlyForServices(Path host, String inside) {
        serviceBinds.put(host, inside);
    }

    /** Starts setting up sandboxes ahead of their runs (after every read-only bind is known). */
    public void startPrespawning() {
        if (prespawned != null) {
            prespawned.start(binds(Map.of()));
        }
    }

    /** Runs a trivial program the way every job runs, so that a sandbox that cannot work is found at start-up. */
    public void verify() throws SandboxUnavailableException {
        Path dir = null;
        try {
            dir = createWorkDir("startup-check");
            SandboxOutcome outcome = execute(dir, WorkDirAccess.FRESH, List.of("/bin/true"), new byte[0],
                    new SandboxLimits(2000, 10_000, 64L << 20, 8, 1 << 20, 1 << 16, 0, false));
            if (!outcome.succeeded()) {
                throw new SandboxUnavailableException("a trial run of /bin/true in the sandbox failed (exit "
                        + outcome.exitCode() + "): " + (outcome.sandboxFailure() != null ? outcome.sandboxFailure()
                        : outcome.stderr().strip()));
            }
        } catch (IOException e) {
            throw new SandboxUnavailableException("a trial run in the sandbox failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException("interrupted during the sandbox's trial run");
        } finally {
            if (dir != null) {
                deleteWorkDir(dir);
            }
        }
    }

    @Override
    public Path createWorkDir(String name) throws IOException {
        Path dir = settings.workRoot().resolve(name);
        deleteWorkDir(dir);
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ownBySandboxUser(dir);
        return dir;
    }

    @Override
    public void writeFile(Path workDir, String fileName, String content) throws IOException {
        Path file = workDir.resolve(fileName);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        ownBySandboxUser(file);
    }

    @Override
    public void makeFolder(Path workDir, String name) throws IOException {
        Path folder = workDir.resolve(name);
        deleteWorkDir(folder);
        Files.createDirectories(folder);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        ownBySandboxUser(folder);
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
    public SandboxOutcome execute(Path workDir, WorkDirAccess access, List<String> command, byte[] stdin,
                                  SandboxLimits limits) throws IOException, InterruptedException {
        if (prespawned != null) {
            PrespawnPool.Kind kind = access == WorkDirAccess.WRITABLE ? PrespawnPool.Kind.WRITABLE
                    : runsWarm(command) ? PrespawnPool.Kind.WARM_PYTHON : PrespawnPool.Kind.SHELL;
            Optional<PrespawnPool.Slot> slot = prespawned.take(kind);
            if (slot.isPresent()) {
                return executeIn(slot.get(), kind, workDir, command, stdin, limits);
            }
        }
        RunCgroup group = cgroups == null ? null
                : cgroups.take(limits.memoryBytes(), limits.processes() + SANDBOX_OWN_PROCESSES);
        try {
            return execute(group, workDir, access, command, stdin, limits);
        } finally {
            if (group != null) {
                cgroups.release(group);
            }
        }
    }

    /**
     * Runs the command in a sandbox that was set up before it came: its files go into /box, then the command. In a
     * writable one (a compile) the files go into the folder that is its /box, and what is there when the command
     * has ended (the compiler's output) is copied back into the work folder for the next step.
     */
    private SandboxOutcome executeIn(PrespawnPool.Slot slot, PrespawnPool.Kind asked, Path workDir,
                                     List<String> command, byte[] stdin, SandboxLimits limits)
            throws IOException, InterruptedException {
        RunCgroup group = slot.group();
        try {
            cgroups.enter(group, limits.memoryBytes(), limits.processes() + SANDBOX_OWN_PROCESSES);
        } catch (IOException | RuntimeException e) {
            // the slot ends unused, and the pool is not left counting it as busy
            prespawned.used(slot, asked);
            throw e;
        }
        try {
            copyFiles(workDir, slot.program());
            group.startAccounting();
            long started = System.nanoTime();
            // read-write, as the sandbox holds it: opening a pipe for writing alone would wait for ever for a
            // reader if the sandbox had died since it was taken
            try (RandomAccessFile go = new RandomAccessFile(slot.goPipe().toFile(), "rw")) {
                go.write(goLine(command, limits, slot.kind()).getBytes(StandardCharsets.UTF_8));
            }
            SandboxOutcome outcome = await(slot.process(), group, stdin, limits, started);
            if (slot.writable() && !slot.process().isAlive()) {
                // the sandbox's processes are gone: bubblewrap's init ended with the command, and the kernel ends
                // every other process of its PID namespace with it
                copyFiles(slot.program(), workDir);
            }
            return outcome;
        } finally {
            try {
                prespawned.used(slot, asked);
            } finally {
                cgroups.leave();
            }
        }
    }

    /**
     * The line for a prespawned sandbox of the kind: for a warm Python, the script it runs as {@code python3 script}
     * would; for a writable one, the shell line without the copy (its /box has the files); else the shell line.
     */
    private static String goLine(List<String> command, SandboxLimits limits, PrespawnPool.Kind kind) {
        return switch (kind) {
            case WRITABLE -> BubblewrapCommand.goLine(command, limits, false);
            case WARM_PYTHON -> BubblewrapCommand.warmPythonLine(command.get(1), limits);
            case SHELL -> BubblewrapCommand.goLine(command, limits);
        };
    }

    /** Whether the command is exactly the warm interpreter and a script (the Python waiting in a slot runs it). */
    private boolean runsWarm(List<String> command) {
        return warmPython != null && command.size() == 2 && command.get(0).equals(warmPython)
                && BubblewrapCommand.WARM_SCRIPT.matcher(command.get(1)).matches();
    }

    /**
     * A work folder's files and folders into another (replacing files), with their modes, owned by the sandbox's
     * user: a program into the folder a waiting sandbox copies into its /box, a compile's source in and its output
     * out, a validator's test in and its feedback folder out. Links are
     * neither followed nor copied (the sandbox that could have made one has ended before anything is copied out).
     */
    private void copyFiles(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                if (path.equals(from)) {
                    continue;
                }
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // parents come first in the walk, so every folder on a target's way is checked here: whatever
                    // stands where a folder belongs and is not one (a link a sandbox left there) goes
                    if (!Files.isDirectory(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(target);
                        Files.createDirectory(target);
                    }
                } else if (Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.copy(path, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                } else {
                    continue;
                }
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(path,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS));
                ownBySandboxUser(target);
            }
        }
    }

    private void ownBySandboxUserQuietly(Path path) {
        try {
            ownBySandboxUser(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private SandboxOutcome execute(RunCgroup group, Path workDir, WorkDirAccess access, List<String> command,
                                   byte[] stdin, SandboxLimits limits) throws IOException, InterruptedException {
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(commands.line(group, workDir, access, command, limits,
                binds(Map.of())));
        // nothing of the agent's environment (broker password!) may reach the sandbox, not even through
        // the environ of bwrap's own init process, which the sandboxed program can read in /proc/1/environ
        builder.environment().clear();
        Process process = builder.start();
        return await(process, group, stdin, limits, started);
    }

    /** Feeds the program, collects its output, enforces its CPU and wall-clock limits, and reads what it used. */
    private SandboxOutcome await(Process process, RunCgroup group, byte[] stdin, SandboxLimits limits, long started)
            throws IOException, InterruptedException {
        Runnable kill = () -> kill(process, group);
        current = kill;
        try {
            return awaitOutcome(process, group, stdin, limits, started, kill);
        } finally {
            current = null;
        }
    }

    @Override
    public void stopCurrent() {
        Runnable kill = current;
        if (kill != null) {
            kill.run();
        }
    }

    private SandboxOutcome awaitOutcome(Process process, RunCgroup group, byte[] stdin, SandboxLimits limits,
                                        long started, Runnable kill) throws IOException, InterruptedException {
        CappedCollector stdout = new CappedCollector(process.getInputStream(), limits.outputBytes(), kill);
        // without cgroups stderr also carries GNU time's statistics line at its end: leave room for it
        CappedCollector stderr = new CappedCollector(process.getErrorStream(), limits.outputBytes() + SEGMENT_BYTES,
                kill);
        Future<?> stdoutDone = streams.submit(stdout);
        Future<?> stderrDone = streams.submit(stderr);
        streams.submit(() -> feed(process.getOutputStream(), stdin));

        long cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.cpuMillis());
        long deadline = started + TimeUnit.MILLISECONDS.toNanos(limits.wallMillis());
        boolean finished = false;
        boolean cpuExceeded = false;
        while (!finished && !cpuExceeded) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            finished = process.waitFor(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CPU_CHECK_MILLIS)),
                    TimeUnit.NANOSECONDS);
            cpuExceeded = !finished && group != null && group.cpuNanos() > cpuLimitNanos;
        }
        if (!finished) {
            kill(process, group);
            if (!process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // cannot happen with a sane kernel; if it does, the agent goes on with the next job
                return new SandboxOutcome(-1, 0, !cpuExceeded, cpuExceeded, false, false, "", "",
                        limits.cpuMillis(), (System.nanoTime() - started) / 1_000_000, 0,
                        "the sandbox did not end within " + KILL_WAIT_SECONDS + " s of being killed");
            }
        }
        awaitQuietly(stdoutDone);
        awaitQuietly(stderrDone);
        long wallMillis = (System.nanoTime() - started) / 1_000_000;
        boolean wallTimedOut = !finished && !cpuExceeded;
        if (group == null) {
            TimeReport report = TimeReport.parse(stderr.text());
            int exitCode = report.exitCode(process.exitValue());
            boolean memoryExceeded = exitCode != 0 && report.maxRssKb() * 1024 >= limits.memoryBytes();
            return new SandboxOutcome(exitCode, report.signal(), wallTimedOut, false, memoryExceeded,
                    stdout.exceeded() || stderr.exceeded(), stdout.text(), report.programStderr(),
                    report.cpuMillis(), wallMillis, report.maxRssKb(), failure(exitCode, report.programStderr()));
        }
        long cpuNanos = group.cpuNanos();
        int exitCode = process.exitValue();
        // bubblewrap passes a signal on as 128 + its number, as a shell does
        int signal = exitCode > 128 && exitCode <= 128 + 64 ? exitCode - 128 : 0;
        return new SandboxOutcome(exitCode, signal, wallTimedOut, cpuExceeded || cpuNanos > cpuLimitNanos,
                group.oomKilled(), stdout.exceeded() || stderr.exceeded(), stdout.text(), stderr.text(),
                TimeUnit.NANOSECONDS.toMillis(cpuNanos), wallMillis, group.peakMemoryBytes() / 1024,
                failure(exitCode, stderr.text()));
    }

    @Override
    public Interaction interact(Path programDir, List<String> program, SandboxLimits programLimits, Path validatorDir,
                                List<String> validator, SandboxLimits validatorLimits)
            throws IOException, InterruptedException {
        RunCgroup programGroup = cgroups == null ? null
                : cgroups.take(programLimits.memoryBytes(), programLimits.processes() + SANDBOX_OWN_PROCESSES);
        RunCgroup validatorGroup = null;
        try {
            validatorGroup = cgroups == null ? null
                    : cgroups.take(validatorLimits.memoryBytes(), validatorLimits.processes() + SANDBOX_OWN_PROCESSES);
            return interact(programGroup, programDir, program, programLimits, validatorGroup, validatorDir, validator,
                    validatorLimits);
        } finally {
            if (programGroup != null) {
                cgroups.release(programGroup);
            }
            if (validatorGroup != null) {
                cgroups.release(validatorGroup);
            }
        }
    }

    private Interaction interact(RunCgroup programGroup, Path programDir, List<String> program,
                                 SandboxLimits programLimits, RunCgroup validatorGroup, Path validatorDir,
                                 List<String> validator, SandboxLimits validatorLimits)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process validatorProcess = start(validatorGroup, validatorDir, WorkDirAccess.WRITABLE, validator, validatorLimits);
        Process programProcess;
        try {
            programProcess = start(programGroup, programDir, WorkDirAccess.FRESH, program, programLimits);
        } catch (IOException | RuntimeException e) {
            kill(validatorProcess, validatorGroup);
            throw e;
        }
        Runnable killBoth = () -> {
            kill(programProcess, programGroup);
            kill(validatorProcess, validatorGroup);
        };
        current = killBoth;
        try {
            CappedCollector programErr = new CappedCollector(programProcess.getErrorStream(),
                    programLimits.outputBytes() + SEGMENT_BYTES, () -> kill(programProcess, programGroup));
            CappedCollector validatorErr = new CappedCollector(validatorProcess.getErrorStream(),
                    validatorLimits.outputBytes() + SEGMENT_BYTES, () -> kill(validatorProcess, validatorGroup));
            java.util.concurrent.atomic.AtomicLong programBytes = new java.util.concurrent.atomic.AtomicLong();
            List<Future<?>> done = List.of(streams.submit(programErr), streams.submit(validatorErr),
                    streams.submit(() -> pump(programProcess.getInputStream(), validatorProcess.getOutputStream(),
                            programBytes, programLimits.outputBytes(), () -> kill(programProcess, programGroup))),
                    streams.submit(() -> pump(validatorProcess.getInputStream(), programProcess.getOutputStream(),
                            new java.util.concurrent.atomic.AtomicLong(), Long.MAX_VALUE, () -> { })));
            long[] endedAt = new long[2];
            programProcess.onExit().thenRun(() -> endedAt[0] = System.nanoTime());
            validatorProcess.onExit().thenRun(() -> endedAt[1] = System.nanoTime());

            // the program's limits hold while it runs; the validator then gets its own wall clock to finish
            long programDeadline = started + TimeUnit.MILLISECONDS.toNanos(programLimits.wallMillis());
            long cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(programLimits.cpuMillis());
            boolean programFinished = false;
            boolean cpuExceeded = false;
            boolean validatorRejectedEarly = false;
            while (!programFinished && !cpuExceeded) {
                long remaining = programDeadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                programFinished = programProcess.waitFor(Math.min(remaining,
                        TimeUnit.MILLISECONDS.toNanos(CPU_CHECK_MILLIS)), TimeUnit.NANOSECONDS);
                cpuExceeded = !programFinished && programGroup != null && programGroup.cpuNanos() > cpuLimitNanos;
                if (!programFinished && !validatorProcess.isAlive() && validatorProcess.exitValue() != 42) {
                    // the validator has decided against the program (or failed): no need to wait for it
                    validatorRejectedEarly = true;
                    break;
                }
            }
            boolean programWallTimedOut = !programFinished && !cpuExceeded && !validatorRejectedEarly;
            if (!programFinished) {
                kill(programProcess, programGroup);
                programProcess.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            long validatorDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(validatorLimits.wallMillis());
            boolean validatorFinished = validatorProcess.waitFor(Math.max(0, validatorDeadline - System.nanoTime()),
                    TimeUnit.NANOSECONDS);
            if (!validatorFinished) {
                kill(validatorProcess, validatorGroup);
                validatorProcess.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
            }
            for (Future<?> future : done) {
                awaitQuietly(future);
            }
            long wallMillis = (System.nanoTime() - started) / 1_000_000;
            SandboxOutcome programOutcome = outcome(programProcess, programGroup, "", programErr, programLimits,
                    programWallTimedOut, cpuExceeded, wallMillis, programBytes.get() > programLimits.outputBytes());
            SandboxOutcome validatorOutcome = outcome(validatorProcess, validatorGroup, "", validatorErr,
                    validatorLimits, !validatorFinished, false, wallMillis, false);
            boolean validatorFirst = validatorRejectedEarly
                    || (endedAt[1] != 0 && (endedAt[0] == 0 || endedAt[1] < endedAt[0]));
            return new Interaction(programOutcome, validatorOutcome, validatorFirst);
        } finally {
            current = null;
        }
    }

    private Process start(RunCgroup group, Path workDir, WorkDirAccess access, List<String> command,
                          SandboxLimits limits) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(commands.line(group, workDir, access, command, limits,
                binds(Map.of())));
        builder.environment().clear();
        return builder.start();
    }

    /** Copies what one side writes to the other as it comes (flushed at once: the other side waits for it). */
    private static void pump(java.io.InputStream from, OutputStream to, java.util.concurrent.atomic.AtomicLong count,
                             long cap, Runnable overflow) {
        byte[] buffer = new byte[8192];
        try (from; to) {
            int n;
            while ((n = from.read(buffer)) > 0) {
                if (count.addAndGet(n) > cap) {
                    overflow.run();
                    return;
                }
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side ended: the other sees its input end, or its output go nowhere
        }
    }

    /** One side's outcome, as {@link #awaitOutcome} reads it (its stdout went to the other side). */
    private SandboxOutcome outcome(Process process, RunCgroup group, String stdout, CappedCollector stderr,
                                   SandboxLimits limits, boolean wallTimedOut, boolean cpuExceeded, long wallMillis,
                                   boolean outputExceeded) throws IOException {
        long cpuLimitNanos = TimeUnit.MILLISECONDS.toNanos(limits.cpuMillis());
        if (group == null) {
            TimeReport report = TimeReport.parse(stderr.text());
            int exitCode = report.exitCode(process.exitValue());
            boolean memoryExceeded = exitCode != 0 && report.maxRssKb() * 1024 >= limits.memoryBytes();
            return new SandboxOutcome(exitCode, report.signal(), wallTimedOut,
                    cpuExceeded || report.cpuMillis() > limits.cpuMillis(), memoryExceeded,
                    outputExceeded || stderr.exceeded(), stdout, report.programStderr(), report.cpuMillis(),
                    wallMillis, report.maxRssKb(), failure(exitCode, report.programStderr()));
        }
        long cpuNanos = group.cpuNanos();
        int exitCode = process.exitValue();
        int signal = exitCode > 128 && exitCode <= 128 + 64 ? exitCode - 128 : 0;
        return new SandboxOutcome(exitCode, signal, wallTimedOut, cpuExceeded || cpuNanos > cpuLimitNanos,
                group.oomKilled(), outputExceeded || stderr.exceeded(), stdout, stderr.text(),
                TimeUnit.NANOSECONDS.toMillis(cpuNanos), wallMillis, group.peakMemoryBytes() / 1024,
                failure(exitCode, stderr.text()));
    }

    @Override
    public SandboxedService startService(Path workDir, List<String> command, SandboxLimits limits) throws IOException {
        RunCgroup group = cgroups == null ? null
                : cgroups.takeForService(limits.memoryBytes(), limits.processes() + SANDBOX_OWN_PROCESSES);
        try {
            ProcessBuilder builder = new ProcessBuilder(commands.line(group, workDir, WorkDirAccess.WRITABLE, command,
                    limits, binds(serviceBinds)));
            builder.environment().clear();
            Process process = builder.start();
            return new SandboxedService(process, group, () -> {
                kill(process, group);
                try {
                    process.waitFor(KILL_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (group != null) {
                    cgroups.releaseService(group);
                }
            });
        } catch (IOException | RuntimeException e) {
            if (group != null) {
                cgroups.releaseService(group);
            }
            throw e;
        }
    }

    /** Removes the cgroups kept ready (the agent is stopping). */
    @Override
    public void close() {
        if (prespawned != null) {
            prespawned.close();
        }
        if (cgroups != null) {
            cgroups.close();
        }
    }

    private Map<Path, String> binds(Map<Path, String> extra) {
        Map<Path, String> all = new java.util.LinkedHashMap<>(toolBinds);
        all.putAll(extra);
        return all;
    }

    /** The sandbox's own failures: the launcher could not join the cgroup or set a limit, or bubblewrap refused. */
    private static String failure(int exitCode, String stderr) {
        if ((exitCode == 125 && stderr.contains(BubblewrapCommand.FAILURE_MARKER)) || (exitCode == 1 && stderr.startsWith("bwrap: "))) {
            return stderr.strip();
        }
        return null;
    }

    private void feed(OutputStream in, byte[] stdin) {
        try (in) {
            in.write(stdin);
        } catch (IOException e) {
            // the program stopped reading (or ended) before taking all of its input: that is its right
        }
    }

    private static void kill(Process process, RunCgroup group) {
        // bwrap runs with --die-with-parent and its own PID namespace: ending it ends everything inside; the
        // cgroup catches anything that got away
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        if (group != null) {
            group.killAll();
        }
    }

    private static void awaitQuietly(Future<?> future) throws InterruptedException {
        try {
            future.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            future.cancel(true);
        }
    }
}
