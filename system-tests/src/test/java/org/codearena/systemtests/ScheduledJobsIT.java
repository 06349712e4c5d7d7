package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * The scheduled jobs: a persistent timer per job, shown to ADMINs with its next run and last runs; the reminder job
 * reads who has not started from the replica and mails each of them once.
 */
class ScheduledJobsIT {

    private final ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");

    private static JsonNode job(JsonNode view, String name) {
        for (JsonNode job : view.get("jobs")) {
            if (job.get("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in " + view);
    }

    @Test
    void adminsSeeEveryJobsScheduleNextRunAndLastRunsAndNobodyElseDoes() {
        Reply view = admin.get("api/v1/admin/schedule");
        assertThat(view.status()).as(view.raw()).isEqualTo(200);
        JsonNode reminders = job(view.body(), "assessment-reminders");
        assertThat(reminders.get("schedule").asText()).isEqualTo("minute=*/15");
        Instant next = Instant.parse(reminders.get("nextRun").asText());
        assertThat(next).isBetween(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofMinutes(16)));

        assertThat(ArenaClient.signedUp().get("api/v1/admin/schedule").status()).isEqualTo(403);
        Reply unknown = admin.post("api/v1/admin/schedule/no-such-job/run", Map.of());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body().get("error").asText()).contains("assessment-reminders");
    }

    @Test
    void candidatesWhoHaveNotStartedAnAssessmentClosingSoonAreRemindedOnce() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Closing soon", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(3)).toString()));
        long id = created.body().get("id").asLong();
        String prefix = "r" + UUID.randomUUID().toString().substring(0, 8);
        String waiting = prefix + "-waiting@example.org";
        String started = prefix + "-started@example.org";
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", waiting + "\n" + started, "language", "fr"));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        String link = null;
        for (JsonNode each : invited.body().get("links")) {
            if (each.get("email").asText().equals(started)) {
                link = each.get("link").asText();
            }
        }
        String token = link.substring(link.indexOf("token=") + 6);
        assertThat(ArenaClient.signedUp().post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);

        // the job reads the replica: what was just written reaches it within moments
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Reply ran = admin.post("api/v1/admin/schedule/assessment-reminders/run", Map.of());
            assertThat(ran.status()).as(ran.raw()).isEqualTo(200);
            assertThat(ran.body().get("outcome").asText()).isEqualTo("OK");
            assertThat(MailIT.inbox(waiting)).hasSize(2);
        });
        JsonNode reminder = MailIT.inbox(waiting).stream()
                .filter(mail -> mail.get("subject").asText().startsWith("Rappel")).findFirst().orElseThrow();
        assertThat(reminder.get("subject").asText()).contains("Closing soon");
        assertThat(reminder.get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "="))
                .as("the link on the configured public address").contains("/assessment.html?token=");

        Reply again = admin.post("api/v1/admin/schedule/assessment-reminders/run", Map.of());
        assertThat(again.body().get("outcome").asText()).isEqualTo("OK");
        JsonNode runs = job(admin.get("api/v1/admin/schedule").body(), "assessment-reminders").get("runs");
        assertThat(runs.get(0).get("outcome").asText()).isEqualTo("OK");
        assertThat(runs.get(0).get("detail").asText()).contains("read from the replica");
        assertThat(runs.get(0).get("durationMillis").asLong()).isNotNegative();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(MailIT.inbox(waiting)).as("reminded once, invited once").hasSize(2);
            assertThat(MailIT.inbox(started)).as("who started is not reminded").hasSize(1);
        });
    }

    /**
     * The forum's daily digest: people whose threads others posted in get one mail a day listing them; the link in
     * it turns the digest off (a page with one button, no login), and a link with a wrong key does nothing.
     */
    @Test
    void theForumDigestListsNewPostsInOnesThreadsOnceADayAndItsLinkTurnsItOff() throws Exception {
        ArenaClient alice = ArenaClient.signedUp().aged();
        ArenaClient bob = ArenaClient.signedUp().aged();
        Reply thread = alice.post("api/v1/forum/categories/general/threads",
                Map.of("title", "Digest me " + alice.username(), "body", "What is the fastest way to read input?"));
        assertThat(thread.status()).as(thread.raw()).isEqualTo(201);
        long threadId = thread.body().get("threadId").asLong();
        assertThat(bob.post("api/v1/forum/threads/" + threadId + "/posts", Map.of("body", "BufferedReader.")).status())
                .isEqualTo(201);
        String aliceMail = alice.username() + "@example.org";
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            Reply ran = admin.post("api/v1/admin/schedule/forum-digest/run", Map.of());
            assertThat(ran.body().get("outcome").asText()).as(ran.raw()).isEqualTo("OK");
            assertThat(MailIT.inbox(aliceMail)).hasSize(1);
        });
        JsonNode digest = MailIT.inbox(aliceMail).get(0);
        assertThat(digest.get("subject").asText()).isEqualTo("New posts in one forum thread you take part in");
        String text = digest.get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "=");
        assertThat(text).contains("Digest me " + alice.username(), "one new post by " + bob.username(),
                "/forum/t/" + threadId);
        java.util.regex.Matcher off = java.util.regex.Pattern.compile("(http://[^\\s\"<]*/api/v1/mail/digest-off\\?account=(\\d+)&key=([A-Za-z0-9_-]+))")
                .matcher(text);
        assertThat(off.find()).as("the link that stops the digest").isTrue();

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> page = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(off.group(1))).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/api/v1/mail/digest-off?account=",
                "Stop the daily digest");
        java.util.function.Function<String, java.net.http.HttpResponse<String>> post = key -> {
            try {
                // as the page's button sends it: a form post to the address in its action, no cookie
                return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(ArenaClient.BASE_URL
                                + "api/v1/mail/digest-off?account=" + off.group(2) + "&key=" + key))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
        java.net.http.HttpResponse<String> forged = post.apply(off.group(3).substring(1) + "x");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("not valid");
        assertThat(post.apply(off.group(3)).body()).contains("daily digest is off");

        // bob is told of alice's post in the thread he posted in; a second run the same day sends nobody another
        assertThat(admin.post("api/v1/admin/schedule/forum-digest/run", Map.of()).body().get("outcome").asText())
                .isEqualTo("OK");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(MailIT.inbox(bob.username() + "@example.org")).hasSize(1);
            assertThat(MailIT.inbox(aliceMail)).hasSize(1);
        });
    }
}
