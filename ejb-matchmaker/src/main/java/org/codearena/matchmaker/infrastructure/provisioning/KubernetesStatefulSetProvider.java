package org.codearena.matchmaker.infrastructure.provisioning;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.codearena.matchmaker.application.scaling.RunnerProvider;

/**
 * Runner agents as the pods of a Kubernetes StatefulSet (deploy/kubernetes/runners.yaml): pod {@code NAME-k} is
 * the agent {@code NAME-k} (its runner.id is its pod name), so an agent keeps its name, its broker user and its
 * sandbox across restarts, like the launcher's slots. Starting one scales the set up by one; stopping one scales
 * it down by one, which removes the pod with the highest ordinal: that is the one the scaler drains
 * ({@link #victimAmong}). Restarting one deletes its pod, which the set makes again. Speaks to the API server with
 * the pod's service account (its CA read once; its token read for every call: Kubernetes rotates it), which needs
 * get and patch on {@code statefulsets/scale} and delete on {@code pods} in its namespace (servers.yaml's Role).
 */
public final class KubernetesStatefulSetProvider implements RunnerProvider {

    private static final Logger LOG = Logger.getLogger(KubernetesStatefulSetProvider.class.getName());
    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final URI api;
    private final String namespace;
    private final String statefulSet;
    private final int slots;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Pattern ordinal;

    public KubernetesStatefulSetProvider(URI api, String namespace, String statefulSet, int slots,
                                         Supplier<String> token, HttpClient http) {
        this.api = api;
        this.namespace = namespace;
        this.statefulSet = statefulSet;
        this.slots = slots;
        this.token = token;
        this.http = http;
        this.ordinal = Pattern.compile(Pattern.quote(statefulSet) + "-(\\d+)");
    }

    /** In a pod: the API server from the environment Kubernetes gives every pod, and the pod's service account. */
    public static KubernetesStatefulSetProvider inCluster(String statefulSet, int slots) {
        String host = System.getenv("KUBERNETES_SERVICE_HOST");
        String port = System.getenv().getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null || !Files.isReadable(SERVICE_ACCOUNT.resolve("token"))) {
            throw new IllegalStateException("not in a Kubernetes pod with a service account (KUBERNETES_SERVICE_HOST "
                    + "unset or " + SERVICE_ACCOUNT + "/token unreadable)");
        }
        try {
            String namespace = Files.readString(SERVICE_ACCOUNT.resolve("namespace")).strip();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .sslContext(trusting(SERVICE_ACCOUNT.resolve("ca.crt"))).build();
            return new KubernetesStatefulSetProvider(URI.create("https://" + (host.contains(":") ? "[" + host + "]" : host)
                    + ":" + port), namespace, statefulSet, slots, () -> read(SERVICE_ACCOUNT.resolve("token")), http);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the pod's service account: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    @Override
    public Set<String> running() {
        Set<String> ids = new TreeSet<>();
        int replicas = replicas();
        for (int k = 0; k < replicas; k++) {
            ids.add(statefulSet + "-" + k);
        }
        return ids;
    }

    @Override
    public Optional<String> start() {
        int replicas = replicas();
        if (replicas >= slots) {
            LOG.warning(() -> "event=scaler-no-free-slot provider=kubernetes replicas=" + replicas + " slots=" + slots
                    + " (raise codearena.scaler.slots, with a broker user and password for each new slot: docs/kubernetes.md, step 2)");
            return Optional.empty();
        }
        scaleTo(replicas + 1);
        return Optional.of(statefulSet + "-" + replicas);
    }

    @Override
    public void stop(String runnerId) {
        Optional<Integer> k = ordinalOf(runnerId);
        int replicas = replicas();
        if (k.isEmpty() || k.get() != replicas - 1) {
            // the set removes its last pod only; this one stays drained, and is the next to go once it is last
            LOG.warning(() -> "event=scaler-stop-skipped provider=kubernetes runnerId=" + runnerId + " replicas="
                    + replicas + " reason=\"a StatefulSet scales down from its last pod\"");
            return;
        }
        scaleTo(replicas - 1);
    }

    @Override
    public boolean restart(String runnerId) {
        if (!running().contains(runnerId)) {
            return false;
        }
        send(HttpRequest.newBuilder(api.resolve("/api/v1/namespaces/" + namespace + "/pods/" + runnerId)).DELETE(),
                "delete pod " + runnerId);
        return true;
    }

    /** The set scales down from its last pod: that is the one to drain. */
    @Override
    public Optional<String> victimAmong(Set<String> running) {
        return running.stream().filter(id -> ordinalOf(id).isPresent())
                .max(java.util.Comparator.comparing(id -> ordinalOf(id).orElseThrow()));
    }

    private int replicas() {
        String body = send(HttpRequest.newBuilder(scale()).GET(), "read the scale of statefulset " + statefulSet);
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            JsonObject scale = reader.readObject();
            return scale.getJsonObject("spec").getInt("replicas", 0);
        } catch (RuntimeException e) {
            throw new IllegalStateException("the API server's answer for the scale of statefulset " + statefulSet
                    + " is not a Scale: " + abbreviated(body), e);
        }
    }

    private void scaleTo(int replicas) {
        send(HttpRequest.newBuilder(scale()).header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":" + replicas + "}}")),
                "scale statefulset " + statefulSet + " to " + replicas);
        LOG.info(() -> "event=statefulset-scaled provider=kubernetes statefulset=" + statefulSet + " replicas=" + replicas);
    }

    private URI scale() {
        return api.resolve("/apis/apps/v1/namespaces/" + namespace + "/statefulsets/" + statefulSet + "/scale");
    }

    private String send(HttpRequest.Builder request, String what) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("could not " + what + ": the API server answered "
                        + response.statusCode() + " " + abbreviated(response.body())
                        + (response.statusCode() == 403 ? " (the service account needs servers.yaml's Role)" : ""));
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    private Optional<Integer> ordinalOf(String runnerId) {
        Matcher matcher = ordinal.matcher(runnerId);
        return matcher.matches() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }

    private static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static SSLContext trusting(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int n = 0;
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trusted.setCertificateEntry("ca-" + n++, (X509Certificate) certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
