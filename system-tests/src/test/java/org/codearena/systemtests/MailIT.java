package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Mail, end to end: what a recruiter's invitation queues in the outbox reaches the SMTP server that `./arena up`
 * started (GreenMail on loopback, read through its REST API), once per candidate, in text and HTML, in the language
 * asked for, with the candidate's own link.
 */
class MailIT {

    private static final String API = System.getProperty("codearena.mail.api", "http://127.0.0.1:8025/api");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");

    /** The messages the SMTP server holds for an address (none: an empty list). */
    static List<JsonNode> inbox(String address) {
        try {
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(API + "/user/" + address
                    + "/messages/INBOX")).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                return List.of();
            }
            List<JsonNode> messages = new ArrayList<>();
            JSON.readTree(reply.body()).forEach(messages::add);
            return messages;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Outbox rows marked SENT for addresses that start with the prefix. */
    private static int sent(String prefix) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(System.getProperty("codearena.db.url"),
                System.getProperty("codearena.db.user"), System.getProperty("codearena.db.password"));
             java.sql.PreparedStatement count = connection.prepareStatement(
                     "select count(*) from mail_outbox where recipient like ? and status = 'SENT'")) {
            count.setString(1, prefix + "%");
            try (java.sql.ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private long assessment(String title) {
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", title,
                "tasks", List.of("sum-of-two"), "durationMinutes", 45,
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plus(Duration.ofDays(3)).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asLong();
    }

    @Test
    void everyInvitedCandidateGetsTheirOwnLinkOnceInTextAndHtml() throws InterruptedException {
        long id = assessment("Platform engineers <2026>");
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = List.of(prefix + "-ada@example.org", prefix + "-alan@example.org",
                prefix + "-grace@example.org");
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", String.join("\n", addresses)));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        assertThat(invited.body().get("emailed").asInt()).isEqualTo(3);
        // inviting the same people again sends nothing more
        Reply again = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses", addresses.get(0)));
        assertThat(again.body().get("emailed").asInt()).isZero();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(addresses).allSatisfy(address -> assertThat(inbox(address)).hasSize(1)));
        for (JsonNode link : invited.body().get("links")) {
            JsonNode mail = inbox(link.get("email").asText()).get(0);
            String source = mail.get("mimeMessage").asText();
            assertThat(mail.get("subject").asText())
                    .isEqualTo("You are invited to the assessment \u201cPlatform engineers <2026>\u201d");
            assertThat(source).contains("multipart/alternative", "text/plain", "text/html", "Content-Language: en",
                    "Auto-Submitted: auto-generated");
            assertThat(mail.get("Message-ID").asText()).endsWith("@codearena.mail>");
            String token = link.get("link").asText().substring(link.get("link").asText().indexOf("token=") + 6);
            // quoted-printable: soft line breaks out, '=' back
            String decoded = source.replace("=\r\n", "").replace("=3D", "=");
            assertThat(decoded).as("the candidate's own link").contains("token=" + token)
                    .as("the title escaped in the HTML part").contains("Platform engineers &lt;2026&gt;");
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sent(prefix)).isEqualTo(3));
        Thread.sleep(1000);
        assertThat(addresses).as("once each").allSatisfy(address -> assertThat(inbox(address)).hasSize(1));
    }

    /**
     * A mailing of 300 with the server killed (kill -9) in the middle: when it is back, every message has arrived,
     * each address has one message (one Message-ID), and at most the one message in flight at the kill came twice.
     */
    @Test
    void aMailingSurvivesTheServerKilledHalfway() throws Exception {
        long id = assessment("Kill in the middle");
        String prefix = "k" + UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            addresses.add(prefix + "-" + i + "@example.org");
        }
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", String.join("\n", addresses)));
        assertThat(invited.body().get("emailed").asInt()).isEqualTo(300);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> sent(prefix) >= 40);
        ProcessHandle server = ProcessHandle.of(Platform.pid("liberty")).orElseThrow();
        server.destroyForcibly();
        server.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        int sentAtKill = sent(prefix);
        assertThat(sentAtKill).as("killed halfway, not after the end").isLessThan(300);
        Platform.arena("up");

        // claims of the dead server come back after 60 s; then the rest goes at the test pace
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(3)).until(() -> sent(prefix) == 300);
        int copies = 0;
        for (String address : addresses) {
            List<JsonNode> inbox = inbox(address);
            assertThat(inbox).as(address).isNotEmpty();
            assertThat(inbox.stream().map(mail -> mail.get("Message-ID").asText()).distinct().count())
                    .as("one message for %s", address).isEqualTo(1);
            copies += inbox.size();
        }
        assertThat(copies).as("at most the message in flight at the kill twice (%d sent before it)", sentAtKill)
                .isBetween(300, 301);
    }

    @Test
    void inTheLanguageAskedForOrNoneWhenTheRecruiterSendsThemThemselves() throws InterruptedException {
        long id = assessment("Stage backend");
        String prefix = "m" + UUID.randomUUID().toString().substring(0, 8);
        Reply french = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", prefix + "-zoe@example.org", "language", "fr"));
        assertThat(french.body().get("emailed").asInt()).isEqualTo(1);
        Reply silent = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", prefix + "-yves@example.org", "sendEmail", false));
        assertThat(silent.body().get("invited").asInt()).isEqualTo(1);
        assertThat(silent.body().get("emailed").asInt()).isZero();
        Reply unknown = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", prefix + "-xena@example.org", "language", "tlh"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").asText()).contains("tlh", "en", "fr");

        await().atMost(Duration.ofSeconds(30)).until(() -> inbox(prefix + "-zoe@example.org").size() == 1);
        JsonNode mail = inbox(prefix + "-zoe@example.org").get(0);
        assertThat(mail.get("subject").asText()).startsWith("Vous \u00eates invit\u00e9");
        assertThat(mail.get("mimeMessage").asText()).contains("Content-Language: fr");
        Thread.sleep(2000);
        assertThat(inbox(prefix + "-yves@example.org")).isEmpty();
    }

    /**
     * Many invitations at once are a mass mailing: the recruiter's request only writes them down; the mailings job
     * reads the recipients from the replica and queues their mail, each in their own language where their account
     * has one; the progress is there to follow, and each arrives once. ADMINs can make mailings read the primary
     * instead (for a comparison); nonsense is refused.
     */
    @Test
    void aMassMailingReadsTheReplicaMailsEachOnceInTheirOwnLanguageAndShowsItsProgress() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient french = ArenaClient.signedUp();
        Reply settings = french.put("api/v1/accounts/me/settings", Map.of("language", "fr"));
        assertThat(settings.status()).as(settings.raw()).isEqualTo(200);
        assertThat(settings.body().get("language").asText()).isEqualTo("fr");
        Reply unknownLanguage = french.put("api/v1/accounts/me/settings", Map.of("language", "tlh"));
        assertThat(unknownLanguage.status()).isEqualTo(400);
        assertThat(unknownLanguage.body().get("error").asText()).contains("tlh", "en", "fr");
        String frenchAddress = french.username().toLowerCase() + "@example.org";

        long id = assessment("Graduate hiring day");
        String prefix = "g" + UUID.randomUUID().toString().substring(0, 8);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 449; i++) {
            addresses.add(prefix + "-" + i + "@example.org");
        }
        addresses.add(frenchAddress);
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", String.join("\n", addresses)));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        assertThat(invited.body().get("emailed").asInt()).isEqualTo(450);
        assertThat(invited.body().get("mailing").get("recipients").asInt()).isEqualTo(450);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode mailing = recruiter.get("api/v1/assessments/" + id + "/mailings").body().get(0);
            assertThat(mailing.get("state").asText()).as(mailing.toString()).isEqualTo("DONE");
            assertThat(mailing.get("sent").asInt()).isEqualTo(450);
            assertThat(mailing.get("readFrom").asText()).isEqualTo("replica");
        });
        Thread.sleep(1000);
        assertThat(addresses).as("once each").allSatisfy(address -> assertThat(inbox(address)).hasSize(1));
        assertThat(inbox(frenchAddress).get(0).get("subject").asText()).as("in the language of their account")
                .startsWith("Vous \u00eates invit\u00e9");
        assertThat(inbox(prefix + "-0@example.org").get(0).get("subject").asText()).startsWith("You are invited");
        assertThat(ArenaClient.signedUp().grant("RECRUITER").get("api/v1/assessments/" + id + "/mailings").status())
                .as("another recruiter's").isEqualTo(404);

        Reply bogus = admin.put("api/v1/admin/mailings", Map.of("readFrom", "somewhere"));
        assertThat(bogus.status()).isEqualTo(400);
        assertThat(bogus.body().get("error").asText()).contains("replica", "primary");
        try {
            assertThat(admin.put("api/v1/admin/mailings", Map.of("readFrom", "primary")).body().get("readFrom")
                    .asText()).isEqualTo("primary");
            String second = "p" + UUID.randomUUID().toString().substring(0, 8);
            List<String> more = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                more.add(second + "-" + i + "@example.org");
            }
            assertThat(recruiter.post("api/v1/assessments/" + id + "/invitations",
                    Map.of("addresses", String.join("\n", more))).body().get("mailing")).isNotNull();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                JsonNode mailing = recruiter.get("api/v1/assessments/" + id + "/mailings").body().get(0);
                assertThat(mailing.get("recipients").asInt()).isEqualTo(250);
                assertThat(mailing.get("state").asText()).isEqualTo("DONE");
                assertThat(mailing.get("readFrom").asText()).isEqualTo("primary");
            });
        } finally {
            admin.put("api/v1/admin/mailings", Map.of("readFrom", "replica"));
        }
        JsonNode view = admin.get("api/v1/admin/mailings").body();
        assertThat(view.get("readFrom").asText()).isEqualTo("replica");
        assertThat(view.get("mailings").findValuesAsText("assessmentId")).contains(String.valueOf(id));
    }

    /**
     * Results go out when the recruiter releases them, not before, and not while someone is still working: each
     * candidate who started gets their score per task and total with the recruiter's note, once; nobody else does.
     */
    @Test
    void releasedResultsReachEachCandidateWhoStartedOnceWithTheirScores() throws Exception {
        long id = assessment("Results day");
        String prefix = "s" + UUID.randomUUID().toString().substring(0, 8);
        String solver = prefix + "-solver@example.org";
        String idle = prefix + "-idle@example.org";
        String absent = prefix + "-absent@example.org";
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", solver + "\n" + idle + "\n" + absent, "sendEmail", false));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        Map<String, String> tokens = new java.util.HashMap<>();
        for (JsonNode link : invited.body().get("links")) {
            String url = link.get("link").asText();
            tokens.put(link.get("email").asText(), url.substring(url.indexOf("token=") + 6));
        }
        ArenaClient solverAccount = ArenaClient.signedUp();
        ArenaClient idleAccount = ArenaClient.signedUp();
        assertThat(solverAccount.post("api/v1/invitations/" + tokens.get(solver) + "/start", Map.of()).status()).isEqualTo(200);
        assertThat(idleAccount.post("api/v1/invitations/" + tokens.get(idle) + "/start", Map.of()).status()).isEqualTo(200);
        Reply submitted = solverAccount.post("api/v1/invitations/" + tokens.get(solver) + "/submissions", Map.of("task",
                "sum-of-two", "language", "python", "source", "a, b = map(int, input().split())\nprint(a + b)\n"));
        assertThat(submitted.status()).as(submitted.raw()).isEqualTo(202);
        solverAccount.awaitJudged(submitted.body().get("id").asLong());
        solverAccount.post("api/v1/invitations/" + tokens.get(solver) + "/finish", Map.of());

        Reply early = recruiter.post("api/v1/assessments/" + id + "/results", Map.of("note", "Well done"));
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body().get("error").asText()).contains("1 candidate(s) are still working");
        idleAccount.post("api/v1/invitations/" + tokens.get(idle) + "/finish", Map.of());
        assertThat(ArenaClient.signedUp().grant("RECRUITER").post("api/v1/assessments/" + id + "/results", Map.of())
                .status()).as("another recruiter's").isEqualTo(404);

        Reply released = recruiter.post("api/v1/assessments/" + id + "/results",
                Map.of("note", "Thank you all <b>warmly</b>."));
        assertThat(released.status()).as(released.raw()).isEqualTo(202);
        assertThat(released.body().get("candidates").asInt()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> inbox(solver).size() == 1 && inbox(idle).size() == 1);
        JsonNode mail = inbox(solver).get(0);
        assertThat(mail.get("subject").asText()).isEqualTo("Your results: the assessment \u201cResults day\u201d");
        String source = mail.get("mimeMessage").asText().replace("=\r\n", "").replace("=3D", "=");
        assertThat(source).contains("9 points of 9").contains("Sum of two numbers: 9 / 9")
                .contains("Thank you all <b>warmly</b>.").as("the note escaped in the HTML part")
                .contains("Thank you all &lt;b&gt;warmly&lt;/b&gt;.");
        String idleSource = inbox(idle).get(0).get("mimeMessage").asText().replace("=\r\n", "");
        assertThat(idleSource).contains("0 points of 9");

        // again: nobody is mailed twice
        assertThat(recruiter.post("api/v1/assessments/" + id + "/results", Map.of()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                recruiter.get("api/v1/assessments/" + id + "/mailings").body().findValuesAsText("state"))
                .containsOnly("DONE"));
        Thread.sleep(1000);
        assertThat(inbox(solver)).hasSize(1);
        assertThat(inbox(absent)).as("never started: no results").isEmpty();
    }
}
