package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/** Assessments through the API: a recruiter creates one and invites; a candidate starts, submits, finishes. */
class AssessmentsApiIT {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";

    private final ArenaClient recruiter = ArenaClient.signedUp();

    private JsonNode create(Instant opensAt, Instant closesAt, int minutes) {
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Backend hiring, round 1",
                "tasks", List.of("sum-of-two", "reverse-words"), "durationMinutes", minutes,
                "opensAt", opensAt.toString(), "closesAt", closesAt.toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body();
    }

    private String inviteOne(long assessmentId, String email) {
        Reply invited = recruiter.post("api/v1/assessments/" + assessmentId + "/invitations", Map.of("addresses", email));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        String link = invited.body().get("links").get(0).get("link").asText();
        return link.substring(link.indexOf("token=") + 6);
    }

    @Test
    void onlyRecruitersCreateAssessments() {
        Reply refused = recruiter.post("api/v1/assessments", Map.of("title", "x"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("error").asText()).contains("RECRUITER role", "ask the people who run");
    }

    @Test
    void aCandidateStartsSubmitsAndFinishesWhileTheRecruiterWatches() {
        recruiter.grant("RECRUITER");
        Instant now = Instant.now();
        JsonNode assessment = create(now.minusSeconds(60), now.plus(Duration.ofHours(2)), 45);
        long id = assessment.get("id").asLong();
        assertThat(assessment.get("tasks").findValuesAsText("slug")).containsExactly("sum-of-two", "reverse-words");

        // a CSV with a header, one address twice, one that is not an address
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses",
                "name,email\nAda,ada@example.org\nAlan,ALAN@example.org\nAda again,ada@example.org\nNobody,nobody\n"));
        assertThat(invited.body().get("invited").asInt()).isEqualTo(2);
        assertThat(invited.body().get("invalid").get(0).asText()).isEqualTo("nobody");
        assertThat(invited.body().get("links").get(0).get("link").asText()).contains("/assessment.html?token=");
        Reply again = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses", "ada@example.org, grace@example.org"));
        assertThat(again.body().get("invited").asInt()).isEqualTo(1);
        assertThat(again.body().get("alreadyInvited").asInt()).isEqualTo(1);

        String token = inviteOne(id, "candidate@example.org");
        ArenaClient candidate = ArenaClient.signedUp();
        JsonNode before = candidate.get("api/v1/invitations/" + token).body();
        assertThat(before.get("state").asText()).isEqualTo("INVITED");
        assertThat(before.get("title").asText()).isEqualTo("Backend hiring, round 1");
        Reply tooEarly = candidate.post("api/v1/invitations/" + token + "/submissions",
                Map.of("task", "sum-of-two", "language", "python", "source", SUM));
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.body().get("error").asText()).contains("press Start");

        JsonNode started = candidate.post("api/v1/invitations/" + token + "/start", Map.of()).body();
        assertThat(started.get("state").asText()).isEqualTo("STARTED");
        Instant endsAt = Instant.parse(started.get("endsAt").asText());
        assertThat(Duration.between(Instant.parse(started.get("startedAt").asText()), endsAt)).isEqualTo(Duration.ofMinutes(45));
        // pressing Start again changes nothing
        assertThat(candidate.post("api/v1/invitations/" + token + "/start", Map.of()).body().get("endsAt").asText())
                .isEqualTo(started.get("endsAt").asText());
        // the link is personal once started
        Reply someoneElse = ArenaClient.signedUp().post("api/v1/invitations/" + token + "/start", Map.of());
        assertThat(someoneElse.status()).isEqualTo(403);

        Reply notInIt = candidate.post("api/v1/invitations/" + token + "/submissions",
                Map.of("task", "fizzbuzz", "language", "python", "source", SUM));
        assertThat(notInIt.status()).isEqualTo(400);
        Reply accepted = candidate.post("api/v1/invitations/" + token + "/submissions",
                Map.of("task", "sum-of-two", "language", "python", "source", SUM));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        JsonNode judged = candidate.awaitJudged(accepted.body().get("id").asLong());
        assertThat(judged.get("verdict").asText()).isEqualTo("OK");

        // the recruiter's table: status, time used, best score per task; the code of every submission
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode row = candidateRow(id, "candidate@example.org");
            assertThat(row.get("status").asText()).isEqualTo("STARTED");
            assertThat(row.get("scores").get(0).get("score").asInt()).isEqualTo(judged.get("maxScore").asInt());
            assertThat(row.get("total").asInt()).isEqualTo(judged.get("maxScore").asInt());
        });
        long candidateId = candidateRow(id, "candidate@example.org").get("id").asLong();
        JsonNode code = recruiter.get("api/v1/assessments/" + id + "/candidates/" + candidateId + "/submissions").body();
        assertThat(code.get(0).get("source").asText()).isEqualTo(SUM);
        Reply csv = recruiter.get("api/v1/assessments/" + id + "/candidates.csv");
        assertThat(csv.raw()).startsWith("email,link,status,started_at,time_used_seconds,score_sum-of-two,score_reverse-words,total")
                .contains("candidate@example.org").contains("ada@example.org");
        assertThat(ArenaClient.signedUp().grant("RECRUITER").get("api/v1/assessments/" + id + "/candidates").status())
                .as("another recruiter's assessment").isEqualTo(404);

        // finishing locks the work
        JsonNode finished = candidate.post("api/v1/invitations/" + token + "/finish", Map.of()).body();
        assertThat(finished.get("state").asText()).isEqualTo("FINISHED");
        Reply late = candidate.post("api/v1/invitations/" + token + "/submissions",
                Map.of("task", "reverse-words", "language", "python", "source", SUM));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("error").asText()).contains("time for this assessment is up");
        assertThat(candidateRow(id, "candidate@example.org").get("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    void theTimerNeverRunsPastTheWindowAndTheWindowIsKept() {
        recruiter.grant("RECRUITER");
        Instant now = Instant.now();
        JsonNode closingSoon = create(now.minusSeconds(60), now.plus(Duration.ofMinutes(10)), 90);
        String token = inviteOne(closingSoon.get("id").asLong(), "late@example.org");
        JsonNode started = ArenaClient.signedUp().post("api/v1/invitations/" + token + "/start", Map.of()).body();
        assertThat(started.get("endsAt").asText()).isEqualTo(closingSoon.get("closesAt").asText());

        JsonNode notYet = create(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)), 30);
        Reply early = ArenaClient.signedUp().post("api/v1/invitations/"
                + inviteOne(notYet.get("id").asLong(), "early@example.org") + "/start", Map.of());
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("error").asText()).contains("opens at");
    }

    @Test
    void badAssessmentsAndLinksAreRefusedWithAMessage() {
        recruiter.grant("RECRUITER");
        String now = Instant.now().toString();
        String later = Instant.now().plus(Duration.ofHours(1)).toString();
        assertThat(recruiter.post("api/v1/assessments", Map.of("title", "t", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", now)).body().get("error").asText()).contains("closesAt is required");
        assertThat(recruiter.post("api/v1/assessments", Map.of("title", "t", "tasks", List.of("no-such-task"),
                "durationMinutes", 30, "closesAt", later)).body().get("error").asText()).contains("no task 'no-such-task'");
        assertThat(recruiter.post("api/v1/assessments", Map.of("title", "t", "tasks", List.of("sum-of-two"),
                "durationMinutes", 0, "closesAt", later)).body().get("error").asText()).contains("durationMinutes");
        assertThat(recruiter.post("api/v1/assessments", Map.of("title", "t", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "closesAt", "tomorrow")).body().get("error").asText()).contains("ISO-8601");
        long id = create(Instant.now(), Instant.now().plus(Duration.ofHours(1)), 30).get("id").asLong();
        Reply noAddresses = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses", "bob, carol"));
        assertThat(noAddresses.status()).isEqualTo(400);
        assertThat(noAddresses.body().get("error").asText()).contains("none of these is an e-mail address");
        Reply badLink = ArenaClient.signedUp().post("api/v1/invitations/not-a-token/start", Map.of());
        assertThat(badLink.status()).isEqualTo(404);
        assertThat(badLink.body().get("error").asText()).contains("link is not valid");
    }

    /**
     * The Start statement, as the server runs it, is planned on the indexes made for it: the invitation by its
     * token's unique index, the assessment by its key; it writes one row.
     */
    @Test
    void startUsesTheIndexesMadeForItAndWritesOneRow() throws Exception {
        recruiter.grant("RECRUITER");
        long id = create(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1)), 30).get("id").asLong();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            many.append("plan").append(i).append("@example.org\n");
        }
        // the links only: 2,000 invitation mails are not what this test is about
        assertThat(recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses", many.toString(),
                "sendEmail", false)).body().get("invited").asInt()).isEqualTo(2000);
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("analyze assessment_invitation");
            // whether the indexes exist and serve the Start: with a few assessments a sequential scan of that
            // table is cheaper, and the planner's choice would then depend on what earlier tests left behind
            statement.execute("set enable_seqscan = off");
            StringBuilder plan = new StringBuilder();
            try (java.sql.ResultSet rows = statement.executeQuery("explain update assessment_invitation i set "
                    + "account_id = 1, started_at = now(), ends_at = least(now() + a.duration_minutes * interval '1 minute', "
                    + "a.closes_at) from assessment a where i.token = 'some-token' and i.started_at is null "
                    + "and a.id = i.assessment_id and a.opens_at <= now() and a.closes_at > now() returning i.id")) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            assertThat(plan.toString()).contains("Index Scan using assessment_invitation_find_by_token_uq")
                    .contains("assessment_pk").doesNotContain("Seq Scan");
        }
    }

    private JsonNode candidateRow(long assessmentId, String email) {
        for (JsonNode row : recruiter.get("api/v1/assessments/" + assessmentId + "/candidates").body()) {
            if (row.get("email").asText().equals(email)) {
                return row;
            }
        }
        throw new AssertionError("no candidate " + email);
    }

    /** The candidate's code per task and language is kept on the server while the time runs, and only then. */
    @Test
    void draftsAreKeptOnTheServerWhileTheTimeRuns() {
        recruiter.grant("RECRUITER");
        long id = create(Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofHours(1)), 30).get("id").asLong();
        String token = inviteOne(id, "drafter@example.org");
        ArenaClient candidate = ArenaClient.signedUp();
        String drafts = "api/v1/invitations/" + token + "/drafts";
        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "python", "source", "x")).status())
                .as("before Start").isEqualTo(409);
        candidate.post("api/v1/invitations/" + token + "/start", Map.of());

        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "python", "source", "print(1)")).status())
                .isEqualTo(200);
        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "java", "source", "class Main {}")).status())
                .isEqualTo(200);
        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "python", "source", "print(2)")).status())
                .isEqualTo(200);
        JsonNode kept = candidate.get(drafts).body();
        assertThat(kept).hasSize(2);
        assertThat(kept.findValuesAsText("source")).containsExactlyInAnyOrder("print(2)", "class Main {}");
        assertThat(kept.get(0).get("task").asText()).isEqualTo("sum-of-two");

        assertThat(candidate.put(drafts + "/fizzbuzz", Map.of("language", "python", "source", "x")).body()
                .get("error").asText()).contains("not part of this assessment");
        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "cobol", "source", "x")).status())
                .isEqualTo(400);
        assertThat(candidate.put(drafts + "/sum-of-two", Map.of("language", "python", "source", "#".repeat(300 * 1024)))
                .body().get("error").asText()).contains("at most 256 KB");
        assertThat(ArenaClient.signedUp().get(drafts).status()).as("someone else").isEqualTo(403);

        candidate.post("api/v1/invitations/" + token + "/finish", Map.of());
        Reply late = candidate.put(drafts + "/sum-of-two", Map.of("language", "python", "source", "print(3)"));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.body().get("error").asText()).contains("time for this assessment is up");
    }
}
