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
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Reports read from the replica: an assessment's for its recruiter (score distribution, time used, pass rates per
 * task and per test), a contest's and the platform's use for ADMINs; as JSON, as CSV, and as pages with charts in
 * a real browser, each saying how fresh its figures are.
 */
class ReportsIT extends HeadlessChromium {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static final String WRONG = "print('not a sum')\n";

    private static JsonNode table(JsonNode report, String id) {
        for (JsonNode table : report.get("tables")) {
            if (table.get("id").asText().equals(id)) {
                return table;
            }
        }
        throw new AssertionError("no table " + id + " in " + report);
    }

    private static long column(JsonNode table, String name) {
        long sum = 0;
        int index = indexOf(table, name);
        for (JsonNode row : table.get("rows")) {
            sum += row.get(index).asLong();
        }
        return sum;
    }

    private static int indexOf(JsonNode table, String name) {
        for (int i = 0; i < table.get("columns").size(); i++) {
            if (table.get("columns").get(i).asText().equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name + " in " + table);
    }


    /** An assessment of two tasks: three invited, two started, one solved sum-of-two and one did not. */
    private static long takenAssessment(ArenaClient recruiter) {
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Reported hiring round",
                "tasks", List.of("sum-of-two", "reverse-words"), "durationMinutes", 30,
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plus(Duration.ofHours(2)).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses",
                "solver@example.org, wrong@example.org, absent@example.org", "sendEmail", false));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        for (String[] candidate : new String[][] {{"solver@example.org", SUM}, {"wrong@example.org", WRONG}}) {
            ArenaClient person = ArenaClient.signedUp();
            String token = ArenaClient.invitationToken(invited, candidate[0]);
            assertThat(person.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);
            Reply accepted = person.post("api/v1/invitations/" + token + "/submissions",
                    Map.of("task", "sum-of-two", "language", "python", "source", candidate[1]));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            person.awaitJudged(accepted.body().get("id").asLong());
        }
        return id;
    }

    @Test
    void anAssessmentsReportCountsScoresTimeAndPassRatesPerTaskAndTestForItsRecruiterOnly() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = takenAssessment(recruiter);
        String path = "api/v1/reports/assessments/" + id;

        // read from the replica: the last judgement reaches it within moments
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Reply report = recruiter.get(path);
            assertThat(report.status()).as(report.raw()).isEqualTo(200);
            assertThat(column(table(report.body(), "tests"), "final submissions")).isPositive();
            assertThat(table(report.body(), "tests").get("rows").get(0).get(1).asInt()).isEqualTo(2);
        });
        JsonNode report = recruiter.get(path).body();
        assertThat(report.get("title").asText()).isEqualTo("Reported hiring round");
        JsonNode summary = report.get("summary");
        assertThat(summary.get("invited").asInt()).isEqualTo(3);
        assertThat(summary.get("started").asInt()).isEqualTo(2);
        assertThat(summary.get("fullMarks").asInt()).isZero();
        assertThat(column(table(report, "scores"), "candidates")).isEqualTo(2);
        assertThat(column(table(report, "time"), "candidates")).isEqualTo(2);
        JsonNode sum = table(report, "tasks").get("rows").get(0);
        assertThat(sum.get(0).asText()).isEqualTo("Sum of two numbers");
        assertThat(sum.get(1).asInt()).as("attempted").isEqualTo(2);
        assertThat(sum.get(2).asInt()).as("full marks").isEqualTo(1);
        assertThat(sum.get(3).asDouble()).as("pass rate %").isEqualTo(50.0);
        JsonNode reverse = table(report, "tasks").get("rows").get(1);
        assertThat(reverse.get(1).asInt()).as("nobody tried reverse-words").isZero();
        for (JsonNode test : table(report, "tests").get("rows")) {
            assertThat(test.get(0).asText()).startsWith("sum-of-two #");
            assertThat(test.get(1).asInt()).isEqualTo(2);
            assertThat(test.get(2).asInt()).isEqualTo(1);
        }
        JsonNode freshness = report.get("freshness");
        assertThat(freshness.get("lagMillis").asLong()).isBetween(0L, 20_000L);
        assertThat(freshness.get("stale").asBoolean()).isFalse();

        Reply csv = recruiter.get(path + "/tests.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("assessment-" + id + "-tests.csv");
        assertThat(csv.raw()).startsWith("test,final submissions,passed,pass rate %").contains("sum-of-two #1,2,1,50.0");
        Reply noTable = recruiter.get(path + "/nothing.csv");
        assertThat(noTable.status()).isEqualTo(404);
        assertThat(noTable.body().get("error").asText()).contains("scores", "tests");

        assertThat(ArenaClient.signedUp().grant("RECRUITER").get(path).status()).as("another recruiter's").isEqualTo(404);
        assertThat(ArenaClient.signedUp().get(path).status()).as("no role").isEqualTo(403);
        assertThat(ArenaClient.signedUp().grant("ADMIN").get(path).status()).as("an ADMIN sees all").isEqualTo(200);
        assertThat(recruiter.get("api/v1/reports/assessments/abc").status()).isEqualTo(400);
    }

    @Test
    void contestAndUsageReportsAreForAdminsAndCountWhatHappened() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "r" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Reported cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(1)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        ArenaClient ada = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        for (ArenaClient person : List.of(ada, bob)) {
            assertThat(person.post("api/v1/contests/" + slug + "/join", Map.of()).status()).isEqualTo(200);
        }
        for (Object[] attempt : new Object[][] {{ada, SUM}, {bob, WRONG}}) {
            ArenaClient person = (ArenaClient) attempt[0];
            Reply accepted = person.post("api/v1/contests/" + slug + "/submissions",
                    Map.of("task", "sum-of-two", "language", "python", "source", attempt[1]));
            assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            person.awaitJudged(accepted.body().get("id").asLong());
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode report = admin.get("api/v1/reports/contests/" + slug).body();
            assertThat(report.get("summary").get("participants").asInt()).as(report.toString()).isEqualTo(2);
            assertThat(report.get("summary").get("submissions").asInt()).isEqualTo(2);
            assertThat(column(table(report, "submissions"), "accepted")).isEqualTo(1);
            assertThat(column(table(report, "submissions"), "rejected")).isEqualTo(1);
            assertThat(column(table(report, "scores"), "participants")).isEqualTo(2);
            assertThat(table(report, "tasks").get("rows").get(0).get(2).asInt()).as("solved").isEqualTo(1);
        });
        assertThat(admin.get("api/v1/reports/contests/no-such-cup").status()).isEqualTo(404);
        assertThat(ada.get("api/v1/reports/contests/" + slug).status()).isEqualTo(403);

        // the runs above are the platform's use too
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode usage = admin.get("api/v1/reports/usage?hours=2").body();
            assertThat(column(table(usage, "runs"), "python")).isGreaterThanOrEqualTo(2);
            assertThat(table(usage, "runs").get("rows").size()).isEqualTo(2);
            assertThat(usage.get("summary").get("people").asInt()).isPositive();
        });
        Reply csv = admin.get("api/v1/reports/usage/verdicts.csv?hours=2");
        assertThat(csv.raw()).startsWith("verdict,runs").contains("OK,");
        Reply badHours = admin.get("api/v1/reports/usage?hours=0");
        assertThat(badHours.status()).isEqualTo(400);
        assertThat(badHours.body().get("error").asText()).contains("hours is from 1 to 336");
        assertThat(ada.get("api/v1/reports/usage").status()).isEqualTo(403);
    }

    @Test
    void theRecruiterSeesTheReportAsChartsAndAnAdminSeesTheUsageReport() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = takenAssessment(recruiter);
        await().atMost(Duration.ofSeconds(20)).until(() ->
                recruiter.get("api/v1/reports/assessments/" + id).body().get("summary").get("started").asInt() == 2);

        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        browser.findElement(By.cssSelector("#assessments button[data-id='" + id + "']")).click();
        waitUpTo(10).until(ExpectedConditions.attributeContains(By.id("report-link"), "href", "assessment=" + id));
        browser.findElement(By.id("report-link")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("report-title")).getText()).contains("Reported hiring round");
        assertThat(browser.findElement(By.id("report-freshness")).getText()).startsWith("Data as of").contains("ago");
        assertThat(browser.findElement(By.cssSelector("[data-figure='started'] dd")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector("[data-figure='invited'] dd")).getText()).isEqualTo("3");
        for (String table : List.of("scores", "time", "tasks", "tests")) {
            assertThat(browser.findElements(By.cssSelector("[data-table='" + table + "'] .report-chart canvas")))
                    .as("a chart of " + table).isNotEmpty();
        }
        String csv = browser.findElement(By.cssSelector("[data-table='tasks'] a[download]")).getAttribute("href");
        assertThat(csv).endsWith("/api/v1/reports/assessments/" + id + "/tasks.csv");

        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        admin.run("python", "print(1)\n", "");
        signedOut(browser);
        logIn(admin.username(), admin.password());
        browser.findElement(By.linkText("Usage report")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("report-title")).getText()).isEqualTo("Platform use, last 24 h");
        assertThat(browser.findElement(By.cssSelector("nav a[aria-current='page']")).getText()).isEqualTo("Usage report");
        assertThat(Long.parseLong(browser.findElement(By.cssSelector("[data-figure='runs'] dd")).getText())).isPositive();
        assertThat(browser.findElements(By.cssSelector("[data-table='runs'] .report-chart canvas"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("[data-table='waits'] .report-chart canvas"))).isNotEmpty();
        // a longer period: the page reads the report again
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("report-hours"))).selectByValue("168");
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("report-title"), "Platform use, last 7 days"));
    }
}
