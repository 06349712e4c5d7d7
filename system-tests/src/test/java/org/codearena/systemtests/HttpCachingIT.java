package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The hot reads (#19): the languages, the task list and a task's page are answered from memory with an ETag
 * (304 when the client has it), gzipped when asked for; a leaderboard carries its version as its tag and is kept
 * one second; the pages' scripts and styles are named by their content and kept for a year, the pages revalidated.
 */
class HttpCachingIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Test
    void publicReadsCarryAnETagAndAreAnswered304WhenUnchanged() throws Exception {
        for (String path : List.of("api/v1/languages", "api/v1/tasks", "api/v1/tasks/sum-of-two")) {
            HttpResponse<byte[]> first = get(path);
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String tag = header(first, "ETag");
            assertThat(tag).as(path).matches("\"[A-Za-z0-9_-]{22}\"");
            assertThat(header(first, "Cache-Control")).as(path)
                    .isEqualTo(path.endsWith("languages") ? "public, max-age=60" : "public, no-cache");
            assertThat(new ObjectMapper().readTree(first.body()).isEmpty()).as(path).isFalse();

            HttpResponse<byte[]> again = get(path, "If-None-Match", tag);
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(header(again, "ETag")).isEqualTo(tag);
            assertThat(get(path, "If-None-Match", "\"something-else\"").statusCode()).isEqualTo(200);
            assertThat(get(path, "If-None-Match", "W/" + tag).statusCode()).isEqualTo(304);

            HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(header(head, "ETag")).isEqualTo(tag);
        }
        // a slug nobody published is a 404 each time (never kept), a made-up query is not kept either
        assertThat(get("api/v1/tasks/no-such-task-here").statusCode()).isEqualTo(404);
        assertThat(get("api/v1/tasks/no-such-task-here").statusCode()).isEqualTo(404);
        assertThat(get("api/v1/languages?x=1").statusCode()).isEqualTo(200);
    }

    @Test
    void aReadIsGzippedForClientsThatAskAndIsTheSameJson() throws Exception {
        String path = "api/v1/languages";
        HttpResponse<byte[]> plain = get(path);
        assertThat(plain.body().length).isGreaterThan(512);
        assertThat(header(plain, "Content-Encoding")).isNull();
        HttpResponse<byte[]> gzipped = get(path, "Accept-Encoding", "gzip, deflate, br");
        assertThat(header(gzipped, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(gzipped, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(gzipped.body().length).isLessThan(plain.body().length);
        assertThat(gunzip(gzipped.body())).isEqualTo(plain.body());
        assertThat(header(get(path, "Accept-Encoding", "gzip;q=0"), "Content-Encoding")).isNull();

        // the answer kept is the plain one even when a gzip-asking client is the one whose request builds it again
        // (after the 2 s a kept answer lives): the next plain client gets JSON, not another client's encoding
        Thread.sleep(2_100);
        HttpResponse<byte[]> rebuilt = get(path, "Accept-Encoding", "gzip");
        assertThat(gunzip(rebuilt.body())).isEqualTo(plain.body());
        HttpResponse<byte[]> after = get(path);
        assertThat(header(after, "Content-Encoding")).isNull();
        assertThat(after.body()).isEqualTo(plain.body());

        // a HEAD says the GET's length and keeps nothing of its own
        Thread.sleep(2_100);
        HttpResponse<byte[]> head = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(get(path).body()).isEqualTo(plain.body());
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aLeaderboardIsTaggedByItsVersionAndKeptOneSecond() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        ArenaClient.Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Cached cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String path = "api/v1/contests/" + slug + "/leaderboard";
        HttpResponse<byte[]> board = get(path);
        assertThat(board.statusCode()).isEqualTo(200);
        assertThat(header(board, "Cache-Control")).isEqualTo("max-age=1");
        String tag = header(board, "ETag");
        assertThat(tag).isNotBlank();
        assertThat(get(path, "If-None-Match", tag).statusCode()).isEqualTo(304);
        // another view of the same board is another tag
        assertThat(header(get(path + "?limit=5"), "ETag")).isNotEqualTo(tag);

        // a contestant's accepted submission changes the board: the old tag is answered in full
        ArenaClient contestant = ArenaClient.signedUp();
        assertThat(contestant.post("api/v1/contests/" + slug + "/join", Map.of()).status()).isBetween(200, 204);
        ArenaClient.Reply sent = contestant.post("api/v1/contests/" + slug + "/submissions", Map.of("task", "sum-of-two",
                "language", "python", "source", "a, b = map(int, input().split())\nprint(a + b)\n"));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(202);
        contestant.awaitJudged(sent.body().get("id").asLong());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpResponse<byte[]> changed = get(path, "If-None-Match", tag);
            assertThat(changed.statusCode()).isEqualTo(200);
            assertThat(new String(changed.body())).contains(contestant.username());
        });
    }

    @Test
    void thePagesScriptsAreContentNamedAndKeptForAYearThePagesRevalidated() throws Exception {
        HttpResponse<byte[]> page = get("index.html");
        assertThat(header(page, "Cache-Control")).isEqualTo("no-cache");
        assertThat(header(get(""), "Cache-Control")).isEqualTo("no-cache");
        String html = new String(page.body());
        Matcher script = Pattern.compile("src=\"(assets/login-[A-Z0-9]{8}\\.js)\"").matcher(html);
        assertThat(script.find()).as(html).isTrue();
        Matcher style = Pattern.compile("href=\"(assets/arena-[A-Z0-9]{8}\\.css)\"").matcher(html);
        assertThat(style.find()).as(html).isTrue();
        for (String asset : List.of(script.group(1), style.group(1))) {
            HttpResponse<byte[]> file = get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(header(file, "Cache-Control")).as(asset).isEqualTo("public, max-age=31536000, immutable");
        }
        // the plain names other modules' pages link to are there too, revalidated
        for (String plain : List.of("assets/chat-page.js", "arena.css")) {
            HttpResponse<byte[]> file = get(plain);
            assertThat(file.statusCode()).as(plain).isEqualTo(200);
            assertThat(header(file, "Cache-Control")).as(plain).isEqualTo("no-cache");
        }
    }
}
