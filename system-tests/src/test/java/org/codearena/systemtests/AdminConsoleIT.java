package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The admin console (/admin/): an ADMIN sees the lanes, the runners, the database and what ADMINs did; a plain
 * user and a recruiter get the page that says it is not open to them; a visitor is asked to sign in first.
 */
class AdminConsoleIT extends HeadlessChromium {

    @Test
    void anAdminSeesLanesRunnersAndTheAuditLog() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "audit" + ArenaClient.uniqueName("").toLowerCase();
        assertThat(admin.post("api/v1/contests", Map.of("slug", slug, "title", "Audited cup",
                "startsAt", Instant.now().plusSeconds(600).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString(), "tasks", List.of("sum-of-two"))).status())
                .isEqualTo(201);
        assertThat(admin.run("python", "print(1)", "").get("verdict").asText()).isEqualTo("OK");

        logIn(admin.username(), admin.password());
        browser.findElement(By.cssSelector("#site-nav a[href='/admin/']")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("holder")).getText()).contains("holds the matchmaker");
        // the live parts come pushed over the socket, not polled
        waitUpTo(15).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-push", "live"));
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#lanes tr[data-lane='python|INTERACTIVE']")));
        assertThat(browser.findElement(By.cssSelector("#lanes tr[data-lane='python|INTERACTIVE']")).getText())
                .contains("python", "INTERACTIVE");
        // pause a lane from the console and resume it
        String lane = "#lanes tr[data-lane='python|INTERACTIVE']";
        try {
            browser.findElement(By.cssSelector(lane + " button")).click();
            browser.switchTo().alert().accept();
            waitUpTo(10).until(ExpectedConditions.attributeToBe(By.cssSelector(lane), "data-paused", "true"));
            assertThat(browser.findElement(By.id("action-message")).getText()).contains("is paused");
            browser.findElement(By.cssSelector(lane + " button")).click();
            waitUpTo(10).until(ExpectedConditions.attributeToBe(By.cssSelector(lane), "data-paused", "false"));
        } finally {
            admin.post("api/v1/admin/lanes/python/INTERACTIVE/resume", Map.of());
        }
        assertThat(browser.findElements(By.cssSelector("#runners tr[data-runner]"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.findElement(By.cssSelector("#runners tr[data-runner='runner-2'] button")).getText())
                .isEqualTo("Drain");
        assertThat(browser.findElement(By.cssSelector("#runners tr[data-runner='runner-1']")).getText())
                .containsAnyOf("idle", "busy");
        assertThat(browser.findElement(By.id("replica")).getText()).contains("Replay lag");
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pools"), "in use of 40"));
        assertThat(browser.findElement(By.id("pools")).getText()).contains("jdbc/arena:", "jdbc/arenaReplica:");
        // the broker's own console, started by the launcher on loopback
        String brokerConsole = browser.findElement(By.id("broker-console-link")).getAttribute("href");
        assertThat(brokerConsole).startsWith("http://127.0.0.1:");
        try {
            int status = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(brokerConsole)).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            assertThat(status).as("the Artemis console answers").isLessThan(500);
        } catch (java.io.IOException e) {
            throw new AssertionError("the Artemis console does not answer at " + brokerConsole, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // the scheduled jobs: schedule and next run; run one now from the console
        String reminders = "#schedule tr[data-key='assessment-reminders']";
        waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(reminders)));
        assertThat(browser.findElement(By.cssSelector(reminders)).getText()).contains("minute=*/15");
        browser.findElement(By.cssSelector(reminders + " button")).click();
        browser.switchTo().alert().accept();
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"),
                "assessment-reminders ran"));
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(reminders),
                "read from the replica"));
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "lane-resumed"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains(admin.username(), "contest-created", slug,
                "lane-paused");
        // the charts' history comes from the server (it survives a reload)
        waitUpTo(40).until(driver -> {
            driver.navigate().refresh();
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
            String samples = driver.findElement(By.tagName("body")).getAttribute("data-samples");
            return samples != null && Integer.parseInt(samples) > 0;
        });
        assertThat(browser.findElements(By.cssSelector("#chart-depth canvas"))).isNotEmpty();
        assertThat(new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa")).analyze(browser).getViolations().stream()
                .filter(rule -> List.of("serious", "critical").contains(rule.getImpact())).map(rule -> rule.getId())
                .toList()).isEmpty();

        JsonAssertions.forbidden(ArenaClient.signedUp(), "api/v1/admin/history");
        JsonAssertions.forbidden(ArenaClient.signedUp().grant("RECRUITER"), "api/v1/admin/audit");
        assertThat(admin.get("api/v1/admin/audit?limit=5").body().findValuesAsText("action")).contains("contest-created");
    }

    /**
     * The autoscaler on the console: its state and latest evaluation in words, switched on and off from the form
     * (bounds that keep the two runners there are, so that nothing else changes), runners the platform started with
     * Stop and Restart beside Drain.
     */
    @Test
    void anAdminSwitchesAutoscalingOnTheConsole() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        try {
            logIn(admin.username(), admin.password());
            browser.get(ArenaClient.BASE_URL + "admin/");
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("scaling-state"), "provider “local”"));
            assertThat(browser.findElement(By.tagName("body")).getAttribute("data-scaling")).isEqualTo("off");
            assertThat(browser.findElement(By.cssSelector("#runners tr[data-runner='runner-1']")).getText())
                    .contains("Drain", "Stop", "Restart");

            browser.findElement(By.id("scaling-enabled")).click();
            for (String field : List.of("scaling-min", "scaling-max")) {
                browser.findElement(By.id(field)).clear();
                browser.findElement(By.id(field)).sendKeys("2");
            }
            browser.findElement(By.cssSelector("#scaling-form button[type='submit']")).click();
            waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-scaling", "on"));
            assertThat(browser.findElement(By.id("action-message")).getText())
                    .isEqualTo("Autoscaling is on, between 2 and 2 runners.");
            assertThat(browser.findElement(By.id("scaling-state")).getText()).startsWith("On: between 2 and 2 runners");
            // the next evaluation (every 5 s) holds: two runners, bounds 2 and 2
            waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("scaling-latest"), "hold — "));
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("audit"), "autoscaling-on"));

            browser.findElement(By.id("scaling-enabled")).click();
            browser.findElement(By.cssSelector("#scaling-form button[type='submit']")).click();
            waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-scaling", "off"));
            // bounds that make no sense are refused with a reason, and nothing changes
            browser.findElement(By.id("scaling-min")).clear();
            browser.findElement(By.id("scaling-min")).sendKeys("3");
            browser.findElement(By.cssSelector("#scaling-form button[type='submit']")).click();
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("action-message"), "min"));
            assertThat(browser.findElement(By.id("action-message")).getAttribute("class")).contains("error");
        } finally {
            admin.put("api/v1/admin/scaling", Map.of("enabled", false, "min", 1, "max", 4));
        }
    }

    /** Maintenance mode: the message an ADMIN writes on the console shows on every page, signed in or not. */
    @Test
    void aMaintenanceMessageShowsOnEveryPage() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        assertThat(ArenaClient.signedUp().put("api/v1/admin/maintenance", Map.of("message", "x")).status())
                .isEqualTo(403);
        assertThat(admin.put("api/v1/admin/maintenance", Map.of("message", " ")).body().get("error").asText())
                .contains("say what people should know");
        try {
            logIn(admin.username(), admin.password());
            browser.get(ArenaClient.BASE_URL + "admin/");
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
            browser.findElement(By.id("maintenance-message")).sendKeys("Upgrading the runners until 18:30 <b>now</b>");
            browser.findElement(By.id("maintenance-start")).click();
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("maintenance-state"), "On since"));

            browser.get(ArenaClient.BASE_URL + "tasks.html");
            waitUpTo(10).until(ExpectedConditions.textToBe(By.id("maintenance-banner"),
                    "Maintenance: Upgrading the runners until 18:30 <b>now</b>"));
            signedOut(browser);
            browser.get(ArenaClient.BASE_URL);
            waitUpTo(10).until(ExpectedConditions.presenceOfElementLocated(By.id("maintenance-banner")));
            assertThat(browser.findElements(By.cssSelector("#maintenance-banner b"))).isEmpty();
        } finally {
            assertThat(admin.delete("api/v1/admin/maintenance", null).status()).isEqualTo(200);
        }
        assertThat(new ArenaClient().get("api/v1/status").body().get("maintenance").isNull()).isTrue();
    }

    @Test
    void everyoneElseIsToldThePageIsNotForThem() {
        browser.get(ArenaClient.BASE_URL + "admin/");
        waitUpTo(10).until(ExpectedConditions.urlContains("next=admin"));

        for (String role : new String[] {null, "RECRUITER"}) {
            ArenaClient someone = ArenaClient.signedUp();
            if (role != null) {
                someone.grant(role);
            }
            logIn(someone.username(), someone.password());
            assertThat(browser.findElements(By.cssSelector("#site-nav a[href='/admin/']"))).isEmpty();
            browser.get(ArenaClient.BASE_URL + "admin/");
            assertThat(browser.findElement(By.tagName("h2")).getText()).isEqualTo("This page is not open to you");
            assertThat(browser.getTitle()).contains("not for you");
        }
    }

    /** The console's push: every two seconds for an ADMIN's socket; a plain user's socket is told it is not for it. */
    @Test
    void theConsoleFeedIsPushedToAdminsOnly() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        try (PushSocket socket = PushSocket.open(ArenaClient.BASE_URL, admin.token())) {
            socket.send("{\"watch\": \"console\"}");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> socket.messages().stream().filter(m -> m.contains("\"type\":\"console\"")).count() >= 2);
            String message = socket.messages().stream().filter(m -> m.contains("\"type\":\"console\"")).findFirst()
                    .orElseThrow();
            assertThat(message).contains("\"matchmaker\"", "\"runners\"", "\"alerts\"", "\"scaling\"");
        }
        ArenaClient plain = ArenaClient.signedUp();
        try (PushSocket socket = PushSocket.open(ArenaClient.BASE_URL, plain.token())) {
            socket.send("{\"watch\": \"console\"}");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> socket.messages().stream().anyMatch(m -> m.contains("for the ADMIN role")));
            Thread.sleep(2500);
            assertThat(socket.messages()).noneMatch(m -> m.contains("\"type\":\"console\""));
        }
    }

    /** Small helpers for the API's answers. */
    static final class JsonAssertions {
        static void forbidden(ArenaClient client, String path) {
            ArenaClient.Reply reply = client.get(path);
            assertThat(reply.status()).as(path).isEqualTo(403);
            assertThat(reply.body().get("error").asText()).contains("ADMIN role");
        }
    }
}
