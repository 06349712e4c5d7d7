package org.codearena.runner.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.codearena.runner.sandbox.Sandbox.WorkDirAccess;
import org.codearena.runner.sandbox.cgroup.RunCgroup;

/** How an execution is started: the launcher script, setpriv, bubblewrap's arguments. No state but settings. */
final class BubblewrapCommand {

    static final String STATS_MARKER = "__codearena_stats__";
    static final String FAILURE_MARKER = "codearena-sandbox:";
    private static final String INSIDE_DIR = "/box";
    /** where a prespawned sandbox sees its run's program, read-only, before copying it into /box */
    static final String PROGRAM_DIR = "/.program";
    private static final int NOBODY = 65534;

    private final SandboxSettings settings;
    private final boolean dropPrivileges;
    /** null without seccomp (the unconfined development mode) */
    private final Path seccompFilter;

    BubblewrapCommand(SandboxSettings settings, boolean dropPrivileges, Path seccompFilter) {
        this.settings = settings;
        this.dropPrivileges = dropPrivileges;
        this.seccompFilter = seccompFilter;
    }

    /**
     * The whole command line of one execution: the launcher shell, the drop to the sandbox user, bubblewrap with
     * its mounts (system folders, then {@code binds}: host path to inside path, read-only), and the command.
     */
    List<String> line(RunCgroup group, Path workDir, WorkDirAccess access, List<String> command,
                      SandboxLimits limits, Map<Path, String> binds) throws IOException {
        String tmpfsSize = Long.toString(limits.memoryBytes());
        List<String> box = new ArrayList<>();
        if (access == WorkDirAccess.WRITABLE) {
            box.addAll(List.of("--bind", workDir.toString(), INSIDE_DIR));
        } else {
            box.addAll(List.of("--size", tmpfsSize, "--tmpfs", INSIDE_DIR));
            for (Path file : filesOf(workDir)) {
                box.addAll(List.of("--ro-bind", file.toString(), INSIDE_DIR + "/" + file.getFileName()));
            }
        }
        List<String> program = new ArrayList<>();
        if (group == null) {
            program.addAll(List.of(settings.time().toString(), "-f", STATS_MARKER + " %e %U %S %M %x", "--"));
        }
        program.addAll(command);
        return build(launcher(group, limits, null), box, tmpfsSize, binds, program);
    }

    /**
     * A sandbox set up ahead of its program ({@link PrespawnPool}): an empty tmpfs /box, and {@code waitingShell}
     * reading, on descriptor 4 (the pipe {@code goPipe}), the one line of shell that {@link #goLine} writes.
     */
    List<String> waitingLine(RunCgroup group, Path goPipe, Path program, boolean writable, long tmpfsBytes,
                             List<String> waitingShell, Map<Path, String> binds) {
        String tmpfsSize = Long.toString(tmpfsBytes);
        SandboxLimits setUp = new SandboxLimits(0, 0, tmpfsBytes, 0, 0, 0, 0, true);
        // writable (a compile's): the folder itself is /box, as line() binds a compile's work folder
        List<String> box = writable ? List.of("--bind", program.toString(), INSIDE_DIR)
                : List.of("--ro-bind", program.toString(), PROGRAM_DIR, "--size", tmpfsSize, "--tmpfs", INSIDE_DIR);
        return build(launcher(group, setUp, goPipe), box, tmpfsSize, binds, waitingShell);
    }

    /**
     * What the waiting shell of a prespawned sandbox runs: the program's files copied into /box (as the sandbox's
     * user), the run's own per-process limits, then its command.
     */
    static String goLine(List<String> command, SandboxLimits limits) {
        return goLine(command, limits, true);
    }

    /** As {@link #goLine(List, SandboxLimits)}; without the copy for a writable sandbox, whose /box has the files. */
    static String goLine(List<String> command, SandboxLimits limits, boolean copyProgram) {
        StringBuilder line = new StringBuilder();
        if (copyProgram) {
            line.append(orFail("cp -R --preserve=mode " + PROGRAM_DIR + "/. " + INSIDE_DIR + "/",
                    "cannot copy the program"));
        }
        line.append(orFail("ulimit -f " + Math.max(1, limits.fileSizeBytes() / 512), "cannot set ulimit -f"));
        if (limits.cpuMillis() > 0) {
            line.append(orFail("ulimit -t " + (Math.max(1, (limits.cpuMillis() + 999) / 1000) + 1),
                    "cannot set ulimit -t"));
        }
        if (limits.stackBytes() > 0) {
            line.append(orFail("ulimit -s " + limits.stackBytes() / 1024, "cannot set ulimit -s"));
        }
        line.append("exec");
        command.forEach(word -> line.append(' ').append(quote(word)));
        return line.append('\n').toString();
    }

    /**
     * What a warm Python waiting in a prespawned sandbox (warm-python.py) reads to run {@code script} as
     * {@link #goLine} would have run {@code python3 script}: the same copy into /box and the same per-process limits
     * (ulimit's units turned into bytes and seconds; 0 where goLine sets none).
     */
    static String warmPythonLine(String script, SandboxLimits limits) {
        if (!WARM_SCRIPT.matcher(script).matches()) {
            throw new IllegalArgumentException("not a script name a warm Python runs: " + script);
        }
        long fileSizeBytes = Math.max(1, limits.fileSizeBytes() / 512) * 512;
        long cpuSeconds = limits.cpuMillis() > 0 ? Math.max(1, (limits.cpuMillis() + 999) / 1000) + 1 : 0;
        long stackBytes = limits.stackBytes() > 0 ? limits.stackBytes() / 1024 * 1024 : 0;
        return "WARM-PYTHON\t" + fileSizeBytes + "\t" + cpuSeconds + "\t" + stackBytes + "\t" + script + "\n";
    }

    /** a file name in /box, nothing a line or a field separator could hide in */
    static final java.util.regex.Pattern WARM_SCRIPT = java.util.regex.Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*\\.py");

    /** A step of a launcher that, failing, ends it as the sandbox's failure (exit 125 with a marked message). */
    private static String orFail(String step, String what) {
        return step + " || { echo \"" + FAILURE_MARKER + " " + what + "\" >&2; exit 125; }; ";
    }

    private List<String> build(String launcherScript, List<String> box, String tmpfsSize, Map<Path, String> binds,
                               List<String> program) {
        List<String> line = new ArrayList<>();
        line.addAll(List.of(settings.shell().toString(), "-c", launcherScript, "sandbox-launcher"));
        if (dropPrivileges) {
            line.addAll(List.of(settings.setpriv().toString(), "--reuid=" + settings.uid(),
                    "--regid=" + settings.uid(), "--clear-groups", "--"));
        }
        line.addAll(List.of(settings.bwrap().toString(), "--unshare-all", "--unshare-user", "--disable-userns",
                "--die-with-parent", "--new-session", "--uid", Integer.toString(NOBODY),
                "--gid", Integer.toString(NOBODY), "--hostname", "sandbox"));
        for (Path bind : settings.readOnlyBinds()) {
            if (Files.exists(bind)) {
                line.addAll(List.of("--ro-bind", bind.toString(), bind.toString()));
            }
        }
        settings.symlinks().forEach((target, link) -> line.addAll(List.of("--symlink", target, link)));
        binds.forEach((host, inside) -> line.addAll(List.of("--ro-bind", host.toString(), inside)));
        line.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--size", tmpfsSize, "--tmpfs", "/dev/shm",
                "--size", tmpfsSize, "--tmpfs", "/tmp"));
        line.addAll(box);
        // the root and /dev are bubblewrap's own tmpfs: read-only, so that only /tmp, /dev/shm and /box take files
        line.addAll(List.of("--remount-ro", "/dev", "--remount-ro", "/"));
        line.addAll(List.of("--chdir", INSIDE_DIR, "--clearenv", "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
                "--setenv", "HOME", INSIDE_DIR, "--setenv", "LANG", "C.UTF-8", "--setenv", "TMPDIR", "/tmp"));
        if (seccompFilter != null) {
            line.addAll(List.of("--seccomp", "3"));
        }
        line.add("--");
        line.addAll(program);
        return line;
    }

    /**
     * The shell that starts the sandbox: it joins the execution's cgroup before anything else runs (so every
     * process the program makes is born inside it), sets the per-process limits, opens the seccomp filter for
     * bubblewrap on descriptor 3, and becomes the rest of the command line. Only agent-made paths appear in it.
     */
    private String launcher(RunCgroup group, SandboxLimits limits, Path goPipe) {
        StringBuilder script = new StringBuilder();
        if (group != null) {
            script.append("for f in");
            group.procsFiles().forEach(file -> script.append(' ').append(quote(file.toString())));
            script.append("; do echo $$ > \"$f\" || { echo \"").append(FAILURE_MARKER)
                    .append(" cannot join the cgroup $f\" >&2; exit 125; }; done\n");
        }
        List<String> ulimits = new ArrayList<>(List.of("-c 0"));
        if (limits.fileSizeBytes() > 0) {
            ulimits.add("-f " + Math.max(1, limits.fileSizeBytes() / 512));
        }
        if (limits.cpuMillis() > 0) {
            // per process, behind the cgroup's sum; a long-running service (cpuMillis 0) has its work timed by its user
            ulimits.add("-t " + (Math.max(1, (limits.cpuMillis() + 999) / 1000) + 1));
        }
        if (limits.stackBytes() > 0) {
            ulimits.add("-s " + limits.stackBytes() / 1024);
        }
        if (group == null) {
            // development only: per-process limits stand in for the cgroup
            ulimits.add("-p " + limits.processes());
            if (!limits.unlimitedAddressSpace()) {
                ulimits.add("-v " + limits.memoryBytes() / 1024);
            }
        }
        for (String ulimit : ulimits) {
            script.append("ulimit ").append(ulimit).append(" || { echo \"").append(FAILURE_MARKER)
                    .append(" cannot set ulimit ").append(ulimit).append("\" >&2; exit 125; }\n");
        }
        if (seccompFilter != null) {
            script.append("exec 3< ").append(quote(seccompFilter.toString())).append(" || exit 125\n");
        }
        if (goPipe != null) {
            // read-write, so that opening does not wait for a writer; the sandbox inherits it as descriptor 4
            script.append("exec 4<> ").append(quote(goPipe.toString())).append(" || exit 125\n");
        }
        script.append("exec \"$@\"\n");
        return script.toString();
    }

    private static String quote(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private static List<Path> filesOf(Path workDir) throws IOException {
        try (Stream<Path> entries = Files.list(workDir)) {
            return entries.sorted().toList();
        }
    }
}
