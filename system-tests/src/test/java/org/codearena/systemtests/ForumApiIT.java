package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * The forum's API against the running platform: categories made for tasks and contests, threads and replies, pages
 * with ETags, edits with their history, soft deletes, search, the posting limits, and the moderators' tools.
 */
class ForumApiIT {

    /**
     * HTTP/1.1: over cleartext, Java's client asks to upgrade to HTTP/2 (h2c), and Liberty 26.0.0.3 leaves an upgraded
     * 304 without the end of its stream (curl --http2 waits too); browsers never use h2c, and over TLS (h2) it ends.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static long thread(ArenaClient author, String category, String title, String body) {
        Reply created = author.post("api/v1/forum/categories/" + category + "/threads",
                Map.of("title", title, "body", body));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("url").asText()).startsWith("/forum/t/");
        return created.body().get("threadId").asLong();
    }

    private static Reply reply(ArenaClient author, long thread, String body) {
        return author.post("api/v1/forum/threads/" + thread + "/posts", Map.of("body", body));
    }

    @Test
    void everyPublicTaskAndEveryNewContestHasACategory() {
        JsonNode categories = new ArenaClient().get("api/v1/forum/categories").body().get("categories");
        List<String> slugs = new ArrayList<>();
        categories.forEach(c -> slugs.add(c.get("slug").asText()));
        assertThat(slugs).contains("general", "help", "announcements", "task-sum-of-two", "task-reverse-words");

        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Forum night",
                "startsAt", Instant.now().plusSeconds(3600).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST", "regions", List.of()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        // a contest made a moment ago: its category is there at once
        Reply threads = new ArenaClient().get("api/v1/forum/categories/contest-" + slug + "/threads");
        assertThat(threads.status()).as(threads.raw()).isEqualTo(200);
        assertThat(threads.body().get("category").get("title").asText()).isEqualTo("Forum night");
        assertThat(threads.body().get("category").get("kind").asText()).isEqualTo("CONTEST");
    }

    @Test
    void threadsRepliesAndPagesWithETags() throws Exception {
        ArenaClient alice = ArenaClient.signedUp().aged();
        ArenaClient bob = ArenaClient.signedUp().aged();
        long id = thread(alice, "task-sum-of-two", "Overflow in sum of two?", "Do I need **long**?");
        Reply answer = bob.post("api/v1/forum/threads/" + id + "/posts", Map.of("body", "Yes: use long.", "replyTo", 1));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        assertThat(answer.body().get("number").asInt()).isEqualTo(2);

        // the writer's next read shows the new post at once
        Reply page = new ArenaClient().get("api/v1/forum/threads/" + id);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("postCount").asInt()).isEqualTo(2);
        assertThat(page.body().get("posts").get(0).get("html").asText()).contains("<strong>long</strong>");
        assertThat(page.body().get("posts").get(1).get("replyTo").asInt()).isEqualTo(1);
        assertThat(page.body().get("posts").get(1).get("author").asText()).isEqualTo(bob.username());

        // ETag: asked again with it, 304 and no body; after a change, 200 with a new one
        String etag = page.headers().firstValue("ETag").orElseThrow();
        assertThat(page.headers().firstValue("Cache-Control").orElseThrow()).contains("no-cache");
        HttpResponse<String> same = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "api/v1/forum/threads/" + id)).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(304);
        assertThat(same.body()).isEmpty();
        assertThat(reply(alice, id, "Thanks!").status()).isEqualTo(201);
        HttpResponse<String> changed = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "api/v1/forum/threads/" + id)).header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).contains("Thanks!");

        // the category lists the thread with its latest activity; the forum page too
        Reply category = new ArenaClient().get("api/v1/forum/categories/task-sum-of-two/threads");
        List<Long> ids = new ArrayList<>();
        category.body().get("threads").forEach(t -> ids.add(t.get("id").asLong()));
        assertThat(ids).contains(id);
        HttpResponse<String> forumPage = HTTP.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "forum/t/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forumPage.statusCode()).isEqualTo(200);
        assertThat(forumPage.body()).contains("Overflow in sum of two?", "Yes: use long.", "Thanks!");
        assertThat(forumPage.headers().firstValue("ETag")).isPresent();
    }

    @Test
    void manyPostsArePaged() {
        ArenaClient moderator = ArenaClient.signedUp().grant("MODERATOR");
        long id = thread(moderator, "general", "A long thread", "post 1");
        for (int i = 2; i <= 23; i++) {
            assertThat(reply(moderator, id, "post " + i).status()).isEqualTo(201);
        }
        Reply first = new ArenaClient().get("api/v1/forum/threads/" + id);
        assertThat(first.body().get("pages").asInt()).isEqualTo(2);
        assertThat(first.body().get("posts")).hasSize(20);
        Reply second = new ArenaClient().get("api/v1/forum/threads/" + id + "?page=2");
        assertThat(second.body().get("posts")).hasSize(3);
        assertThat(second.body().get("posts").get(0).get("number").asInt()).isEqualTo(21);
        // past the end: the last page
        assertThat(new ArenaClient().get("api/v1/forum/threads/" + id + "?page=99").body().get("page").asInt())
                .isEqualTo(2);
    }

    @Test
    void editsKeepTheirHistoryAndDeletesAreSoft() {
        ArenaClient alice = ArenaClient.signedUp().aged();
        long id = thread(alice, "general", "Typo thread", "teh first text");
        long post = new ArenaClient().get("api/v1/forum/threads/" + id).body().get("posts").get(0).get("id").asLong();
        assertThat(alice.put("api/v1/forum/posts/" + post, Map.of("body", "the first text")).status()).isEqualTo(200);
        assertThat(alice.put("api/v1/forum/posts/" + post, Map.of("body", "the final text")).status()).isEqualTo(200);
        JsonNode shown = new ArenaClient().get("api/v1/forum/threads/" + id).body().get("posts").get(0);
        assertThat(shown.get("markdown").asText()).isEqualTo("the final text");
        assertThat(shown.get("editCount").asInt()).isEqualTo(2);
        JsonNode history = new ArenaClient().get("api/v1/forum/posts/" + post + "/history").body();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("markdown").asText()).isEqualTo("teh first text");
        assertThat(history.get(1).get("markdown").asText()).isEqualTo("the first text");

        // someone else may not edit or delete it
        ArenaClient mallory = ArenaClient.signedUp().aged();
        assertThat(mallory.put("api/v1/forum/posts/" + post, Map.of("body", "pwned")).status()).isEqualTo(403);
        assertThat(mallory.delete("api/v1/forum/posts/" + post, Map.of()).status()).isEqualTo(403);

        assertThat(alice.delete("api/v1/forum/posts/" + post, Map.of()).status()).isEqualTo(204);
        JsonNode deleted = new ArenaClient().get("api/v1/forum/threads/" + id).body().get("posts").get(0);
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.path("markdown").isMissingNode()).isTrue();
        // a moderator still reads it
        ArenaClient moderator = ArenaClient.signedUp().grant("MODERATOR");
        assertThat(moderator.get("api/v1/forum/threads/" + id).body().get("posts").get(0).get("markdown").asText())
                .isEqualTo("the final text");
    }

    @Test
    void searchFindsWordsInPostsAndTitlesAndTreatsEverythingAsText() {
        ArenaClient alice = ArenaClient.signedUp().aged();
        String word = "zq" + ArenaClient.uniqueName("").toLowerCase();
        long inBody = thread(alice, "help", "Where is my output", "My program prints " + word + " twice");
        long inTitle = thread(alice, "help", "About " + word, "see the title");
        Reply found = new ArenaClient().get("api/v1/forum/search?q=" + word);
        assertThat(found.status()).isEqualTo(200);
        List<Long> threads = new ArrayList<>();
        found.body().get("hits").forEach(h -> threads.add(h.get("threadId").asLong()));
        assertThat(threads).contains(inBody, inTitle);
        assertThat(found.body().get("hits").get(0).get("snippet").asText()).isNotBlank();

        for (String hostile : List.of("' OR 1=1; --", "'); DROP TABLE forum_post; --", "\\", "!!!", "a & | ! <->",
                "<script>alert(1)</script>")) {
            Reply answer = new ArenaClient().get("api/v1/forum/search?q="
                    + java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8));
            assertThat(answer.status()).as(hostile + ": " + answer.raw()).isEqualTo(200);
        }
        assertThat(new ArenaClient().get("api/v1/forum/search?q=" + word).body().get("hits")).isNotEmpty();
        assertThat(new ArenaClient().get("api/v1/forum/search?q=").status()).isEqualTo(400);
        assertThat(new ArenaClient().get("api/v1/forum/search?q=" + "x".repeat(201)).status()).isEqualTo(400);
    }

    @Test
    void badRequestsGetClearErrors() {
        ArenaClient alice = ArenaClient.signedUp().aged();
        Reply anonymous = new ArenaClient().post("api/v1/forum/categories/general/threads",
                Map.of("title", "Hello there", "body", "hi"));
        assertThat(anonymous.status()).isEqualTo(401);
        Reply shortTitle = alice.post("api/v1/forum/categories/general/threads", Map.of("title", "hi", "body", "x"));
        assertThat(shortTitle.status()).isEqualTo(400);
        assertThat(shortTitle.body().get("error").asText()).contains("3 to 150 characters");
        Reply empty = alice.post("api/v1/forum/categories/general/threads", Map.of("title", "Empty post", "body", " "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error").asText()).contains("empty");
        Reply huge = alice.post("api/v1/forum/categories/general/threads",
                Map.of("title", "Huge post", "body", "x".repeat(20_001)));
        assertThat(huge.status()).isEqualTo(400);
        Reply nowhere = alice.post("api/v1/forum/categories/no-such-place/threads", Map.of("title", "Lost", "body", "x"));
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.body().get("error").asText()).contains("no category");
        assertThat(alice.postRaw("api/v1/forum/categories/general/threads", "{not json").status()).isEqualTo(400);
        assertThat(new ArenaClient().get("api/v1/forum/threads/987654321").status()).isEqualTo(404);
        assertThat(new ArenaClient().get("api/v1/forum/threads/abc").status()).isEqualTo(404);
        long id = thread(alice, "general", "Replies to nowhere", "first");
        Reply badReplyTo = alice.post("api/v1/forum/threads/" + id + "/posts", Map.of("body", "x", "replyTo", 7));
        assertThat(badReplyTo.status()).isEqualTo(400);
        assertThat(badReplyTo.body().get("error").asText()).contains("1 to 1");
        Reply announce = alice.post("api/v1/forum/categories/announcements/threads",
                Map.of("title", "Free stuff", "body", "x"));
        assertThat(announce.status()).isEqualTo(403);
    }

    @Test
    void newAccountsPostLessOftenAndAreToldWhenToTryAgain() {
        ArenaClient fresh = ArenaClient.signedUp();
        long id = thread(fresh, "general", "My first thread", "hello");
        assertThat(reply(fresh, id, "and a reply").status()).isEqualTo(201);
        Reply third = reply(fresh, id, "and another");
        assertThat(third.status()).as(third.raw()).isEqualTo(429);
        assertThat(third.body().get("error").asText()).contains("new account", "2 times a minute");
        assertThat(Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
    }

    @Test
    void moderatorsLockPinHideMoveAndBanAndWorkTheReportQueue() {
        ArenaClient author = ArenaClient.signedUp().aged();
        ArenaClient reader = ArenaClient.signedUp().aged();
        ArenaClient moderator = ArenaClient.signedUp().grant("MODERATOR");
        long id = thread(author, "general", "Spam and eggs", "buy now http://spam.example");
        long post = new ArenaClient().get("api/v1/forum/threads/" + id).body().get("posts").get(0).get("id").asLong();

        // people who are not moderators cannot use the tools
        assertThat(author.put("api/v1/forum/threads/" + id + "/moderation", Map.of("locked", true)).status())
                .isEqualTo(403);
        assertThat(reader.put("api/v1/forum/posts/" + post + "/moderation", Map.of("hidden", true)).status())
                .isEqualTo(403);
        assertThat(reader.get("api/v1/forum/reports").status()).isEqualTo(403);

        // a report goes into the queue, once per person
        assertThat(reader.post("api/v1/forum/posts/" + post + "/reports", Map.of("reason", "spam")).status())
                .isEqualTo(201);
        assertThat(reader.post("api/v1/forum/posts/" + post + "/reports", Map.of("reason", "spam!")).status())
                .isEqualTo(409);
        JsonNode queue = moderator.get("api/v1/forum/reports").body();
        JsonNode report = null;
        for (JsonNode each : queue) {
            if (each.get("postId").asLong() == post) {
                report = each;
            }
        }
        assertThat(report).isNotNull();
        assertThat(report.get("reason").asText()).isEqualTo("spam");
        Reply hidden = moderator.post("api/v1/forum/reports/" + report.get("id").asLong(), Map.of("resolution", "HIDDEN"));
        assertThat(hidden.status()).as(hidden.raw()).isEqualTo(200);
        JsonNode shown = new ArenaClient().get("api/v1/forum/threads/" + id).body().get("posts").get(0);
        assertThat(shown.get("hidden").asBoolean()).isTrue();
        assertThat(shown.path("markdown").isMissingNode()).isTrue();
        assertThat(reader.get("api/v1/forum/posts/" + post).status()).isEqualTo(403);

        // lock: no more replies (moderators still may); pin; move
        assertThat(moderator.put("api/v1/forum/threads/" + id + "/moderation",
                Map.of("locked", true, "pinned", true, "category", "help")).status()).isEqualTo(200);
        Reply locked = reply(reader, id, "me too");
        assertThat(locked.status()).isEqualTo(409);
        assertThat(locked.body().get("error").asText()).contains("locked");
        JsonNode moved = new ArenaClient().get("api/v1/forum/threads/" + id).body();
        assertThat(moved.get("category").asText()).isEqualTo("help");
        assertThat(moved.get("pinned").asBoolean()).isTrue();
        JsonNode help = new ArenaClient().get("api/v1/forum/categories/help/threads").body().get("threads").get(0);
        assertThat(help.get("id").asLong()).as("pinned threads come first").isEqualTo(id);

        // hide the thread: gone for everyone but moderators
        assertThat(moderator.put("api/v1/forum/threads/" + id + "/moderation", Map.of("hidden", true)).status())
                .isEqualTo(200);
        assertThat(new ArenaClient().get("api/v1/forum/threads/" + id).status()).isEqualTo(404);
        assertThat(moderator.get("api/v1/forum/threads/" + id).status()).isEqualTo(200);

        // ban: the author cannot post any more, and is told why
        Reply ban = moderator.post("api/v1/forum/bans", Map.of("username", author.username(), "days", 3,
                "reason", "spam links"));
        assertThat(ban.status()).as(ban.raw()).isEqualTo(201);
        Reply banned = author.post("api/v1/forum/categories/general/threads", Map.of("title", "I am back", "body", "x"));
        assertThat(banned.status()).isEqualTo(403);
        assertThat(banned.body().get("error").asText()).contains("spam links");
        assertThat(moderator.delete("api/v1/forum/bans/" + author.username(), Map.of()).status()).isEqualTo(204);
        assertThat(author.post("api/v1/forum/categories/general/threads", Map.of("title", "I am back", "body", "x"))
                .status()).isEqualTo(201);
    }

    @Test
    void aDeletedAccountTakesItsThreadsAndPostsOutOfTheCounts() {
        ArenaClient stays = ArenaClient.signedUp().aged();
        ArenaClient leaves = ArenaClient.signedUp().aged();
        long kept = thread(stays, "help", "A thread that stays", "question");
        assertThat(reply(leaves, kept, "an answer from someone who leaves").status()).isEqualTo(201);
        thread(leaves, "help", "A thread that goes", "bye");
        JsonNode before = helpCategory();
        assertThat(leaves.delete("api/v1/accounts/me", Map.of("password", leaves.password())).status()).isEqualTo(204);
        JsonNode after = helpCategory();
        assertThat(after.get("threadCount").asInt()).isEqualTo(before.get("threadCount").asInt() - 1);
        assertThat(after.get("postCount").asInt()).isEqualTo(before.get("postCount").asInt() - 2);
    }

    /** The Help category's counts as the database has them now (the cached list may be a minute old). */
    private static JsonNode helpCategory() {
        try (java.sql.Connection db = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.ResultSet row = db.createStatement().executeQuery(
                     "select thread_count, post_count from forum_category where slug = 'help'")) {
            row.next();
            return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("threadCount", row.getInt(1)).put("postCount", row.getInt(2));
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theCacheCanBeSwitchedOffAndItsFiguresRead() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient someone = ArenaClient.signedUp();
        assertThat(someone.get("api/v1/forum/admin/stats").status()).isEqualTo(403);
        try {
            Reply off = admin.put("api/v1/forum/admin/cache", Map.of("enabled", false));
            assertThat(off.status()).isEqualTo(200);
            assertThat(off.body().get("cacheEnabled").asBoolean()).isFalse();
            Map<String, Object> before = stats(admin);
            assertThat(new ArenaClient().get("api/v1/forum/categories").status()).isEqualTo(200);
            assertThat(((Number) stats(admin).get("cacheMisses")).longValue())
                    .isGreaterThan(((Number) before.get("cacheMisses")).longValue());
        } finally {
            assertThat(admin.put("api/v1/forum/admin/cache", Map.of("enabled", true)).body().get("cacheEnabled")
                    .asBoolean()).isTrue();
        }
        assertThat(admin.put("api/v1/forum/admin/cache", Map.of()).status()).isEqualTo(400);
    }

    private static Map<String, Object> stats(ArenaClient admin) {
        Map<String, Object> values = new HashMap<>();
        admin.get("api/v1/forum/admin/stats").body().fields()
                .forEachRemaining(e -> values.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue()
                        : e.getValue().asText()));
        return values;
    }
}
