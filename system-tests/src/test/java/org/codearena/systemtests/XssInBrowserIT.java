package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Markup and script typed into every place a person can type text that others see (a program's output and its
 * errors, source code, a contest's title, an assessment's title) shown in a real Chromium: it appears as the
 * text it is, and nothing runs. A payload that ran would open an alert (the next browser command fails on it)
 * or set {@code window.__xss}. Names cannot carry markup at all (letters, digits, '_', '-', '.').
 */
class XssInBrowserIT extends HeadlessChromium {

    private static final String PAYLOAD = "<img src=x onerror=alert(document.domain)>"
            + "<script>window.__xss=1</script><svg onload=window.__xss=2>\"'&amp;";

    private static void nothingRan() {
        Object marker = ((JavascriptExecutor) browser).executeScript("return window.__xss === undefined");
        assertThat(marker).as("a payload ran on " + browser.getCurrentUrl()).isEqualTo(true);
    }

    private static void ready() {
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    @Test
    void aProgramsOutputAndErrorsAreShownAsText() {
        ArenaClient person = ArenaClient.signedUp();
        logIn(person.username(), person.password());
        browser.get(ArenaClient.BASE_URL + "editor.html");
        ready();
        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        ((JavascriptExecutor) browser).executeScript("window.codeArenaEditor.setSource(arguments[0])",
                "import sys\nprint(sys.stdin.read())\nsys.stderr.write(" + pythonString(PAYLOAD) + ")\n");
        browser.findElement(By.id("stdin")).clear();
        browser.findElement(By.id("stdin")).sendKeys(PAYLOAD);
        browser.findElement(By.id("run")).click();
        waitUpTo(60).until(ExpectedConditions.textToBe(By.id("verdict"), "OK"));
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo(PAYLOAD);
        assertThat(browser.findElement(By.id("stderr")).getText()).isEqualTo(PAYLOAD);
        nothingRan();
    }

    @Test
    void aContestsTitleIsShownAsText() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "x" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", PAYLOAD,
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString(), "tasks", List.of("sum-of-two")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        ArenaClient person = ArenaClient.signedUp();
        logIn(person.username(), person.password());
        browser.get(ArenaClient.BASE_URL + "contest.html?slug=" + slug);
        ready();
        assertThat(browser.findElement(By.id("contest-title")).getText()).isEqualTo(PAYLOAD);
        nothingRan();
    }

    /** The recruiter's page and the candidate's both show the title; the recruiter reads the candidate's code. */
    @Test
    void anAssessmentsTitleAndACandidatesCodeAreShownAsText() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", PAYLOAD, "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", Instant.now().minusSeconds(60).toString(),
                "closesAt", Instant.now().plus(Duration.ofDays(1)).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", "candidate@example.org"));
        String link = invited.body().get("links").get(0).get("link").asText();

        ArenaClient candidate = ArenaClient.signedUp();
        logIn(candidate.username(), candidate.password());
        browser.get(link);
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-assessment-ready", "true"));
        assertThat(browser.findElement(By.id("intro-title")).getText()).isEqualTo(PAYLOAD);
        nothingRan();
        browser.findElement(By.id("start")).click();
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "STARTED"));
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("task-title"), "Sum of two numbers"));
        ((JavascriptExecutor) browser).executeScript("window.codeArenaEditor.setSource(arguments[0])",
                "# " + PAYLOAD + "\na, b = map(int, input().split())\nprint(a + b)\n");
        browser.findElement(By.id("submit")).click();
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "OK"));
        nothingRan();

        signedOut(browser);
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        ready();
        browser.findElement(By.cssSelector("#assessments button[data-id='" + id + "']")).click();
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("detail-title"), PAYLOAD));
        browser.findElement(By.cssSelector("#candidates tbody tr .open-code")).click();
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".candidate-submission"), 1));
        assertThat(browser.findElement(By.id("candidate-code-list")).getText()).contains("# " + PAYLOAD);
        nothingRan();
    }

    private static String pythonString(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
