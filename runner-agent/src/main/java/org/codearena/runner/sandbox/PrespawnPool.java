package org.codearena.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.codearena.runner.sandbox.cgroup.CgroupPool;
import org.codearena.runner.sandbox.cgroup.RunCgroup;

/**
 * Sandboxes set up before their program arrives. Starting a sandbox (the launcher, the drop to the sandbox user,
 * bubblewrap's namespaces and mounts) takes ~15 ms here, a third of a Python hello; a slot is that sandbox,
 * complete, with an empty /box, its shell (or, for Python runs, a started Python) waiting on a pipe for the one
 * command it will become. A run takes a
 * slot, puts its program's files into /box, and sends the command; a new slot is made for the next run meanwhile.
 * Every slot serves one program and ends with it: nothing carries from one run to the next.
 */
final class PrespawnPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PrespawnPool.class.getName());
    /** fresh sandboxes kept ready, of each kind (with warm Python: one with a shell, one with Python waiting) */
    private static final int READY = 2;
    /** sandboxes whose /box is a host folder, for compiles (whose output the run after them needs) */
    private static final int READY_WRITABLE = 1;
    /** the slot's memory and processes until its run sets its own (the waiting launcher needs little) */
    private static final long WAITING_MEMORY_BYTES = 64L << 20;
    private static final long WAITING_PROCESSES = 8;
    private static final long FIND_PROGRAM_PROCESS_MILLIS = 2000;
    private static final long IDLE_MILLIS = 100;
    private static final long IDLE_CHECK_MILLIS = 25;

    /**
     * A sandbox waiting for its program. {@code program} is a host folder it sees read-only at
     * {@value BubblewrapCommand#PROGRAM_DIR}: the run puts its files there, and the waiting shell copies them into
     * /box as the sandbox's own user (the agent cannot create files in a tmpfs of the sandbox's user namespace).
     * A {@code writable} slot sees that folder, owned by the sandbox's user, as its /box instead (a compile's).
     */
    record Slot(Process process, RunCgroup group, Path goPipe, Path program, Kind kind) {

        boolean writable() {
            return kind == Kind.WRITABLE;
        }
    }

    /**
     * What waits in a slot. A shell for anything; Python for Python runs only (were it to become the shell of
     * another run, the interpreter's pages would be in that run's memory figures); a writable one for compiles.
     */
    enum Kind {
        SHELL, WARM_PYTHON, WRITABLE
    }

    private final BubblewrapCommand commands;
    private final CgroupPool cgroups;
    private final Path pipes;
    private final long boxBytes;
    private final List<String> waitingShell;
    /** what waits in a WARM_PYTHON slot; null: no such slots */
    private final List<String> waitingPython;
    private final java.util.Map<Kind, LinkedBlockingQueue<Slot>> ready = new java.util.EnumMap<>(Kind.class);
    private final java.util.Map<Kind, Integer> wanted = new java.util.EnumMap<>(Kind.class);
    /** gives a writable slot's folder to the sandbox's user */
    private final java.util.function.Consumer<Path> ownBySandboxUser;
    private final AtomicLong names = new AtomicLong();
    private final ScheduledExecutorService spawner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sandbox-prespawn");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicLong lastUsedNanos = new AtomicLong();
    private volatile java.util.Map<Path, String> binds;

    PrespawnPool(BubblewrapCommand commands, CgroupPool cgroups, Path pipes, long boxBytes, List<String> waitingShell,
                 List<String> waitingPython, java.util.function.Consumer<Path> ownBySandboxUser) throws IOException {
        this.waitingPython = waitingPython == null ? null : List.copyOf(waitingPython);
        for (Kind kind : Kind.values()) {
            ready.put(kind, new LinkedBlockingQueue<>());
        }
        wanted.put(Kind.SHELL, waitingPython == null ? READY : READY - 1);
        wanted.put(Kind.WARM_PYTHON, waitingPython == null ? 0 : 1);
        wanted.put(Kind.WRITABLE, READY_WRITABLE);
        this.ownBySandboxUser = ownBySandboxUser;
        this.commands = commands;
        this.cgroups = cgroups;
        this.pipes = Files.createDirectories(pipes);
        // traversed by the sandbox users to their program folders, whatever the agent's umask
        Files.setPosixFilePermissions(pipes, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        // an earlier agent's pipes and folders: their sandboxes died with it
        try (var stale = Files.list(pipes)) {
            for (Path left : stale.toList()) {
                deleteTree(left);
            }
        }
        this.boxBytes = boxBytes;
        this.waitingShell = List.copyOf(waitingShell);
    }

    /**
     * Starts keeping slots ready, with these read-only binds (the same as every run's). Setting one up takes CPU
     * that, on a small machine, the run just finished still needs for its result: slots are made while the
     * sandbox is idle, or at once when none is left (the next test of a submission is likely on its way).
     */
    void start(java.util.Map<Path, String> readOnlyBinds) {
        binds = readOnlyBinds;
        spawner.scheduleWithFixedDelay(this::spawnWhileIdle, 0, IDLE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * A ready slot for a run asking for this kind, or empty when none is (the run then starts a sandbox of its own).
     * A Python run that finds no warm Python (a submission's next test, before its last test's was replaced) takes a
     * shell, which still saves the set-up, and the warm Python left for later is started now.
     */
    Optional<Slot> take(Kind kind) {
        inUse.incrementAndGet();
        for (Kind servedBy : servedBy(kind)) {
            Slot slot;
            while ((slot = ready.get(servedBy).poll()) != null) {
                if (slot.process().isAlive()) {
                    return Optional.of(slot);
                }
                discard(slot);
            }
            if (servedBy == Kind.WARM_PYTHON) {
                try {
                    spawner.execute(() -> spawnOne(Kind.WARM_PYTHON));
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the agent is stopping
                }
            }
        }
        done();
        return Optional.empty();
    }

    /** The kinds of slot a run asking for this kind can take, best first. */
    private static List<Kind> servedBy(Kind asked) {
        return asked == Kind.WARM_PYTHON ? List.of(Kind.WARM_PYTHON, Kind.SHELL) : List.of(asked);
    }

    /**
     * The slot's run is over: the slot ends with it. What is left of it (its cgroup, pipe and folder) is cleared on
     * the spawner's thread, after the run's outcome is on its way. {@code asked} is the kind the run asked for (see
     * {@link #take}: a Python run may have taken a shell). When no fresh slot that such a run can take is left, one
     * of the kind it asked for is made at once (a submission's next test is likely on its way); otherwise, and for
     * a compile's, while the agent is idle. A Python run leaves the shell for its next test, so its warm Python is
     * not started beside the result's send (which that had slowed from 1.3 to 2.5 ms on two cores).
     */
    void used(Slot slot, Kind asked) {
        done();
        try {
            spawner.execute(() -> {
                try {
                    discard(slot);
                    if (!slot.writable() && nothingLeftFor(asked)) {
                        spawnOne(asked);
                    }
                } catch (RuntimeException e) {
                    LOG.warning(() -> "event=sandbox-clear-failed error=" + e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the agent is stopping: cleared here, nothing made
            discard(slot);
        }
    }

    /** No fresh slot is left that a run asking for this kind could take. */
    private boolean nothingLeftFor(Kind asked) {
        return servedBy(asked).stream().allMatch(kind -> ready.get(kind).isEmpty());
    }

    private void done() {
        lastUsedNanos.set(System.nanoTime());
        inUse.decrementAndGet();
    }

    private void spawnWhileIdle() {
        for (Kind kind : Kind.values()) {
            while (idle() && ready.get(kind).size() < wanted.get(kind)) {
                spawnOne(kind);
            }
        }
    }

    private boolean idle() {
        return inUse.get() == 0 && System.nanoTime() - lastUsedNanos.get() > TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    }

    private void discard(Slot slot) {
        if (slot.process().isAlive()) {
            // a slot never used (or whose launcher outlived its run): finding its processes reads all of /proc.
            // A used one's have ended with it (bubblewrap's init ends the whole PID namespace), and emptying the
            // cgroup below ends anything left in it either way
            slot.process().descendants().forEach(ProcessHandle::destroyForcibly);
            slot.process().destroyForcibly();
        }
        try {
            slot.process().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cgroups.releaseService(slot.group());
        deleteQuietly(slot.goPipe());
        deleteTree(slot.program());
    }

    private void spawnOne(Kind kind) {
        if (ready.get(kind).size() >= wanted.get(kind) || binds == null) {
            return;
        }
        boolean writable = kind == Kind.WRITABLE;
        RunCgroup group = null;
        long name = names.incrementAndGet();
        Path goPipe = pipes.resolve("go-" + name);
        Path program = pipes.resolve("program-" + name);
        try {
            group = cgroups.takeForService(WAITING_MEMORY_BYTES, WAITING_PROCESSES);
            Files.deleteIfExists(goPipe);
            Files.createDirectories(program);
            Files.setPosixFilePermissions(program, java.nio.file.attribute.PosixFilePermissions.fromString(
                    writable ? "rwx------" : "rwxr-xr-x"));
            if (writable) {
                ownBySandboxUser.accept(program);
            }
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", goPipe.toString()).start();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IOException("mkfifo " + goPipe + " failed");
            }
            ProcessBuilder builder = new ProcessBuilder(commands.waitingLine(group, goPipe, program, writable, boxBytes,
                    kind == Kind.WARM_PYTHON ? waitingPython : waitingShell, binds));
            builder.environment().clear();
            Process process = builder.start();
            awaitWaiting(process);
            ready.get(kind).add(new Slot(process, group, goPipe, program, kind));
        } catch (IOException | RuntimeException e) {
            LOG.warning(() -> "event=sandbox-prespawn-failed error=" + e + " (runs start their own sandbox)");
            if (group != null) {
                cgroups.releaseService(group);
            }
            deleteQuietly(goPipe);
            deleteTree(program);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns once the shell inside the sandbox waits (bubblewrap's processes show as bwrap until it does). */
    private static void awaitWaiting(Process process) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FIND_PROGRAM_PROCESS_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the sandbox ended while being set up: "
                        + new String(process.getErrorStream().readAllBytes()).strip());
            }
            boolean waiting = process.descendants().anyMatch(handle -> handle.info().command()
                    .map(command -> !command.endsWith("/bwrap")).orElse(false));
            if (waiting) {
                return;
            }
            Thread.sleep(2);
        }
        throw new IOException("the waiting sandbox did not come up within " + FIND_PROGRAM_PROCESS_MILLIS + " ms");
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.fine(() -> "event=prespawn-folder-delete-failed dir=" + dir + " error=" + e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a stale pipe in the agent's own folder harms no one
        }
    }

    @Override
    public void close() {
        // the used slots still to be cleared are, before anything is left behind
        spawner.shutdown();
        try {
            spawner.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spawner.shutdownNow();
        Slot slot;
        for (LinkedBlockingQueue<Slot> slots : ready.values()) {
            while ((slot = slots.poll()) != null) {
                discard(slot);
            }
        }
    }
}
