package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile programs, sent as a new user would send them (the public API, the default limits: 256 MB, 5 s), through
 * the real runner agents. Each one ends with the right verdict; afterwards the host has as much free memory and
 * disk as before, and a runner serves the next run within a second.
 */
class SandboxIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();
    /** what the host may drift by during a test; a leaked attack is gigabytes */
    private static final long MEMORY_SLACK_BYTES = 400L << 20;
    /** the uid programs run under (runner-agent.properties, sandbox.uid) */
    private static final String SANDBOX_UID = System.getProperty("codearena.sandbox.uid", "61001");
    private static final long DISK_SLACK_BYTES = 64L << 20;

    private long memoryAvailableBefore;
    private long diskFreeBefore;
    private long sharedMemoryFreeBefore;

    @BeforeEach
    void measureTheHost() throws IOException {
        memoryAvailableBefore = memoryAvailable();
        diskFreeBefore = Files.getFileStore(Path.of("/")).getUsableSpace();
        sharedMemoryFreeBefore = Files.getFileStore(Path.of("/dev/shm")).getUsableSpace();
    }

    @AfterEach
    void theHostIsUnharmedAndTheNextRunIsServedWithinASecond() throws IOException, InterruptedException {
        // a used sandbox is cleared just after its result is sent, and the kernel frees a dead sandbox's tmpfs
        // pages when its mount namespace goes: what a run leaves must be gone within moments, not at once
        long settled = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < settled && (memoryAvailable() <= memoryAvailableBefore - MEMORY_SLACK_BYTES
                || Files.getFileStore(Path.of("/dev/shm")).getUsableSpace()
                <= sharedMemoryFreeBefore - DISK_SLACK_BYTES)) {
            Thread.sleep(100);
        }
        assertThat(memoryAvailable()).as("host memory available after the run, not counting what the platform's"
                        + " own processes grew by (Liberty's heap, the broker's journal)")
                .isGreaterThan(memoryAvailableBefore - MEMORY_SLACK_BYTES);
        assertThat(Files.getFileStore(Path.of("/")).getUsableSpace()).as("host disk free after the run")
                .isGreaterThan(diskFreeBefore - DISK_SLACK_BYTES);
        assertThat(Files.getFileStore(Path.of("/dev/shm")).getUsableSpace()).as("host /dev/shm free after the run")
                .isGreaterThan(sharedMemoryFreeBefore - DISK_SLACK_BYTES);

        long started = System.nanoTime();
        JsonNode run = CLIENT.runPromptly("python", "print(input().upper())", "still alive");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("STILL ALIVE\n");
        assertThat(millis).as("round trip of the next run, ms").isLessThan(1000);
    }

    /**
     * The host's available memory plus what every process outside the sandbox holds: a platform process (Liberty,
     * the broker, PostgreSQL, this JVM) that grows during a test does not count, while anything a program leaves
     * behind does (its processes run as the sandbox uid; its files in a tmpfs are in no process at all).
     */
    private static long memoryAvailable() throws IOException {
        long available = -1;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                available = kilobytes(line) * 1024;
            }
        }
        if (available < 0) {
            throw new IllegalStateException("no MemAvailable in /proc/meminfo");
        }
        long platform = 0;
        try (var processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                platform += residentOutsideTheSandbox(process.resolve("status"));
            }
        }
        return available + platform;
    }

    private static long residentOutsideTheSandbox(Path status) {
        try {
            boolean sandboxed = false;
            long resident = 0;
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("Uid:")) {
                    sandboxed = line.split("\\s+")[1].equals(SANDBOX_UID);
                } else if (line.startsWith("VmRSS:")) {
                    resident = kilobytes(line) * 1024;
                }
            }
            return sandboxed ? 0 : resident;
        } catch (IOException processEnded) {
            return 0;
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    private static JsonNode run(String language, String source) {
        return CLIENT.run(language, source, "");
    }

    private static String verdict(JsonNode run) {
        return run.get("verdict").asText();
    }

    // ------------------------------------------------------------------------------------------- memory

    @Test
    void oneBigAllocationEndsAsMemoryLimit() {
        JsonNode python = run("python", "block = bytearray(2 * 1024 ** 3)\nprint(len(block))\n");
        assertThat(verdict(python)).as(python.toString()).isEqualTo("MEMORY_LIMIT");

        JsonNode cpp = run("cpp", """
                #include <vector>
                #include <iostream>
                int main() { std::vector<char> block(2000000000L, 1); std::cout << block[7] << std::endl; }
                """);
        assertThat(verdict(cpp)).as(cpp.toString()).isEqualTo("MEMORY_LIMIT");

        JsonNode java = run("java", """
                public class Main {
                    public static void main(String[] args) {
                        byte[][] blocks = new byte[2048][];
                        for (int i = 0; i < blocks.length; i++) blocks[i] = new byte[1024 * 1024];
                        System.out.println(blocks.length);
                    }
                }
                """);
        assertThat(verdict(java)).as(java.toString()).isEqualTo("MEMORY_LIMIT");
    }

    @Test
    void pythonChildrenThatShareOutMemoryCountTogether() {
        JsonNode run = run("python", """
                import os, time
                children = []
                for i in range(12):
                    pid = os.fork()
                    if pid == 0:
                        block = bytearray(200 * 1024 * 1024)
                        time.sleep(3)
                        os._exit(0)
                    children.append(pid)
                for pid in children:
                    os.waitpid(pid, 0)
                print("all done")
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("MEMORY_LIMIT");
        assertThat(run.get("memoryKb").asLong()).isLessThanOrEqualTo(262144);
    }

    @Test
    void cChildrenThatShareOutMemoryCountTogether() {
        JsonNode run = run("c", """
                #include <stdio.h>
                #include <stdlib.h>
                #include <unistd.h>
                #include <sys/wait.h>
                int main(void) {
                    for (int i = 0; i < 12; i++) {
                        if (fork() == 0) {
                            size_t n = 200u << 20;
                            volatile char *block = malloc(n);
                            if (!block) return 3;
                            for (size_t j = 0; j < n; j += 4096) block[j] = 1;
                            sleep(3);
                            return block[4096];
                        }
                    }
                    int status, killed = 0;
                    while (wait(&status) > 0) if (WIFSIGNALED(status)) killed++;
                    printf("children killed: %d\\n", killed);
                    return 0;
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("MEMORY_LIMIT");
    }

    @Test
    void javaAndJavaScriptChildProcessesCountTogether() {
        JsonNode java = run("java", """
                import java.util.ArrayList;
                import java.util.List;
                public class Main {
                    public static void main(String[] args) throws Exception {
                        if (args.length > 0) {
                            byte[] block = new byte[200 * 1024 * 1024];
                            java.util.Arrays.fill(block, (byte) 1);
                            Thread.sleep(3000);
                            System.out.println(block[7]);
                            return;
                        }
                        List<Process> children = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            children.add(new ProcessBuilder("java", "-Xmx600m", "-XX:+UseSerialGC", "-cp", ".", "Main",
                                    "child").inheritIO().start());
                        }
                        for (Process child : children) child.waitFor();
                        System.out.println("all done");
                    }
                }
                """);
        assertThat(verdict(java)).as(java.toString()).isEqualTo("MEMORY_LIMIT");

        JsonNode javascript = run("javascript", """
                const { spawn } = require('child_process');
                let done = 0;
                for (let i = 0; i < 4; i++) {
                  const child = spawn(process.execPath, ['-e',
                      'const b = Buffer.alloc(200 * 1024 * 1024, 1); setTimeout(() => console.log(b[7]), 3000)']);
                  child.on('exit', () => { if (++done === 4) console.log('all done'); });
                }
                """);
        assertThat(verdict(javascript)).as(javascript.toString()).isEqualTo("MEMORY_LIMIT");
    }

    // ------------------------------------------------------------------------------------------- files

    @Test
    void filesInTmpCountAsMemoryAndNeverReachTheHost() {
        JsonNode run = run("python", """
                n = 0
                while n < 200:
                    with open(f"/tmp/f{n}", "wb") as f:
                        f.write(b"x" * 15 * 1024 * 1024)
                    n += 1
                print("wrote", n * 15, "MB")
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("MEMORY_LIMIT");
    }

    @Test
    void aFileOverTheSizeLimitEndsTheProgramWithSigxfsz() {
        // the sandboxes set up ahead must hand programs SIGXFSZ (and SIGPIPE) as the kernel has them: a waiting
        // Python ignores both for itself, and an ignored signal would stay ignored across exec
        JsonNode run = run("c", """
                #include <stdio.h>
                #include <string.h>
                int main(void) {
                    static char block[1 << 20];
                    memset(block, 'x', sizeof block);
                    FILE *f = fopen("/tmp/big", "wb");
                    for (int i = 0; i < 32; i++) {
                        if (fwrite(block, 1, sizeof block, f) != sizeof block || fflush(f) != 0) {
                            printf("write %d failed instead", i);
                            return 0;
                        }
                    }
                    puts("wrote 32 MB");
                    return 0;
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("RUNTIME_ERROR");
        assertThat(run.get("stderr").asText()).contains("signal 25, SIGXFSZ: file size limit");
    }

    @Test
    void filesInTheWorkingFolderCountAsMemoryAndNeverReachTheHostDisk() {
        JsonNode run = run("c", """
                #include <stdio.h>
                #include <string.h>
                static char chunk[15 << 20];
                int main(void) {
                    memset(chunk, 'x', sizeof chunk);
                    char name[32];
                    for (int n = 0; n < 200; n++) {
                        snprintf(name, sizeof name, "f%d", n);
                        FILE *f = fopen(name, "wb");
                        if (!f || fwrite(chunk, 1, sizeof chunk, f) != sizeof chunk || fclose(f)) return 1;
                    }
                    puts("wrote 3000 MB");
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isIn("MEMORY_LIMIT");
    }

    @Test
    void nothingOutsideTmpShmAndTheWorkingFolderIsWritable() {
        JsonNode run = run("python", """
                for d in ["/", "/etc", "/usr", "/usr/bin", "/dev", "/proc", "/proc/sys/kernel", "/sys"]:
                    try:
                        with open(d + "/probe", "wb") as f:
                            f.write(b"x")
                        print("wrote", d)
                    except OSError as e:
                        print("denied", d)
                for d in ["/tmp", "/dev/shm", "/box"]:
                    with open(d + "/probe", "wb") as f:
                        f.write(b"x")
                print("scratch ok")
                """);

        assertThat(verdict(run)).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).doesNotContain("wrote").contains("denied /etc")
                .contains("scratch ok");
    }

    @Test
    void eachTestOfASubmissionStartsInAFreshFolderWithOnlyTheProgram() {
        // passes a test only if nothing from an earlier test (or the compiler) is in sight
        long id = CLIENT.submit("sum-of-two", "python", """
                import os
                leftovers = sorted(set(os.listdir(".")) - {"main.py"}) + os.listdir("/tmp") + os.listdir("/dev/shm")
                for d in [".", "/tmp", "/dev/shm"]:
                    with open(d + "/left-by-an-earlier-test", "w") as f:
                        f.write("x")
                a, b = map(int, input().split())
                print(a + b if not leftovers else "saw " + ",".join(leftovers))
                """);
        JsonNode judged = CLIENT.awaitJudged(id);
        assertThat(judged.get("verdict").asText()).as(judged.toString()).isEqualTo("OK");
        assertThat(judged.get("testsPassed").asInt()).isEqualTo(judged.get("testsTotal").asInt()).isGreaterThan(1);

        long compiled = CLIENT.submit("sum-of-two", "c", """
                #include <dirent.h>
                #include <stdio.h>
                #include <string.h>
                int main(void) {
                    DIR *box = opendir(".");
                    struct dirent *entry;
                    int others = 0;
                    while ((entry = readdir(box))) {
                        if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..") && strcmp(entry->d_name, "main")) others++;
                    }
                    fclose(fopen("left-by-an-earlier-test", "w"));
                    long long a, b;
                    if (scanf("%lld %lld", &a, &b) != 2) return 1;
                    if (others) printf("saw %d other files\\n", others); else printf("%lld\\n", a + b);
                }
                """);
        JsonNode judgedC = CLIENT.awaitJudged(compiled);
        assertThat(judgedC.get("verdict").asText()).as(judgedC.toString()).isEqualTo("OK");
    }

    // ------------------------------------------------------------------------------------------- processes, CPU

    @Test
    void forkBombEndsAsTimeLimit() {
        JsonNode run = run("c", """
                #include <unistd.h>
                int main(void) { for (;;) fork(); }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("TIME_LIMIT");
    }

    @Test
    void threadBombsAreHeldByTheProcessLimit() {
        JsonNode c = run("c", """
                #include <pthread.h>
                #include <unistd.h>
                static void *wait_forever(void *unused) { for (;;) pause(); return unused; }
                int main(void) { pthread_t thread; for (;;) pthread_create(&thread, 0, wait_forever, 0); }
                """);
        assertThat(verdict(c)).as(c.toString()).isEqualTo("TIME_LIMIT");

        JsonNode java = run("java", """
                public class Main {
                    public static void main(String[] args) {
                        int started = 0;
                        try {
                            while (true) {
                                Thread thread = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } });
                                thread.setDaemon(true);
                                thread.start();
                                started++;
                            }
                        } catch (OutOfMemoryError e) {
                            System.out.println("stopped after " + started + " threads: " + e.getMessage());
                        }
                    }
                }
                """);
        assertThat(verdict(java)).as(java.toString()).isEqualTo("OK");
        assertThat(java.get("stdout").asText()).contains("unable to create native thread");
    }

    @Test
    void cpuTimeSpreadOverProcessesCountsTogether() {
        // three children of 2.5 s each: every one under the 5 s limit, together over it
        JsonNode run = run("c", """
                #include <stdio.h>
                #include <time.h>
                #include <unistd.h>
                #include <sys/wait.h>
                static void spin(double seconds) {
                    clock_t end = clock() + (clock_t) (seconds * CLOCKS_PER_SEC);
                    volatile unsigned long i = 0;
                    while (clock() < end) i++;
                }
                int main(void) {
                    for (int i = 0; i < 3; i++) if (fork() == 0) { spin(2.5); return 0; }
                    while (wait(NULL) > 0) {}
                    puts("done");
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("TIME_LIMIT");
        assertThat(run.get("timeMillis").asLong()).isGreaterThanOrEqualTo(5000);
        assertThat(run.get("stdout").asText()).doesNotContain("done");
    }

    @Test
    void sleepingForeverEndsAsTimeLimitByTheWallClock() {
        JsonNode run = run("python", "import time\ntime.sleep(3600)\n");

        assertThat(verdict(run)).isEqualTo("TIME_LIMIT");
    }

    @Test
    void infiniteLoopEndsAsTimeLimit() {
        JsonNode run = run("c", "int main(void) { volatile unsigned long i = 0; for (;;) i++; }\n");

        assertThat(verdict(run)).isEqualTo("TIME_LIMIT");
    }

    // ------------------------------------------------------------------------------------------- the kernel's doors

    @Test
    void ptraceIsDenied() {
        JsonNode run = run("c", """
                #define _GNU_SOURCE
                #include <errno.h>
                #include <signal.h>
                #include <stdio.h>
                #include <string.h>
                #include <sys/ptrace.h>
                #include <unistd.h>
                int main(void) {
                    pid_t child = fork();
                    if (child == 0) { pause(); return 0; }
                    printf("attach child: %s\\n", ptrace(PTRACE_ATTACH, child, 0, 0) == 0 ? "allowed" : strerror(errno));
                    printf("attach init: %s\\n", ptrace(PTRACE_ATTACH, 1, 0, 0) == 0 ? "allowed" : strerror(errno));
                    printf("traceme: %s\\n", ptrace(PTRACE_TRACEME, 0, 0, 0) == 0 ? "allowed" : strerror(errno));
                    kill(child, SIGKILL);
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).doesNotContain("allowed").contains("attach child: Operation not permitted");
    }

    @Test
    void nestedNamespacesAreDenied() {
        JsonNode run = run("python", """
                import ctypes, os, subprocess
                libc = ctypes.CDLL(None, use_errno=True)
                for name, flag in [("user", 0x10000000), ("mount", 0x00020000), ("net", 0x40000000), ("pid", 0x20000000)]:
                    print("unshare", name, "allowed" if libc.unshare(flag) == 0 else "denied")
                for command in (["unshare", "-U", "-r", "id"], ["unshare", "-U", "id"]):
                    done = subprocess.run(command, capture_output=True, text=True)
                    print(" ".join(command), "allowed" if done.returncode == 0 else "denied")
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).doesNotContain("allowed").contains("unshare -U -r id denied");
    }

    @Test
    void signalsReachNothingOutsideTheSandbox() {
        JsonNode run = run("c", """
                #define _GNU_SOURCE
                #include <signal.h>
                #include <stdio.h>
                #include <unistd.h>
                int main(void) {
                    int reachable = 0;
                    for (pid_t pid = 2; pid < 65536; pid++) if (pid != getpid() && kill(pid, 0) == 0) reachable++;
                    kill(-1, SIGKILL);
                    printf("other processes reachable: %d\\n", reachable);
                }
                """);

        assertThat(verdict(run)).as(run.toString()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("other processes reachable: 0\n");
    }

    @Test
    void networkIsUnreachable() {
        JsonNode run = run("python", """
                import socket
                for host, port in [("127.0.0.1", 9080), ("127.0.0.1", 5432), ("127.0.0.1", 61616), ("8.8.8.8", 53)]:
                    try:
                        socket.create_connection((host, port), timeout=2).close()
                        print("connected", host, port)
                    except OSError as e:
                        print("refused", host, port)
                """);

        assertThat(run.get("stdout").asText()).doesNotContain("connected").contains("refused 127.0.0.1 9080");
    }

    @Test
    void agentEnvironmentAndHostFilesAreInvisible() {
        JsonNode run = run("python", """
                import os
                print("env", sorted(os.environ.keys()))
                for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
                    try:
                        with open("/proc/" + pid + "/environ", "rb") as f:
                            print("environ of", pid, f.read().replace(b"\\0", b" ").decode())
                    except OSError as e:
                        print("environ of", pid, "denied")
                for path in ["/etc/shadow", "/etc/passwd", "/root", "/home", "/work", "/sys/fs/cgroup",
                             "/dev/shm/codearena-runner", "/proc/1/root/etc/passwd"]:
                    try:
                        if os.path.isdir(path):
                            print(path, "listed", os.listdir(path))
                        else:
                            with open(path) as f:
                                print(path, "read", f.read()[:80])
                    except OSError as e:
                        print(path, "denied", type(e).__name__)
                print("uid", os.getuid())
                print("processes", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
                """);

        String out = run.get("stdout").asText();
        assertThat(verdict(run)).isEqualTo("OK");
        assertThat(out).doesNotContain("CODEARENA").doesNotContain("PASSWORD").doesNotContain("JAVA_HOME")
                .doesNotContain("seccomp").doesNotContain("listed ['runner");
        assertThat(out).contains("/etc/shadow denied").contains("/etc/passwd denied")
                .contains("/root denied").contains("/home denied").contains("/work denied")
                .contains("/sys/fs/cgroup denied").contains("/dev/shm/codearena-runner denied");
        assertThat(out).contains("environ of 1");
        assertThat(out).contains("uid 65534");
    }

    // ------------------------------------------------------------------------------------------- compilers, output

    @Test
    void compileTimeBombsEndAsCompileErrors() {
        JsonNode endlessInclude = run("c", "#include \"/dev/zero\"\nint main(void) { return 0; }\n");
        assertThat(verdict(endlessInclude)).as(endlessInclude.toString()).isEqualTo("COMPILE_ERROR");
        assertThat(endlessInclude.get("stderr").asText()).containsAnyOf("ran out of memory", "more output than allowed");

        JsonNode recursion = run("cpp", """
                template <int N> struct Deeper { static const int value = Deeper<N + 1>::value; };
                int main() { return Deeper<0>::value; }
                """);
        assertThat(verdict(recursion)).as(recursion.toString()).isEqualTo("COMPILE_ERROR");

        // javac overflows its own stack on deep nesting: the program's compile error, and the warm compiler goes on
        JsonNode deep = run("java", "public class Main { public static void main(String[] a) { int x = "
                + "(".repeat(20000) + "1" + ")".repeat(20000) + "; System.out.println(x); } }");
        assertThat(verdict(deep)).as(deep.toString()).isEqualTo("COMPILE_ERROR");
        assertThat(run("java", "public class Main { public static void main(String[] a) { System.out.println(7); } }")
                .get("stdout").asText()).isEqualTo("7\n");

        JsonNode exponential = run("cpp", """
                #include <utility>
                template <class T, int N> struct Grow { using type = typename Grow<std::pair<T, T>, N - 1>::type; };
                template <class T> struct Grow<T, 0> { using type = T; };
                int main() { Grow<int, 40>::type value{}; (void) value; }
                """);
        assertThat(verdict(exponential)).as(exponential.toString()).isEqualTo("COMPILE_ERROR");
        assertThat(exponential.get("stderr").asText()).containsAnyOf("took longer than allowed", "ran out of memory");
    }

    @Test
    void floodOfOutputEndsAsOutputLimit() {
        JsonNode stdout = run("python", "while True:\n    print('x' * 1000)\n");
        assertThat(verdict(stdout)).isEqualTo("OUTPUT_LIMIT");

        JsonNode stderr = run("c", """
                #include <stdio.h>
                int main(void) { for (;;) fputs("an error, again and again\\n", stderr); }
                """);
        assertThat(verdict(stderr)).isEqualTo("OUTPUT_LIMIT");
    }

    @Test
    void aSegmentationFaultSaysWhichSignal() {
        JsonNode run = run("c", "int main(void) { volatile int *p = 0; return *p; }\n");

        assertThat(verdict(run)).isEqualTo("RUNTIME_ERROR");
        assertThat(run.get("stderr").asText()).contains("signal 11").contains("SIGSEGV");
    }
}
