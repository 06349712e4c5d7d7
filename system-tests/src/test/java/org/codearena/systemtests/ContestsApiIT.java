package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/** A contest through the API: join with a region, submit, and the cached leaderboard moves, live. */
class ContestsApiIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static final String SUM_WRONG = "a, b = map(int, input().split())\nprint(a + b if a > 0 else 0)\n";
    private static final String REVERSE = "print(' '.join(reversed(input().split())))\n";

    private static String createContest(ArenaClient admin) {
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Friday night",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "tasks", List.of("sum-of-two", "reverse-words"), "rule", "BEST", "regions", List.of("EU", "NA")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return slug;
    }

    private static JsonNode judged(ArenaClient contestant, String slug, String task, String source) {
        Reply accepted = contestant.post("api/v1/contests/" + slug + "/submissions",
                Map.of("task", task, "language", "python", "source", source));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        return contestant.awaitJudged(accepted.body().get("id").asLong());
    }

    @Test
    void participantsSubmitAndTheLeaderboardRanksThemByScoreThenTimeByRegionToo() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = createContest(admin);
        ArenaClient ada = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        ArenaClient cy = ArenaClient.signedUp();

        Reply noRegion = ada.post("api/v1/contests/" + slug + "/join", Map.of());
        assertThat(noRegion.status()).isEqualTo(400);
        assertThat(noRegion.body().get("error").asText()).contains("EU, NA");
        Reply notJoined = ada.post("api/v1/contests/" + slug + "/submissions",
                Map.of("task", "sum-of-two", "language", "python", "source", SUM));
        assertThat(notJoined.status()).isEqualTo(409);
        assertThat(ada.post("api/v1/contests/" + slug + "/join", Map.of("region", "EU")).status()).isEqualTo(200);
        assertThat(bob.post("api/v1/contests/" + slug + "/join", Map.of("region", "NA")).status()).isEqualTo(200);
        assertThat(cy.post("api/v1/contests/" + slug + "/join", Map.of("region", "EU")).status()).isEqualTo(200);
        assertThat(ada.get("api/v1/contests/" + slug + "/me").body().get("region").asText()).isEqualTo("EU");

        try (PushSocket watcher = PushSocket.open(ArenaClient.BASE_URL, ada.token())) {
            watcher.send("{\"watch\":\"contest:" + slug + "\"}");
            judged(ada, slug, "sum-of-two", SUM);
            judged(ada, slug, "reverse-words", REVERSE);
            judged(bob, slug, "sum-of-two", SUM);
            // the board shows time in whole seconds and equal seconds share a rank: cy's solve comes a second later
            Thread.sleep(1100);
            assertThat(judged(cy, slug, "sum-of-two", SUM_WRONG).get("verdict").asText()).isEqualTo("WRONG_ANSWER");
            judged(cy, slug, "sum-of-two", SUM);
            // the best submission counts: a worse one later changes nothing but the attempts
            judged(cy, slug, "sum-of-two", SUM_WRONG);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode board = ArenaClient.signedUp().get("api/v1/contests/" + slug + "/leaderboard").body();
                assertThat(board.get("participants").asInt()).isEqualTo(3);
                JsonNode rows = board.get("rows");
                assertThat(rows.findValuesAsText("username")).containsExactly(ada.username(), bob.username(), cy.username());
                assertThat(rows.findValuesAsText("total")).containsExactly("17", "9", "9");
                // bob and cy tie on score; bob got there first
                assertThat(rows.findValuesAsText("rank")).containsExactly("1", "2", "3");
                assertThat(rows.get(2).get("attempts").get(0).asInt()).isEqualTo(3);
            });
            // a region with spaces around it is the same region (and cannot leave an empty board for the others)
            JsonNode spaced = new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard?region=%20EU%20").body();
            assertThat(spaced.get("rows").findValuesAsText("username")).containsExactly(ada.username(), cy.username());
            ArenaClient.Reply unknownRegion = new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard?region=Mars");
            assertThat(unknownRegion.status()).isEqualTo(400);
            assertThat(unknownRegion.body().get("error").asText()).contains("its regions are EU, NA");
            JsonNode europe = new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard?region=EU").body();
            assertThat(europe.get("rows").findValuesAsText("username")).containsExactly(ada.username(), cy.username());
            assertThat(europe.get("rows").findValuesAsText("rank")).containsExactly("1", "2");

            // served from the cache: reading it again does not compute it again
            long version = new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard").body().get("version").asLong();
            assertThat(new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard").body().get("version").asLong())
                    .isEqualTo(version);
            // and pushed to whoever watches, as it moved
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(watcher.messages())
                    .anyMatch(m -> m.contains("\"type\":\"leaderboard\"") && m.contains("\"total\":17")));
        }
    }

    @Test
    void contestsAreCreatedByAdminsAndBadRequestsGetAMessage() {
        ArenaClient someone = ArenaClient.signedUp();
        assertThat(someone.post("api/v1/contests", Map.of("slug", "x")).status()).isEqualTo(403);
        ArenaClient admin = someone.grant("ADMIN");
        assertThat(admin.post("api/v1/contests", Map.of("slug", "Bad Slug", "title", "t", "tasks", List.of("sum-of-two"),
                "startsAt", Instant.now().toString(), "endsAt", Instant.now().plusSeconds(60).toString()))
                .body().get("error").asText()).contains("slug");
        assertThat(admin.post("api/v1/contests", Map.of("slug", "late-one", "title", "t", "tasks", List.of("sum-of-two"),
                "startsAt", "soon", "endsAt", Instant.now().plusSeconds(60).toString()))
                .body().get("error").asText()).contains("ISO-8601");
        String slug = createContest(admin);
        assertThat(admin.post("api/v1/contests", Map.of("slug", slug, "title", "again", "tasks", List.of("sum-of-two"),
                "startsAt", Instant.now().toString(), "endsAt", Instant.now().plusSeconds(60).toString())).status())
                .isEqualTo(409);
        assertThat(new ArenaClient().get("api/v1/contests/no-such-contest/leaderboard").status()).isEqualTo(404);
        assertThat(new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard?limit=0").status()).isEqualTo(400);
        ArenaClient joined = ArenaClient.signedUp();
        joined.post("api/v1/contests/" + slug + "/join", Map.of("region", "NA"));
        assertThat(joined.post("api/v1/contests/" + slug + "/submissions", Map.of("task", "fizzbuzz",
                "language", "python", "source", SUM)).body().get("error").asText()).contains("not part of contest");
    }

    private static Map<String, Object> contestBody(String title, Instant startsAt, Instant endsAt, List<String> tasks,
                                                   List<String> regions, int freezeMinutes) {
        return Map.of("title", title, "startsAt", startsAt.toString(), "endsAt", endsAt.toString(), "tasks", tasks,
                "rule", "BEST", "regions", regions, "freezeMinutes", freezeMinutes);
    }

    /** Before it starts anything may change; once it runs, only what does not change what was scored. */
    @Test
    void adminsEditAContestWithinWhatItsParticipantsCountOn() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "e" + ArenaClient.uniqueName("").toLowerCase();
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant end = start.plus(Duration.ofHours(2));
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Draft",
                "startsAt", start.toString(), "endsAt", end.toString(), "tasks", List.of("sum-of-two")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("freezeMinutes").asInt()).isZero();

        Reply edited = admin.put("api/v1/contests/" + slug, contestBody("Saturday cup", start, end,
                List.of("sum-of-two", "fizzbuzz"), List.of("EU"), 60));
        assertThat(edited.status()).as(edited.raw()).isEqualTo(200);
        assertThat(edited.body().get("title").asText()).isEqualTo("Saturday cup");
        assertThat(edited.body().get("tasks").findValuesAsText("slug")).containsExactly("sum-of-two", "fizzbuzz");
        assertThat(edited.body().get("freezesAt").asText()).isEqualTo(end.minus(Duration.ofMinutes(60)).toString());
        assertThat(edited.body().get("frozen").asBoolean()).isFalse();
        assertThat(new ArenaClient().get("api/v1/contests/" + slug).body().get("title").asText()).isEqualTo("Saturday cup");

        assertThat(ArenaClient.signedUp().put("api/v1/contests/" + slug, contestBody("Mine now", start, end,
                List.of("sum-of-two"), List.of(), 0)).status()).isEqualTo(403);
        Reply badFreeze = admin.put("api/v1/contests/" + slug, contestBody("Saturday cup", start, end,
                List.of("sum-of-two"), List.of("EU"), -5));
        assertThat(badFreeze.status()).isEqualTo(409);
        assertThat(badFreeze.body().get("error").asText()).contains("freezes 0 (never)");

        // running: the start, tasks and regions stay; the title, the end and new regions may change
        Instant started = Instant.now().minusSeconds(30).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(admin.put("api/v1/contests/" + slug, contestBody("Saturday cup", started, end,
                List.of("sum-of-two", "fizzbuzz"), List.of("EU"), 60)).status()).isEqualTo(200);
        Reply tasksChanged = admin.put("api/v1/contests/" + slug, contestBody("Saturday cup", started, end,
                List.of("sum-of-two"), List.of("EU"), 60));
        assertThat(tasksChanged.status()).isEqualTo(409);
        assertThat(tasksChanged.body().get("error").asText()).contains("has started").contains("tasks");
        assertThat(admin.put("api/v1/contests/" + slug, contestBody("Saturday cup", started, end,
                List.of("sum-of-two", "fizzbuzz"), List.of(), 60)).body().get("error").asText()).contains("regions");
        Reply longer = admin.put("api/v1/contests/" + slug, contestBody("Saturday cup, extended", started,
                end.plus(Duration.ofMinutes(30)), List.of("sum-of-two", "fizzbuzz"), List.of("EU", "NA"), 60));
        assertThat(longer.status()).as(longer.raw()).isEqualTo(200);
        assertThat(longer.body().get("regions").toString()).contains("EU").contains("NA");
        assertThat(admin.put("api/v1/contests/no-such-contest", contestBody("x", start, end, List.of("sum-of-two"),
                List.of(), 0)).status()).isEqualTo(404);
    }

    @Test
    void adminsAnnounceToEveryoneInTheContest() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = createContest(admin);
        ArenaClient ada = ArenaClient.signedUp();
        assertThat(ada.post("api/v1/contests/" + slug + "/join", Map.of("region", "EU")).status()).isEqualTo(200);
        Reply made = admin.post("api/v1/contests/" + slug + "/announcements",
                Map.of("text", "Task 2: the input may end without a newline."));
        assertThat(made.status()).as(made.raw()).isEqualTo(201);
        assertThat(made.body().get("emailed").asInt()).as("mailed to the one participant").isEqualTo(1);
        Reply quiet = admin.post("api/v1/contests/" + slug + "/announcements",
                Map.of("text", "<b>30 minutes left</b>", "sendEmail", false));
        assertThat(quiet.body().get("emailed").asInt()).isZero();
        // the participant gets the first by mail (the second was posted without mail)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                MailIT.inbox(ada.username() + "@example.org").size() == 1);
        JsonNode mail = MailIT.inbox(ada.username() + "@example.org").get(0);
        assertThat(mail.get("subject").asText()).isEqualTo("Friday night: an announcement from the organisers");
        assertThat(mail.get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "="))
                .contains("Task 2: the input may end without a newline.", "/contest.html?slug=" + slug);

        JsonNode shown = new ArenaClient().get("api/v1/contests/" + slug + "/announcements").body();
        assertThat(shown.findValuesAsText("text")).containsExactly("<b>30 minutes left</b>",
                "Task 2: the input may end without a newline.");
        assertThat(ArenaClient.signedUp().post("api/v1/contests/" + slug + "/announcements", Map.of("text", "hi"))
                .status()).isEqualTo(403);
        assertThat(admin.post("api/v1/contests/" + slug + "/announcements", Map.of("text", " ")).body()
                .get("error").asText()).contains("needs text");
        assertThat(admin.post("api/v1/contests/" + slug + "/announcements", Map.of("text", "x".repeat(1001))).body()
                .get("error").asText()).contains("at most 1000");
        // the results of a running contest cannot be published yet
        Reply early = admin.post("api/v1/contests/" + slug + "/results", Map.of());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("error").asText()).contains("once the contest has ended");
    }

    /**
     * ICPC's freeze: from the freeze on, the public scoreboard shows only what was submitted before it, while
     * each participant still sees their own results; once the contest has ended an ADMIN publishes the final
     * standings and everyone sees every submission.
     */
    @Test
    void theScoreboardFreezesForTheLastMinutesUntilTheResultsArePublished() throws InterruptedException {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "f" + ArenaClient.uniqueName("").toLowerCase();
        Instant start = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        assertThat(admin.post("api/v1/contests", Map.of("slug", slug, "title", "Frozen finish",
                "startsAt", start.toString(), "endsAt", start.plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"))).status()).isEqualTo(201);
        ArenaClient early = ArenaClient.signedUp();
        ArenaClient late = ArenaClient.signedUp();
        early.post("api/v1/contests/" + slug + "/join", Map.of());
        late.post("api/v1/contests/" + slug + "/join", Map.of());
        assertThat(judged(early, slug, "sum-of-two", SUM).get("verdict").asText()).isEqualTo("OK");

        // the last minute: the contest now ends in 60 s and its board freezes for that minute, from now on. The
        // times are whole seconds: wait for the next one, or the freeze could fall before the early submission
        Thread.sleep(1050 - System.currentTimeMillis() % 1000);
        Instant end = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Reply frozen = admin.put("api/v1/contests/" + slug, contestBody("Frozen finish", start, end,
                List.of("sum-of-two"), List.of(), 1));
        assertThat(frozen.status()).as(frozen.raw()).isEqualTo(200);
        assertThat(frozen.body().get("frozen").asBoolean()).isTrue();
        JsonNode mine = judged(late, slug, "sum-of-two", SUM);
        assertThat(mine.get("verdict").asText()).isEqualTo("OK");

        AtomicReference<JsonNode> board = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            board.set(new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard").body());
            // the standings are written by their own consumer after the verdict: the board catches up soon
            return board.get().hasNonNull("frozenAt")
                    && board.get().get("rows").findValuesAsText("username").contains(early.username());
        });
        assertThat(board.get().get("rows").findValuesAsText("username")).containsExactly(early.username());

        assertThat(admin.post("api/v1/contests/" + slug + "/results", Map.of()).status()).isEqualTo(409);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> admin.post("api/v1/contests/" + slug + "/results", Map.of()).status() == 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            board.set(new ArenaClient().get("api/v1/contests/" + slug + "/leaderboard").body());
            return !board.get().hasNonNull("frozenAt");
        });
        assertThat(board.get().get("rows").findValuesAsText("username"))
                .containsExactlyInAnyOrder(early.username(), late.username());
        assertThat(new ArenaClient().get("api/v1/contests/" + slug).body().get("frozen").asBoolean()).isFalse();
    }
}
