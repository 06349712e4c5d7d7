package org.codearena.runner.sandbox.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.codearena.runner.sandbox.SandboxUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent writes into and reads from cgroup files, against a tree laid out like the kernel's (the real
 * hierarchies are exercised by the sandbox system tests; v2 is not mounted with its controllers on every machine).
 */
class CgroupFilesTest {

    @Test
    void v1SetsMemorySwapAndProcessLimitsAndReadsCpuPeakAndOutOfMemoryKills(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("memory"));
        Files.writeString(root.resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        Files.createDirectories(root.resolve("pids"));
        Files.writeString(root.resolve("pids/cgroup.procs"), "");
        Files.createDirectories(root.resolve("cpuacct"));
        Files.writeString(root.resolve("cpuacct/cpuacct.usage"), "0\n");
        assertThat(CgroupV1.usable(root)).isTrue();
        Path memory = root.resolve("memory/codearena/runner-1/exec-1");
        Files.createDirectories(memory);
        Files.writeString(memory.resolve("memory.memsw.limit_in_bytes"), "9223372036854771712\n");

        RunCgroup group = new CgroupV1(root, "runner-1").create("exec-1", 256L << 20, 66);

        assertThat(Files.readString(memory.resolve("memory.limit_in_bytes"))).isEqualTo("268435456");
        assertThat(Files.readString(memory.resolve("memory.memsw.limit_in_bytes"))).isEqualTo("268435456");
        assertThat(Files.readString(root.resolve("pids/codearena/runner-1/exec-1/pids.max"))).isEqualTo("66");
        assertThat(group.procsFiles()).containsExactly(memory.resolve("cgroup.procs"),
                root.resolve("pids/codearena/runner-1/exec-1/cgroup.procs"),
                root.resolve("cpuacct/codearena/runner-1/exec-1/cgroup.procs"));

        Files.writeString(root.resolve("cpuacct/codearena/runner-1/exec-1/cpuacct.usage"), "2040123456\n");
        Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "268435456\n");
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 11\n");
        assertThat(group.cpuNanos()).isEqualTo(2_040_123_456L);
        assertThat(group.peakMemoryBytes()).isEqualTo(256L << 20);
        assertThat(group.oomKilled()).isTrue();
        Files.writeString(memory.resolve("memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n");
        assertThat(group.oomKilled()).isFalse();
    }

    @Test
    void v2EnablesControllersSetsNoSwapAndGroupKillAndReadsCpuStatAndEvents(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory hugetlb pids rdma misc\n");
        Files.writeString(root.resolve("cgroup.subtree_control"), "");
        Path parent = root.resolve("codearena/runner-1");
        Files.createDirectories(parent);
        Files.writeString(root.resolve("codearena/cgroup.subtree_control"), "");
        Files.writeString(parent.resolve("cgroup.subtree_control"), "");
        Path group = parent.resolve("exec-7");
        Files.createDirectories(group);
        Files.writeString(group.resolve("memory.swap.max"), "max\n");
        assertThat(CgroupV2.usable(root)).isTrue();

        RunCgroup run = new CgroupV2(root, "runner-1").create("exec-7", 128L << 20, 10);

        assertThat(Files.readString(root.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids");
        assertThat(Files.readString(parent.resolve("cgroup.subtree_control"))).isEqualTo("+memory +pids");
        assertThat(Files.readString(group.resolve("memory.max"))).isEqualTo("134217728");
        assertThat(Files.readString(group.resolve("memory.swap.max"))).isEqualTo("0");
        assertThat(Files.readString(group.resolve("memory.oom.group"))).isEqualTo("1");
        assertThat(Files.readString(group.resolve("pids.max"))).isEqualTo("10");
        assertThat(run.procsFiles()).containsExactly(group.resolve("cgroup.procs"));

        Files.writeString(group.resolve("cpu.stat"), "usage_usec 1500000\nuser_usec 1400000\nsystem_usec 100000\n");
        Files.writeString(group.resolve("memory.current"), "1048576\n");
        Files.writeString(group.resolve("memory.events"), "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertThat(run.cpuNanos()).isEqualTo(1_500_000_000L);
        assertThat(run.peakMemoryBytes()).as("memory.current where memory.peak is missing").isEqualTo(1 << 20);
        Files.writeString(group.resolve("memory.peak"), "99999744\n");
        assertThat(run.peakMemoryBytes()).isEqualTo(99_999_744L);
        assertThat(run.oomKilled()).isTrue();
    }

    @Test
    void noUsableHierarchyIsRefusedWithWhatToDo(@TempDir Path root) {
        assertThatThrownBy(() -> Cgroups.detect(root, "runner-1", "auto"))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("memory and pids controllers")
                .hasMessageContaining("Run the agent as root");
        assertThatThrownBy(() -> Cgroups.detect(root, "runner-1", "v3"))
                .hasMessageContaining("auto, v1 or v2");
    }
}
