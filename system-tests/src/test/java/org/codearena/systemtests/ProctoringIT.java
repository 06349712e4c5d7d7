package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Proctoring through the API, as the candidate's page uses it: the candidate agrees before Start, then snapshots
 * (JPEGs) and batches of events are uploaded while the time runs; each is queued through the broker and written
 * to the store and the database once, however often it is sent; the recruiter's timeline shows them with the
 * submissions and a summary; the candidate can read what was recorded of them. Bad uploads get a 4xx that says
 * what to send.
 */
class ProctoringIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static byte[] jpeg(Color colour) {
        BufferedImage image = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        graphics.setColor(colour);
        graphics.fillRect(0, 0, 320, 240);
        graphics.setColor(Color.WHITE);
        graphics.fillOval(110, 60, 100, 120);
        graphics.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An upload as the page sends it: its key in X-Proctoring-Key, no login. */
    private static HttpResponse<byte[]> upload(String key, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            request.header("X-Proctoring-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static HttpResponse<byte[]> events(String key, List<Map<String, Object>> events) throws Exception {
        return upload(key, "api/v1/proctoring/events", "application/json",
                new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Map.of("events", events)));
    }

    private static byte[] download(ArenaClient client, String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                        + path.replaceFirst("^/", ""))).header("Authorization", "Bearer " + client.token()).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("private");
        return response.body();
    }

    private static String snapshotPath(String kind, String id, Instant at) {
        return "api/v1/proctoring/snapshots?kind=" + kind + "&id=" + id + "&takenAt=" + at;
    }

    private static Map<String, Object> event(String id, String kind, Instant at, Long durationMs, Integer size) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("id", id);
        event.put("kind", kind);
        event.put("at", at.toString());
        if (durationMs != null) {
            event.put("durationMs", durationMs);
        }
        if (size != null) {
            event.put("size", size);
        }
        return event;
    }

    @Test
    void snapshotsAndEventsArriveOnceAndMakeTheRecruitersTimeline() throws Exception {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Proctored round",
                "tasks", List.of("sum-of-two"), "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(2)).toString(),
                "proctoring", Map.of("mode", "WEBCAM", "snapshotSeconds", 10, "retentionDays", 7)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.body().get("proctoring").get("recorded").asText())
                .contains("webcam snapshots every 10 s", "kept 7 days");
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", "watched@example.org", "sendEmail", false));
        String token = ArenaClient.invitationToken(invited, "watched@example.org");
        ArenaClient candidate = ArenaClient.signedUp();

        JsonNode before = candidate.get("api/v1/invitations/" + token).body();
        assertThat(before.get("proctoring").get("mode").asText()).isEqualTo("WEBCAM");
        assertThat(before.get("proctoring").get("consentedAt").isNull()).isTrue();
        Reply noConsent = candidate.post("api/v1/invitations/" + token + "/start", Map.of());
        assertThat(noConsent.status()).isEqualTo(409);
        assertThat(noConsent.body().get("error").asText()).contains("proctored", "agree to it first");
        assertThat(before.get("proctoring").has("uploadKey")).as("no upload key before Start").isFalse();

        // someone else with the link agrees: that does not let the candidate start without agreeing themselves
        assertThat(ArenaClient.signedUp().post("api/v1/invitations/" + token + "/proctoring/consent", Map.of())
                .status()).isEqualTo(200);
        assertThat(candidate.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(409);
        assertThat(candidate.post("api/v1/invitations/" + token + "/proctoring/consent", Map.of()).status())
                .isEqualTo(200);
        Reply started = candidate.post("api/v1/invitations/" + token + "/start", Map.of());
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        assertThat(started.body().get("proctoring").get("consentedAt").isNull()).isFalse();
        Instant startedAt = Instant.parse(started.body().get("startedAt").asText());
        String key = started.body().get("proctoring").get("uploadKey").asText();

        // three webcam snapshots, the second sent twice (a retry after a lost answer)
        byte[] first = jpeg(new Color(40, 90, 160));
        String[] ids = {UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString()};
        for (int i = 0; i < 3; i++) {
            byte[] image = i == 0 ? first : jpeg(new Color(60 + 40 * i, 120, 80));
            int times = i == 1 ? 2 : 1;
            for (int t = 0; t < times; t++) {
                HttpResponse<byte[]> sent = upload(key, snapshotPath("webcam", ids[i], startedAt.plusSeconds(10L * i + 1)),
                        "image/jpeg", image);
                assertThat(sent.statusCode()).as(new String(sent.body())).isEqualTo(202);
            }
        }
        // the bad ones, each with a message
        assertThat(new String(upload(key, snapshotPath("screen", "s1", startedAt.plusSeconds(2)), "image/jpeg", first)
                .body())).contains("does not ask for the screen");
        HttpResponse<byte[]> png = upload(key, snapshotPath("webcam", "p1", startedAt.plusSeconds(2)), "image/jpeg",
                new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        assertThat(png.statusCode()).isEqualTo(400);
        assertThat(new String(png.body())).contains("not a JPEG");
        HttpResponse<byte[]> huge = upload(key, snapshotPath("webcam", "h1", startedAt.plusSeconds(2)), "image/jpeg",
                new byte[600_000]);
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(new String(huge.body())).contains("smaller JPEG");
        HttpResponse<byte[]> badTime = upload(key, snapshotPath("webcam", "t1", startedAt.minus(Duration.ofDays(1))),
                "image/jpeg", first);
        assertThat(badTime.statusCode()).isEqualTo(400);
        assertThat(new String(badTime.body())).contains("outside the candidate's time");
        HttpResponse<byte[]> noKey = upload(null, snapshotPath("webcam", "k1", startedAt.plusSeconds(2)), "image/jpeg",
                first);
        assertThat(noKey.statusCode()).as("no key (a plain form of another site)").isIn(403);
        // a key changed by hand (another candidate's invitation) does not verify
        String[] parts = key.split("\\.");
        parts[1] = String.valueOf(Long.parseLong(parts[1]) + 1);
        HttpResponse<byte[]> forged = upload(String.join(".", parts), snapshotPath("webcam", "f1",
                startedAt.plusSeconds(2)), "image/jpeg", first);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(new String(forged.body())).contains("upload key is not valid", "reload the assessment page");

        // events: the tab left twice, a large and a small paste, full screen left; the batch sent twice
        List<Map<String, Object>> events = List.of(
                event("e1", "TAB_AWAY", startedAt.plusSeconds(20), 40_000L, null),
                event("e2", "PASTE", startedAt.plusSeconds(30), null, 500),
                event("e3", "PASTE", startedAt.plusSeconds(31), null, 20),
                event("e4", "TAB_AWAY", startedAt.plusSeconds(60), 150_000L, null),
                event("e5", "FULLSCREEN_EXIT", startedAt.plusSeconds(61), null, null));
        for (int t = 0; t < 2; t++) {
            HttpResponse<byte[]> sent = events(key, events);
            assertThat(sent.statusCode()).as(new String(sent.body())).isEqualTo(202);
            assertThat(new String(sent.body())).contains("\"queued\":5");
        }
        HttpResponse<byte[]> badKind = events(key, List.of(event("x1", "LOOKED_AWAY", startedAt.plusSeconds(5), null,
                null)));
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(new String(badKind.body())).contains("TAB_AWAY", "PASTE");
        Reply submitted = candidate.post("api/v1/invitations/" + token + "/submissions", Map.of("task", "sum-of-two",
                "language", "python", "source", "a, b = map(int, input().split())\nprint(a + b)\n"));
        assertThat(submitted.status()).isEqualTo(202);

        // the recruiter's timeline, once the broker's consumer has written everything down
        long candidateId = recruiter.get("api/v1/assessments/" + id + "/candidates").body().get(0).get("id").asLong();
        String timelinePath = "api/v1/assessments/" + id + "/candidates/" + candidateId + "/proctoring";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode timeline = recruiter.get(timelinePath).body();
            assertThat(timeline.get("snapshots")).hasSize(3);
            assertThat(timeline.get("events")).hasSize(5);
        });
        JsonNode timeline = recruiter.get(timelinePath).body();
        assertThat(timeline.get("summary").get("text").asText()).isEqualTo("left the tab 2 times, 3 min 10 s in all; "
                + "1 large paste (500 characters); 1 small paste; left full screen once; 3 webcam snapshots");
        assertThat(timeline.get("submissions")).hasSize(1);
        assertThat(timeline.get("submissions").get(0).get("task").asText()).isEqualTo("sum-of-two");
        assertThat(timeline.get("consentedAt").isNull()).isFalse();
        JsonNode firstSnapshot = timeline.get("snapshots").get(0);
        assertThat(firstSnapshot.get("kind").asText()).isEqualTo("WEBCAM");
        assertThat(download(recruiter, firstSnapshot.get("image").asText())).isEqualTo(first);
        assertThat(ArenaClient.signedUp().grant("RECRUITER").get(timelinePath).status())
                .as("another recruiter").isEqualTo(404);

        // the candidate's own copy (a data request), images included
        JsonNode mine = candidate.get("api/v1/invitations/" + token + "/proctoring").body();
        assertThat(mine.get("snapshots")).hasSize(3);
        assertThat(mine.get("summary").get("text").asText()).isEqualTo(timeline.get("summary").get("text").asText());
        assertThat(download(candidate, mine.get("snapshots").get(0).get("image").asText())).isEqualTo(first);

        // the images are in the store: one file per snapshot, none left half-written
        Path stored = Platform.STATE.resolve("proctoring/assessment-" + id);
        assertThat(files(stored)).hasSize(3).allSatisfy(file -> assertThat(file.toString()).endsWith(".jpg"));

        // seven days (the retention) after the assessment closed, the retention job deletes images and rows
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        Reply kept = admin.post("api/v1/admin/schedule/proctoring-retention/run", Map.of());
        assertThat(kept.status()).as(kept.raw()).isEqualTo(200);
        assertThat(files(stored)).as("still inside its retention period").hasSize(3);
        Platform.updatePrimary("update assessment set opens_at = now() - interval '9 days', closes_at = now() - "
                + "interval '8 days' where id = ?", id);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Reply ran = admin.post("api/v1/admin/schedule/proctoring-retention/run", Map.of());
            // the snapshots are listed from the replica: a run before it has the new closing time deletes none
            assertThat(ran.body().get("detail").asText()).contains("deleted 3 snapshots");
        });
        assertThat(files(stored)).isEmpty();
        JsonNode after = recruiter.get(timelinePath).body();
        assertThat(after.get("snapshots")).isEmpty();
        assertThat(after.get("events")).isEmpty();
        assertThat(after.get("summary").get("text").asText()).isEqualTo("nothing recorded");
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    @Test
    void theScreenIsRecordedWhereTheRecruiterAsksForIt() throws Exception {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Screen round", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(2)).toString(),
                "proctoring", Map.of("mode", "WEBCAM_AND_SCREEN")));
        assertThat(created.body().get("proctoring").get("recorded").asText())
                .contains("webcam and screen snapshots every 30 s", "kept 30 days");
        long id = created.body().get("id").asLong();
        String token = ArenaClient.invitationToken(recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", "screen@example.org", "sendEmail", false)), "screen@example.org");
        ArenaClient candidate = ArenaClient.signedUp();
        candidate.post("api/v1/invitations/" + token + "/proctoring/consent", Map.of());
        JsonNode started = candidate.post("api/v1/invitations/" + token + "/start", Map.of()).body();
        Instant startedAt = Instant.parse(started.get("startedAt").asText());
        String key = started.get("proctoring").get("uploadKey").asText();
        for (String kind : new String[] {"webcam", "screen"}) {
            HttpResponse<byte[]> sent = upload(key, snapshotPath(kind, kind + "-1", startedAt.plusSeconds(3)),
                    "image/jpeg", jpeg(Color.DARK_GRAY));
            assertThat(sent.statusCode()).as(new String(sent.body())).isEqualTo(202);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(candidate.get("api/v1/invitations/"
                + token + "/proctoring").body().get("summary").get("text").asText())
                .isEqualTo("1 webcam snapshot; 1 screen snapshot"));
    }

    @Test
    void anAssessmentWithoutProctoringTakesNoUploads() throws Exception {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        long id = recruiter.post("api/v1/assessments", Map.of("title", "Unwatched round", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(2)).toString())).body().get("id").asLong();
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", "free@example.org", "sendEmail", false));
        String token = ArenaClient.invitationToken(invited, "free@example.org");
        ArenaClient candidate = ArenaClient.signedUp();
        Reply started = candidate.post("api/v1/invitations/" + token + "/start", Map.of());
        assertThat(started.status()).as("no consent needed").isEqualTo(200);
        assertThat(started.body().get("proctoring").get("mode").asText()).isEqualTo("OFF");
        assertThat(started.body().get("proctoring").has("uploadKey")).as("nothing to upload").isFalse();
        Reply consent = candidate.post("api/v1/invitations/" + token + "/proctoring/consent", Map.of());
        assertThat(consent.status()).isEqualTo(409);
        Reply badMode = recruiter.post("api/v1/assessments", Map.of("title", "Bad", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "closesAt", now.plus(Duration.ofHours(2)).toString(),
                "proctoring", Map.of("mode", "EVERYTHING")));
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.body().get("error").asText()).contains("OFF, WEBCAM or WEBCAM_AND_SCREEN");
    }
}
