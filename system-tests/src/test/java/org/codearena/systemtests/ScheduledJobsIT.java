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
}
