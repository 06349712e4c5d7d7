package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The deployment an operator does: the README's block, pasted as it stands, onto a stock Open Liberty (the runtime
 * zip the build uses, unpacked fresh), against the running platform's PostgreSQL and broker. The server it makes
 * becomes ready and serves the API; with the driver under its Maven name it refuses to start and says why.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackagedServerIT {

    private static final Path WLP = Path.of(System.getProperty("codearena.stock.liberty", "target/stock-liberty/wlp"));
    private static final Path SERVER = WLP.resolve("usr/servers/codearena");
    private static final Path DRIVER = SERVER.resolve("resources/postgresql.jar");
    private static final Path MAVEN_NAMED_DRIVER = SERVER.resolve("resources/postgresql-42.7.4.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int httpPort;
    private static String url;

    @BeforeAll
    static void pasteTheReadmesDeploySection() throws Exception {
        assertThat(WLP.resolve("bin/server")).as("the stock runtime (system-tests' pom unpacks it)").exists();
        stop();
        deleteTree(SERVER);
        httpPort = freePort();
        url = "http://localhost:" + httpPort + "/";

        String script = withThisMachinesValues(readmeDeployBlock());
        Process paste = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(Platform.ROOT.toFile()).redirectErrorStream(true).start();
        String output = new String(paste.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(paste.waitFor(120, TimeUnit.SECONDS)).as("the README's block finished").isTrue();
        assertThat(paste.exitValue()).as("the README's block, run as pasted:\n%s\n%s", script, output).isZero();
    }

    @AfterAll
    static void stopTheServer() throws Exception {
        stop();
        if (Files.exists(MAVEN_NAMED_DRIVER)) {
            Files.move(MAVEN_NAMED_DRIVER, DRIVER);
        }
    }

    @Test
    @Order(1)
    void theServerBecomesReadyAndServesTheApi() throws IOException {
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(status("health/ready")).as("%shealth/ready (log: %s)", url, messagesLog()).isEqualTo(200));

        HttpResponse<String> languages = get("api/v1/languages");
        assertThat(languages.statusCode()).isEqualTo(200);
        assertThat(languages.body()).contains("\"python\"");
        assertThat(messagesLog()).contains("event=server-resources-present").doesNotContain("deployment-incomplete");
    }

    @Test
    @Order(2)
    void aDriverUnderItsMavenNameStopsTheApplicationWithTheReason() throws Exception {
        stop();
        Files.move(DRIVER, MAVEN_NAMED_DRIVER);
        run(WLP.resolve("bin/server").toString(), "start", "codearena");

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(messagesLog()).contains("event=deployment-incomplete"));

        String said = messagesLog().lines().filter(line -> line.contains("event=deployment-incomplete"))
                .findFirst().orElseThrow();
        assertThat(said).contains("CodeArena cannot start: the PostgreSQL driver is not at " + DRIVER)
                .contains("found " + MAVEN_NAMED_DRIVER + " instead: rename it to postgresql.jar.");
        assertThat(said).as("said once, though both data sources need it")
                .containsOnlyOnce("the PostgreSQL driver is not at");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(status("health/ready")).isEqualTo(503));
    }

    /** The first sh block of the README's section on deploying to an existing Liberty. */
    private static String readmeDeployBlock() throws IOException {
        String readme = Files.readString(Platform.ROOT.resolve("README.md"));
        int section = readme.indexOf("## Deploying the EAR to an existing Liberty");
        assertThat(section).as("the README's deploy section").isNotNegative();
        int start = readme.indexOf("```sh\n", section) + "```sh\n".length();
        return readme.substring(start, readme.indexOf("```\n", start));
    }

    /**
     * The block with this machine's values where it has an operator's: the runtime's folder for WLP, the running
     * platform's database and broker for the example hosts and passwords, and free ports (the platform has 9080).
     */
    private static String withThisMachinesValues(String block) {
        URI db = URI.create(System.getProperty("codearena.db.url").substring("jdbc:".length()));
        URI replica = URI.create(System.getProperty("codearena.replica.url").substring("jdbc:".length()));
        URI broker = URI.create(System.getProperty("codearena.broker.url"));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("CODEARENA_DB_HOST", db.getHost());
        values.put("CODEARENA_DB_PORT", String.valueOf(db.getPort()));
        values.put("CODEARENA_DB_PASSWORD", System.getProperty("codearena.db.password"));
        values.put("CODEARENA_REPLICA_HOST", replica.getHost());
        values.put("CODEARENA_REPLICA_PORT", String.valueOf(replica.getPort()));
        values.put("CODEARENA_BROKER_HOST", broker.getHost());
        values.put("CODEARENA_BROKER_PORT", String.valueOf(broker.getPort()));
        values.put("CODEARENA_BROKER_PASSWORD", System.getProperty("codearena.broker.password"));
        values.put("CODEARENA_MAIL_HOST", "127.0.0.1");
        values.put("CODEARENA_HTTP_PORT", String.valueOf(httpPort));
        values.put("CODEARENA_HTTPS_PORT", String.valueOf(freePort()));

        assertThat(block).as("the block sets WLP").containsPattern("(?m)^WLP=\\S+");
        String script = block.replaceFirst("(?m)^WLP=\\S+", Matcher.quoteReplacement("WLP='" + WLP + "'"));
        List<String> lines = new ArrayList<>();
        Pattern setting = Pattern.compile("^(CODEARENA_[A-Z_]+)=.*$");
        for (String line : script.split("\n", -1)) {
            Matcher matcher = setting.matcher(line);
            if (matcher.matches() && values.containsKey(matcher.group(1))) {
                lines.add(matcher.group(1) + "=" + values.remove(matcher.group(1)));
            } else if (line.equals("EOF")) {
                values.forEach((name, value) -> lines.add(name + "=" + value));
                values.clear();
                lines.add(line);
            } else {
                lines.add(line);
            }
        }
        assertThat(values).as("every value went into the block's server.env").isEmpty();
        return String.join("\n", lines);
    }

    private static int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return 0;
        }
    }

    private static HttpResponse<String> get(String path) throws IOException {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String messagesLog() throws IOException {
        Path log = SERVER.resolve("logs/messages.log");
        return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
    }

    private static void stop() throws IOException, InterruptedException {
        if (Files.isDirectory(SERVER)) {
            run(WLP.resolve("bin/server").toString(), "stop", "codearena");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Platform.run(120, command);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
