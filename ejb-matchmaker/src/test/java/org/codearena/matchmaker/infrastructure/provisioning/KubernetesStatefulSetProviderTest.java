package org.codearena.matchmaker.infrastructure.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The provider against an HTTP server that answers as the Kubernetes API server does for a StatefulSet's scale
 * subresource and for deleting a pod (the requests and answers of the apps/v1 and core v1 APIs): what it asks,
 * with which token and content type, and what it makes of the answers.
 */
class KubernetesStatefulSetProviderTest {

    private static final Pattern REPLICAS = Pattern.compile("\"replicas\":(\\d+)");

    private HttpServer apiServer;
    private volatile int replicas = 2;
    private volatile int status = 200;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private KubernetesStatefulSetProvider provider;

    @BeforeEach
    void anApiServer() throws IOException {
        apiServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        apiServer.createContext("/apis/apps/v1/namespaces/arena/statefulsets/codearena-runner/scale", this::scale);
        apiServer.createContext("/api/v1/namespaces/arena/pods/", exchange -> {
            record(exchange, "");
            answer(exchange, status, "{\"kind\":\"Pod\"}");
        });
        apiServer.start();
        provider = new KubernetesStatefulSetProvider(URI.create("http://127.0.0.1:" + apiServer.getAddress().getPort()),
                "arena", "codearena-runner", 4, () -> "the-token", HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        apiServer.stop(0);
    }

    private void scale(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        record(exchange, body);
        if (status != 200) {
            answer(exchange, status, "{\"kind\":\"Status\",\"message\":\"statefulsets.apps \\\"codearena-runner\\\" is "
                    + "forbidden\",\"code\":" + status + "}");
            return;
        }
        if (exchange.getRequestMethod().equals("PATCH")) {
            // a patch without replicas changes nothing here; the test sees its body in the requests
            Matcher wanted = REPLICAS.matcher(body);
            if (wanted.find()) {
                replicas = Integer.parseInt(wanted.group(1));
            }
        }
        answer(exchange, 200, "{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":"
                + "\"codearena-runner\",\"namespace\":\"arena\"},\"spec\":{\"replicas\":" + replicas + "},\"status\":"
                + "{\"replicas\":" + replicas + ",\"selector\":\"app=codearena-runner\"}}");
    }

    private void record(HttpExchange exchange, String body) {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " "
                + exchange.getRequestHeaders().getFirst("Content-Type") + " " + body);
    }

    private static void answer(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void theAgentsAreThePodsOfTheSet() {
        assertThat(provider.running()).containsExactly("codearena-runner-0", "codearena-runner-1");
        assertThat(requests).containsExactly(
                "GET /apis/apps/v1/namespaces/arena/statefulsets/codearena-runner/scale Bearer the-token null ");
    }

    @Test
    void startingOneScalesUpByOneAndNamesTheNewPod() {
        assertThat(provider.start()).contains("codearena-runner-2");
        assertThat(replicas).isEqualTo(3);
        assertThat(requests).last().isEqualTo("PATCH /apis/apps/v1/namespaces/arena/statefulsets/codearena-runner/scale"
                + " Bearer the-token application/merge-patch+json {\"spec\":{\"replicas\":3}}");
    }

    @Test
    void noMoreThanTheSlots() {
        replicas = 4;
        assertThat(provider.start()).isEmpty();
        assertThat(requests).noneMatch(request -> request.startsWith("PATCH"));
    }

    @Test
    void theLastPodIsTheOneToDrainAndStoppingItScalesDown() {
        replicas = 3;
        assertThat(provider.victimAmong(Set.of("codearena-runner-0", "codearena-runner-2", "codearena-runner-1",
                "codearena-runner-10-not-ours"))).contains("codearena-runner-2");
        provider.stop("codearena-runner-2");
        assertThat(replicas).isEqualTo(2);
    }

    @Test
    void anyOtherPodIsNotStoppedByScalingDown() {
        replicas = 3;
        provider.stop("codearena-runner-0");
        assertThat(replicas).isEqualTo(3);
        assertThat(requests).noneMatch(request -> request.startsWith("PATCH"));
    }

    @Test
    void restartingOneDeletesItsPod() {
        assertThat(provider.restart("codearena-runner-1")).isTrue();
        assertThat(requests).last().asString().startsWith("DELETE /api/v1/namespaces/arena/pods/codearena-runner-1 Bearer the-token");
        assertThat(provider.restart("codearena-runner-7")).as("not one of the set's pods now").isFalse();
    }

    @Test
    void aRefusalSaysWhatWasTriedAndWhatIsMissing() {
        status = 403;
        assertThatThrownBy(() -> provider.start()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read the scale of statefulset codearena-runner")
                .hasMessageContaining("403").hasMessageContaining("servers.yaml's Role");
    }
}
