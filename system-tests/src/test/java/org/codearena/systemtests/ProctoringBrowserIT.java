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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Proctoring in a real Chromium with a fake camera: the candidate reads what is recorded, agrees and starts; the
 * page sends webcam snapshots and the events it sees (a paste, the tab left) in the background while the
 * candidate works; the recruiter opens the candidate's timeline (summary, time axis, strip of snapshots). A
 * candidate who refuses the camera is told what to do, and nothing starts.
 */
class ProctoringBrowserIT extends HeadlessChromium {

    private static long proctoredAssessment(ArenaClient recruiter, String email) {
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Watched in the browser",
                "tasks", List.of("sum-of-two"), "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(2)).toString(),
                "proctoring", Map.of("mode", "WEBCAM", "snapshotSeconds", 5, "retentionDays", 7)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asLong();
    }

    private static String invite(ArenaClient recruiter, long id, String email) {
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations",
                Map.of("addresses", email, "sendEmail", false));
        return ArenaClient.invitationToken(invited, email);
    }

    @Test
    void theCandidateAgreesSnapshotsAndEventsArriveAndTheRecruiterSeesTheTimeline() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = proctoredAssessment(recruiter, "camera@example.org");
        String token = invite(recruiter, id, "camera@example.org");
        ArenaClient candidate = ArenaClient.signedUp();

        logIn(candidate.username(), candidate.password());
        browser.get(ArenaClient.BASE_URL + "assessment.html?token=" + token);
        waitUpTo(20).until(ExpectedConditions.visibilityOfElementLocated(By.id("proctoring-box")));
        assertThat(browser.findElement(By.id("proctoring-recorded")).getText())
                .contains("webcam snapshots every 5 s", "kept 7 days");
        browser.findElement(By.id("start")).click();
        waitUpTo(5).until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-message"), "tick"));
        assertThat(candidate.get("api/v1/invitations/" + token).body().get("state").asText())
                .as("nothing started without the agreement").isEqualTo("INVITED");

        browser.findElement(By.id("proctoring-agree")).click();
        browser.findElement(By.id("start")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "STARTED"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("proctoring-status"),
                "snapshot"));
        // a paste into the page, and the tab left for a moment (as the browser reports it to the page)
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("const data = new DataTransfer(); data.setData('text', 'x'.repeat(640));"
                + "document.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true}));");
        js.executeScript("Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});"
                + "document.dispatchEvent(new Event('visibilitychange'));");
        Platform.pause(1200);
        js.executeScript("Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});"
                + "document.dispatchEvent(new Event('visibilitychange'));");

        long candidateId = recruiter.get("api/v1/assessments/" + id + "/candidates").body().get(0).get("id").asLong();
        String timeline = "api/v1/assessments/" + id + "/candidates/" + candidateId + "/proctoring";
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode recorded = recruiter.get(timeline).body();
            assertThat(recorded.get("snapshots").size()).as("webcam snapshots").isGreaterThanOrEqualTo(2);
            assertThat(recorded.get("events").findValuesAsText("kind")).contains("PASTE", "TAB_AWAY");
        });
        JsonNode recorded = recruiter.get(timeline).body();
        assertThat(recorded.get("summary").get("text").asText())
                .contains("left the tab once", "1 large paste (640 characters)", "webcam snapshots");
        assertThat(recorded.get("snapshots").get(0).get("kind").asText()).isEqualTo("WEBCAM");

        // the recruiter's page: the summary, the time axis, the strip of snapshots (real images)
        signedOut(browser);
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#assessments button[data-id='" + id + "']"))).click();
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#candidates .open-proctoring")))
                .click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("candidate-proctoring-summary"),
                "Left the tab once"));
        assertThat(browser.findElements(By.cssSelector("#candidate-proctoring-timeline svg .tick")).size())
                .isGreaterThanOrEqualTo(2);
        assertThat(browser.findElements(By.cssSelector("#candidate-proctoring-timeline svg .event"))).hasSize(2);
        waitUpTo(20).until(driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
                "const img = document.querySelector('#candidate-proctoring-strip img');"
                        + "return img !== null && img.complete && img.naturalWidth === 320;"));
    }

    @Test
    void refusingTheCameraSaysWhatToDoAndStartsNothing() throws Exception {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = proctoredAssessment(recruiter, "shy@example.org");
        String token = invite(recruiter, id, "shy@example.org");
        ArenaClient candidate = ArenaClient.signedUp();
        WebDriver refusing = browserRefusingTheCamera();
        try {
            refusing.get(ArenaClient.BASE_URL);
            refusing.findElement(By.id("login-username")).sendKeys(candidate.username());
            refusing.findElement(By.id("login-password")).sendKeys(candidate.password());
            refusing.findElement(By.id("login-submit")).click();
            WebDriverWait wait = new WebDriverWait(refusing, Duration.ofSeconds(20));
            wait.until(ExpectedConditions.urlContains("tasks.html"));
            refusing.get(ArenaClient.BASE_URL + "assessment.html?token=" + token);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("proctoring-box")));
            refusing.findElement(By.id("proctoring-agree")).click();
            refusing.findElement(By.id("start")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("page-message"), "camera"));
            assertThat(refusing.findElement(By.id("page-message")).getText())
                    .contains("requires your camera", "Allow the camera for this site", "press Start again");
            assertThat(candidate.get("api/v1/invitations/" + token).body().get("state").asText())
                    .isEqualTo("INVITED");
        } finally {
            refusing.quit();
        }
    }
}
