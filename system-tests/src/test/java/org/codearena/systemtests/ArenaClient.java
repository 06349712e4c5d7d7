package org.codearena.systemtests;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** A client of the public API, as any program outside the platform would use it. */
public final class ArenaClient {

    public static final String BASE_URL = System.getProperty("codearena.url", "http://localhost:9080/");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public record Reply(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
    }

    private static final String PASSWORD = "correct horse 1";
    private String token;
    private String username;
    private String baseUrl = BASE_URL;

    /** The same person, talking to another server of the platform (e.g. http://localhost:9081/). */
    public ArenaClient at(String otherBaseUrl) {
        ArenaClient other = new ArenaClient();
        other.token = token;
        other.username = username;
        other.baseUrl = otherBaseUrl;
        return other;
    }

    public String token() {
        return token;
    }

    /** The name this client signed up with ({@link #signedUp}); its password is that of every test account. */
    public String username() {
        return username;
    }

    public String password() {
        return PASSWORD;
    }

    /** A fresh name that ends in a letter (a name ending in digits belongs to the family of its base). */
    public static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "z";
    }

    /** Signs up a fresh person and logs in with a token. */
    public static ArenaClient signedUp() {
        ArenaClient client = new ArenaClient();
        String username = uniqueName("u");
        Reply created = client.post("api/v1/accounts",
                Map.of("username", username, "email", username + "@example.org", "password", PASSWORD));
        if (created.status() != 201) {
            throw new IllegalStateException("sign-up failed: " + created);
        }
        Reply token = client.post("api/v1/auth/token", Map.of("username", username, "password", PASSWORD));
        client.token = token.body().get("token").asText();
        client.username = username;
        return client;
    }

    /** This client, logged in with a token as the given person. */
    public ArenaClient loggedIn(String username, String password) {
        Reply token = post("api/v1/auth/token", Map.of("username", username, "password", password));
        if (token.status() != 200) {
            throw new IllegalStateException("login failed: " + token);
        }
        this.token = token.body().get("token").asText();
        return this;
    }

    public Reply delete(String path, Object body) {
        try {
            return send(request(path).method("DELETE",
                    HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply post(String path, Object body) {
        try {
            return send(request(path).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply put(String path, Object body) {
        try {
            return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Reply postRaw(String path, String body) {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply get(String path) {
        return send(request(path).GET());
    }

    /** A POST with a binary body (a ZIP upload) of the given content type. */
    public Reply postBytes(String path, byte[] body, String contentType) {
        return send(request(path).setHeader("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A GET whose answer is bytes (a download), with its status. */
    public byte[] getBytes(String path) {
        try {
            HttpResponse<byte[]> response = HTTP.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json");
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static Reply send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // leave body null; raw shows what came
            }
            return new Reply(response.statusCode(), body, response.body(), response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Submits a run and waits until it is FINISHED; returns the finished run. */
    public JsonNode run(String language, String source, String stdin) {
        Reply accepted = post("api/v1/runs", Map.of("language", language, "source", source, "stdin", stdin));
        if (accepted.status() != 202) {
            throw new IllegalStateException("run not accepted: " + accepted);
        }
        return awaitFinished(accepted.body().get("id").asLong());
    }

    /** A run, its result polled every 10 ms: for measuring how soon the platform answers. */
    public JsonNode runPromptly(String language, String source, String stdin) {
        Reply accepted = post("api/v1/runs", Map.of("language", language, "source", source, "stdin", stdin));
        if (accepted.status() != 202) {
            throw new IllegalStateException("run not accepted: " + accepted);
        }
        return awaitFinished(accepted.body().get("id").asLong(), Duration.ofMillis(10));
    }

    public JsonNode awaitFinished(long runId) {
        return awaitFinished(runId, Duration.ofMillis(200));
    }

    private JsonNode awaitFinished(long runId, Duration pollInterval) {
        AtomicReference<JsonNode> finished = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollDelay(Duration.ZERO).pollInterval(pollInterval).until(() -> {
            Reply reply = get("api/v1/runs/" + runId);
            if (reply.status() == 200 && "FINISHED".equals(reply.body().get("status").asText())) {
                finished.set(reply.body());
                return true;
            }
            return false;
        });
        return finished.get();
    }

    /**
     * Gives this client's account a role (ADMIN, RECRUITER) in PostgreSQL, as {@code ./arena grant} does. A
     * token is checked on every request, so the role counts from the next one.
     */
    public ArenaClient grant(String role) {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement update = connection.prepareStatement(
                     "update account set roles = case when roles = '' then ? else roles || ',' || ? end where username = ?")) {
            update.setString(1, role);
            update.setString(2, role);
            update.setString(3, username);
            if (update.executeUpdate() != 1) {
                throw new IllegalStateException("no account " + username);
            }
            return this;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes this client's account look two days old (past the stricter limits for new accounts). */
    public ArenaClient aged() {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement update = connection.prepareStatement(
                     "update account set created_at = now() - interval '2 days' where username = ?")) {
            update.setString(1, username);
            update.executeUpdate();
            return this;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Submits a solution to a task (practice); returns the submission id. */
    public long submit(String task, String language, String source) {
        Reply accepted = post("api/v1/submissions", Map.of("task", task, "language", language, "source", source));
        if (accepted.status() != 202) {
            throw new IllegalStateException("submission not accepted: " + accepted);
        }
        return accepted.body().get("id").asLong();
    }

    /** Waits until the submission is JUDGED (scored); returns it, tests and all. */
    public JsonNode awaitJudged(long submissionId) {
        AtomicReference<JsonNode> judged = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Reply reply = get("api/v1/submissions/" + submissionId);
            if (reply.status() == 200 && "JUDGED".equals(reply.body().get("status").asText())) {
                judged.set(reply.body());
                return true;
            }
            return false;
        });
        return judged.get();
    }

    /** A candidate's personal token from the answer to an invitation (POST .../invitations). */
    static String invitationToken(Reply invited, String email) {
        for (JsonNode link : invited.body().get("links")) {
            if (link.get("email").asText().equals(email)) {
                String url = link.get("link").asText();
                return url.substring(url.indexOf("token=") + 6);
            }
        }
        throw new AssertionError("no link for " + email + " in " + invited.raw());
    }
}
