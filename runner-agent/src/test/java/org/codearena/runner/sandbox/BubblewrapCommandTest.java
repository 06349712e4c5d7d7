package org.codearena.runner.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.codearena.runner.sandbox.cgroup.RunCgroup;
import org.junit.jupiter.api.Test;

class BubblewrapCommandTest {

    private static final SandboxSettings SETTINGS = new SandboxSettings(Path.of("/usr/bin/bwrap"),
            Path.of("/usr/bin/setpriv"), Path.of("/usr/bin/time"), Path.of("/bin/sh"), 61001,
            Path.of("/dev/shm/codearena-runner/runner-1"), List.of(Path.of("/usr")), Map.of("usr/bin", "/bin"),
            Path.of("/sys/fs/cgroup"), "auto", Path.of("/usr/bin/python3"), false, true,
            Path.of("/usr/bin/python3"));

    private static final RunCgroup GROUP = new RunCgroup() {
        @Override
        public List<Path> procsFiles() {
            return List.of(Path.of("/sys/fs/cgroup/memory/codearena/runner-1/exec-1/cgroup.procs"));
        }

        @Override
        public long peakMemoryBytes() {
            return 0;
        }

        @Override
        protected long totalCpuNanos() {
            return 0;
        }

        @Override
        protected long oomKills() {
            return 0;
        }

        @Override
        protected void resetPeak() {
        }

        @Override
        protected List<Path> directories() {
            return List.of();
        }
    };

    @Test
    void aWaitingSandboxJoinsItsCgroupHoldsItsGoPipeAndSeesItsProgramFolderReadOnly() {
        BubblewrapCommand commands = new BubblewrapCommand(SETTINGS, true, Path.of("/x/seccomp.bpf"));

        List<String> line = commands.waitingLine(GROUP, Path.of("/x/prespawn/go-1"),
                Path.of("/x/prespawn/program-1"), false, 1L << 30, List.of("/bin/sh", "-c", "wait"), Map.of());

        String launcher = line.get(2);
        assertThat(launcher).contains("echo $$ > \"$f\"").contains("exec 3< '/x/seccomp.bpf'")
                .contains("exec 4<> '/x/prespawn/go-1'").doesNotContain("ulimit -t");
        assertThat(String.join(" ", line)).contains("--setpriv".substring(2)).contains("--disable-userns")
                .contains("--ro-bind /x/prespawn/program-1 /.program").contains("--size 1073741824 --tmpfs /box")
                .contains("--remount-ro / ").contains("--seccomp 3").endsWith("-- /bin/sh -c wait");
    }

    @Test
    void theGoLineCopiesTheProgramSetsTheRunsLimitsAndQuotesEveryWord() {
        SandboxLimits limits = new SandboxLimits(2000, 5000, 256L << 20, 64, 16L << 20, 1 << 20, 256L << 20, false);

        String go = BubblewrapCommand.goLine(List.of("/usr/bin/python3", "main.py", "it's"), limits);

        assertThat(go).startsWith("cp -R --preserve=mode /.program/. /box/ || { echo \"codearena-sandbox: cannot copy");
        assertThat(go).contains("ulimit -f 32768 || ").contains("ulimit -t 3 || ").contains("ulimit -s 262144 || ")
                .endsWith("exec '/usr/bin/python3' 'main.py' 'it'\\''s'\n");
    }

    @Test
    void theWarmPythonLineCarriesTheSameLimitsInBytesAndSeconds() {
        SandboxLimits limits = new SandboxLimits(2000, 5000, 256L << 20, 64, 16L << 20, 1 << 20, 256L << 20, false);

        String go = BubblewrapCommand.warmPythonLine("main.py", limits);

        // ulimit -f 32768 (512-byte blocks), -t 3, -s 262144 (KB), as the shell's go line sets them
        assertThat(go).isEqualTo("WARM-PYTHON\t" + 32768L * 512 + "\t3\t" + 262144L * 1024 + "\tmain.py\n");
        assertThatThrownBy(() -> BubblewrapCommand.warmPythonLine("a\tb.py", limits))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BubblewrapCommand.warmPythonLine("../main.py", limits))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWritableWaitingSandboxSeesItsFolderAsBoxAndItsGoLineCopiesNothing() {
        BubblewrapCommand commands = new BubblewrapCommand(SETTINGS, true, Path.of("/x/seccomp.bpf"));

        List<String> line = commands.waitingLine(GROUP, Path.of("/x/prespawn/go-2"),
                Path.of("/x/prespawn/program-2"), true, 1L << 30, List.of("/bin/sh", "-c", "wait"), Map.of());
        String go = BubblewrapCommand.goLine(List.of("/usr/bin/gcc", "-o", "main", "main.c"),
                new SandboxLimits(30000, 60000, 1L << 30, 64, 16L << 20, 1 << 20, 0, false), false);

        // as a compile's own sandbox binds its work folder: the compiler's output stays in the folder
        assertThat(String.join(" ", line)).contains("--bind /x/prespawn/program-2 /box")
                .doesNotContain("/.program").doesNotContain("--tmpfs /box");
        assertThat(go).doesNotContain("cp -R").contains("ulimit -f 32768 || ")
                .endsWith("exec '/usr/bin/gcc' '-o' 'main' 'main.c'\n");
    }
}
