package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runner agents as if on hosts of their own (./arena up --agents-netns): each in a network namespace the launcher
 * makes, joined to the host by a veth pair on a bridge, reaching the broker only over that network path. Runs are
 * executed there as anywhere; the namespaces, links and bridge are gone after the agents are stopped.
 */
class AgentNamespacesIT {

    private static final List<Integer> AGENTS = List.of(1, 2);

    @BeforeAll
    static void agentsInNamespacesOfTheirOwn() throws IOException, InterruptedException {
        Platform.arena("up", "--agents-netns");
    }

    @AfterAll
    static void agentsBackOnTheHost() throws IOException, InterruptedException {
        for (int agent : AGENTS) {
            Platform.arena("down", "runner-" + agent);
        }
        String namespaces = run("ip", "netns", "list");
        Platform.arena("up");
        assertThat(namespaces).as("the launcher tore its namespaces down").doesNotContain("arena-runner-");
        // the kernel lets a namespace's links go once nothing runs in it any more: a moment after the agent's end
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(run("ip", "-o", "link", "show")).as("and the bridge and veth pairs")
                        .doesNotContain("arena0").doesNotContain("arv-"));
    }

    @Test
    void eachAgentReachesTheBrokerOnlyOverItsOwnNetworkPath() throws Exception {
        String hostNamespace = Files.readSymbolicLink(Path.of("/proc/self/ns/net")).toString();
        for (int agent : AGENTS) {
            long pid = Platform.pid("runner-" + agent);
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString())
                    .as("runner-%d's network namespace", agent).isNotEqualTo(hostNamespace);
            String inside = "--net=/run/netns/arena-runner-" + agent;
            // its connections: to the broker at the bridge's address, nothing on loopback
            // (up waits for one agent to be ready, not for every one: the other may still be connecting)
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(run("nsenter", inside, "ss", "-Htn", "state", "established"))
                            .as("runner-%d's TCP connections", agent).containsPattern("10\\.203\\.0\\.1\\]?:61616")
                            .doesNotContain("127.0.0.1:"));
            // the host's loopback services (the broker's own address, PostgreSQL) are not there to be reached
            assertThat(exitStatus("nsenter", inside, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/61616"))
                    .as("runner-%d connecting to 127.0.0.1:61616", agent).isNotZero();
            assertThat(exitStatus("nsenter", inside, "bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/5432"))
                    .as("runner-%d connecting to PostgreSQL", agent).isNotZero();
        }
    }

    @Test
    void runsAreExecutedByTheAgentsInTheirNamespaces() {
        ArenaClient person = ArenaClient.signedUp();
        for (int i = 0; i < 4; i++) {
            JsonNode python = person.run("python", "print(6 * " + i + ")", "");
            assertThat(python.get("verdict").asText()).isEqualTo("OK");
            assertThat(python.get("stdout").asText()).isEqualTo(6 * i + "\n");
        }
        JsonNode java = person.run("java", """
                public class Main { public static void main(String[] a) { System.out.println("from a namespace"); } }
                """, "");
        assertThat(java.get("verdict").asText()).isEqualTo("OK");
        assertThat(java.get("stdout").asText()).isEqualTo("from a namespace\n");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return Platform.run(30, command).output();
    }

    private static int exitStatus(String... command) throws IOException, InterruptedException {
        return Platform.run(30, command).status();
    }
}
