package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The task studio in a real browser: a RECRUITER writes a task from scratch (statement with its preview,
 * tests, a reference solution), it is verified on the runners, published, chosen for an assessment on the
 * assessments page, and a candidate of that assessment reads it and solves it.
 */
class TaskStudioIT extends HeadlessChromium {

    private static final String SUM = "a, b = map(int, input().split())\nprint(a + b)\n";

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a textarea's value as pasting does (typing a long text key by key is slow). */
    private static void paste(WebElement area, String text) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];"
                + "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", area, text);
    }

    @Test
    void aRecruiterWritesATaskPublishesItAndUsesItInAnAssessment() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "task-studio.html");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"),
                "No tasks yet"));

        String title = "Sum of two from the studio " + ArenaClient.uniqueName("t");
        type("author-title", title);
        WebElement statement = browser.findElement(By.id("author-statement"));
        statement.sendKeys("Print the sum of two numbers.\n\n## Input\n\nTwo whole numbers `a` and `b`.\n");
        // the live preview is the page's own rendering: a heading, code, and nothing raw
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#author-preview h2")));
        assertThat(browser.findElement(By.cssSelector("#author-preview h2")).getText()).isEqualTo("Input");

        List<WebElement> inputs = browser.findElements(By.cssSelector("#author-tests .test-input"));
        List<WebElement> answers = browser.findElements(By.cssSelector("#author-tests .test-answer"));
        paste(inputs.get(0), "2 3\n");
        paste(answers.get(0), "5\n");
        paste(inputs.get(1), "10 -4\n");
        paste(answers.get(1), "6\n");
        browser.findElement(By.id("author-add-test")).click();
        paste(browser.findElements(By.cssSelector("#author-tests .test-input")).get(2), "1000000000 1000000000\n");
        paste(browser.findElements(By.cssSelector("#author-tests .test-answer")).get(2), "2000000000\n");
        new Select(browser.findElement(By.id("author-ref-language"))).selectByValue("python");
        paste(browser.findElement(By.id("author-ref-source")), SUM);
        browser.findElement(By.id("author-submit")).click();

        // the reference solution is judged on every test: the report fills in, then says it verified
        waitUpTo(180).until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-verdict"),
                "Verified"));
        assertThat(browser.findElement(By.id("report-examples")).getText()).contains("accepted/reference.py")
                .contains("OK").contains("yes");
        assertThat(browser.findElement(By.id("report-progress")).getAttribute("value"))
                .isEqualTo(browser.findElement(By.id("report-progress")).getAttribute("max"));
        browser.findElement(By.id("publish")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("report-verdict"),
                "you can use it in your assessments now"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("task-list"), "you (private)"));

        // the assessments page offers the recruiter's own published task
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("create-tasks"), title));
        WebElement own = browser.findElement(By.xpath("//fieldset[@id='create-tasks']//label[contains(., '"
                + title + "')]/input"));
        own.click();
        type("create-title", "Hiring with our own task");
        browser.findElement(By.id("create-submit")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("create-message"), "Created"));

        // a candidate of that assessment reads the private task through the invitation and solves it
        JsonNode assessments = recruiter.get("api/v1/assessments").body();
        long id = -1;
        for (JsonNode assessment : assessments) {
            if (assessment.get("title").asText().equals("Hiring with our own task")) {
                id = assessment.get("id").asLong();
            }
        }
        assertThat(id).isPositive();
        ArenaClient.Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", "studio-candidate@example.org", "sendEmail", false));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        String link = invited.body().get("links").get(0).get("link").asText();
        String token = link.substring(link.indexOf("token=") + 6);
        String slug = recruiter.get("api/v1/task-packages/tasks").body().get(0).get("slug").asText();
        ArenaClient candidate = ArenaClient.signedUp();
        assertThat(candidate.get("api/v1/tasks/" + slug).status()).as("not in the public list").isEqualTo(404);
        assertThat(candidate.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);
        JsonNode task = candidate.get("api/v1/invitations/" + token + "/tasks/" + slug).body();
        assertThat(task.get("title").asText()).isEqualTo(title);
        assertThat(task.get("samples").get(0).get("input").asText()).isEqualTo("2 3\n");
        ArenaClient.Reply accepted = candidate.post("api/v1/invitations/" + token + "/submissions",
                Map.of("task", slug, "language", "python", "source", SUM));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        JsonNode judged = candidate.awaitJudged(accepted.body().get("id").asLong());
        assertThat(judged.get("verdict").asText()).isEqualTo("OK");
        assertThat(judged.get("score").asInt()).isEqualTo(100);
    }

    @Test
    void aTaskWhoseReferenceSolutionFailsStaysADraftAndSaysWhy() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        ArenaClient.Reply saved = recruiter.post("api/v1/task-packages/authored", Map.of(
                "title", "Wrong reference", "statement", "Print the sum.",
                "tests", List.of(Map.of("input", "1 2\n", "answer", "3\n", "sample", true),
                        Map.of("input", "2 2\n", "answer", "4\n")),
                "referenceLanguage", "python", "referenceSource", "print(3)\n"));
        assertThat(saved.status()).as(saved.raw()).isEqualTo(202);
        JsonNode done = ProblemPackagesIT.importAndAwait(recruiter, null, saved);
        assertThat(done.get("status").asText()).isEqualTo("FAILED");
        assertThat(done.get("report").get("examples").get(0).get("note").asText())
                .startsWith("expected accepted with full marks, got WRONG_ANSWER");
        ArenaClient.Reply publish = recruiter.post("api/v1/task-packages/tasks/" + done.get("task").asText()
                + "/publish", Map.of());
        assertThat(publish.status()).isEqualTo(409);
        ArenaClient.Reply missing = recruiter.post("api/v1/task-packages/authored", Map.of("title", "No tests",
                "statement", "x", "referenceLanguage", "python", "referenceSource", "print(1)"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("error").asText()).isEqualTo("tests: add at least one hidden test (not an example)");
        ArenaClient.Reply notRecruiter = ArenaClient.signedUp().post("api/v1/task-packages/authored", Map.of());
        assertThat(notRecruiter.status()).isEqualTo(403);
    }

    /** A new version of a task keeps what was judged before and offers a re-judge, which uses the new tests. */
    @Test
    void aNewVersionKeepsOldResultsAndTheRejudgeUsesItsTests() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Map<String, Object> task = new java.util.LinkedHashMap<>(Map.of("title", "Versioned sum", "statement",
                "Print the sum.", "tests", List.of(Map.of("input", "1 2\n", "answer", "3\n", "sample", true),
                        Map.of("input", "2 2\n", "answer", "4\n")),
                "referenceLanguage", "python", "referenceSource", SUM));
        JsonNode first = ProblemPackagesIT.importAndAwait(recruiter, null,
                recruiter.post("api/v1/task-packages/authored", task));
        assertThat(first.get("status").asText()).isEqualTo("VERIFIED");
        assertThat(first.get("version").asInt()).isEqualTo(1);
        String slug = first.get("task").asText();
        assertThat(recruiter.post("api/v1/task-packages/tasks/" + slug + "/publish", Map.of()).status()).isEqualTo(200);
        // the author checks their own task through a submission of their own (a private task: only theirs)
        JsonNode judged = recruiter.awaitJudged(recruiter.submit(slug, "python", "print(4)\n"));
        assertThat(judged.get("testsTotal").asInt()).isEqualTo(2);

        JsonNode source = recruiter.get("api/v1/task-packages/tasks/" + slug + "/source").body();
        assertThat(source.get("tests")).hasSize(2);
        assertThat(source.get("referenceSource").asText()).isEqualTo(SUM);
        task.put("task", slug);
        task.put("tests", List.of(Map.of("input", "1 2\n", "answer", "3\n", "sample", true),
                Map.of("input", "2 2\n", "answer", "4\n"), Map.of("input", "5 5\n", "answer", "10\n")));
        JsonNode second = ProblemPackagesIT.importAndAwait(recruiter, null,
                recruiter.post("api/v1/task-packages/authored", task));
        assertThat(second.get("status").asText()).isEqualTo("VERIFIED");
        assertThat(second.get("task").asText()).isEqualTo(slug);
        assertThat(second.get("version").asInt()).isEqualTo(2);
        assertThat(second.get("submissions").asInt()).isEqualTo(1);
        JsonNode kept = recruiter.get("api/v1/submissions/" + judged.get("id").asLong()).body();
        assertThat(kept.get("score").asInt()).as("judged on version 1, kept").isEqualTo(judged.get("score").asInt());

        ArenaClient.Reply rejudged = recruiter.post("api/v1/task-packages/tasks/" + slug + "/rejudge", Map.of());
        assertThat(rejudged.status()).as(rejudged.raw()).isEqualTo(200);
        assertThat(rejudged.body().get("requeued").asInt()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(120)).untilAsserted(() -> {
            JsonNode again = recruiter.get("api/v1/submissions/" + judged.get("id").asLong()).body();
            assertThat(again.get("status").asText()).isEqualTo("JUDGED");
            assertThat(again.get("tests")).hasSize(3);
            assertThat(again.get("testsPassed").asInt()).as("the example and 5 5 fail").isEqualTo(1);
        });
        ArenaClient stranger = ArenaClient.signedUp().grant("RECRUITER");
        assertThat(stranger.post("api/v1/task-packages/tasks/" + slug + "/rejudge", Map.of()).status()).isEqualTo(403);
    }
}
