package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hostile programs through the real runner agents: each is contained, and the runners keep working. */
class SandboxIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();

    @AfterEach
    void aNormalRunStillWorks() {
        JsonNode run = CLIENT.run("python", "print(input().upper())", "still alive");
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(run.get("stdout").asText()).isEqualTo("STILL ALIVE\n");
    }

    @Test
    void infiniteLoopEndsAsTimeLimit() {
        JsonNode run = CLIENT.run("c", "int main(void) { volatile unsigned long i = 0; for (;;) i++; }\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("TIME_LIMIT");
    }

    @Test
    void sleepingForeverEndsAsTimeLimitByTheWallClock() {
        JsonNode run = CLIENT.run("python", "import time\ntime.sleep(3600)\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("TIME_LIMIT");
    }

    @Test
    void allocatingTwoGigabytesEndsAsMemoryLimit() {
        JsonNode python = CLIENT.run("python", "block = bytearray(2 * 1024 ** 3)\nprint(len(block))\n", "");
        assertThat(python.get("verdict").asText()).as(python.toString()).isEqualTo("MEMORY_LIMIT");

        JsonNode cpp = CLIENT.run("cpp", """
                #include <vector>
                #include <iostream>
                int main() { std::vector<char> block(2000000000L, 1); std::cout << block[7] << std::endl; }
                """, "");
        assertThat(cpp.get("verdict").asText()).as(cpp.toString()).isEqualTo("MEMORY_LIMIT");

        JsonNode java = CLIENT.run("java", """
                public class Main {
                    public static void main(String[] args) {
                        byte[][] blocks = new byte[2048][];
                        for (int i = 0; i < blocks.length; i++) blocks[i] = new byte[1024 * 1024];
                        System.out.println(blocks.length);
                    }
                }
                """, "");
        assertThat(java.get("verdict").asText()).as(java.toString()).isEqualTo("MEMORY_LIMIT");
    }

    @Test
    void forkBombIsContained() {
        JsonNode run = CLIENT.run("c", """
                #include <unistd.h>
                int main(void) { for (;;) fork(); }
                """, "");

        assertThat(run.get("verdict").asText()).isIn("TIME_LIMIT", "RUNTIME_ERROR");
    }

    @Test
    void networkIsUnreachable() {
        JsonNode run = CLIENT.run("python", """
                import socket
                for host, port in [("127.0.0.1", 9080), ("127.0.0.1", 5432), ("127.0.0.1", 61616), ("8.8.8.8", 53)]:
                    try:
                        socket.create_connection((host, port), timeout=2).close()
                        print("connected", host, port)
                    except OSError as e:
                        print("refused", host, port)
                """, "");

        assertThat(run.get("stdout").asText()).doesNotContain("connected").contains("refused 127.0.0.1 9080");
    }

    @Test
    void agentEnvironmentAndHostFilesAreInvisible() {
        JsonNode run = CLIENT.run("python", """
                import os
                print("env", sorted(os.environ.keys()))
                for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
                    try:
                        with open("/proc/" + pid + "/environ", "rb") as f:
                            print("environ of", pid, f.read().replace(b"\\0", b" ").decode())
                    except OSError as e:
                        print("environ of", pid, "denied")
                for path in ["/etc/shadow", "/etc/passwd", "/root", "/home", "/work"]:
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
                """, "");

        String out = run.get("stdout").asText();
        assertThat(run.get("verdict").asText()).isEqualTo("OK");
        assertThat(out).doesNotContain("CODEARENA").doesNotContain("PASSWORD").doesNotContain("JAVA_HOME");
        assertThat(out).contains("/etc/shadow denied").contains("/etc/passwd denied")
                .contains("/root denied").contains("/home denied").contains("/work denied");
        assertThat(out).contains("environ of 1");
        assertThat(out).contains("uid 65534");
    }

    @Test
    void floodOfOutputEndsAsOutputLimit() {
        JsonNode run = CLIENT.run("python", "while True:\n    print('x' * 1000)\n", "");

        assertThat(run.get("verdict").asText()).isEqualTo("OUTPUT_LIMIT");
    }
}
