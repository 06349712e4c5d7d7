package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The chat in two real browsers, two people: one on the contest's page with its chat panel, the other on the chat
 * page; they see each other arrive, type, write (markup stays text), mention each other, and leave; the history is
 * there after a reload.
 */
class ChatBrowserIT extends HeadlessChromium {

    private static WebDriverWait waitIn(WebDriver driver, int seconds) {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(seconds));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private static void logInWith(WebDriver driver, ArenaClient person) {
        driver.get(ArenaClient.BASE_URL);
        driver.findElement(By.id("login-username")).sendKeys(person.username());
        driver.findElement(By.id("login-password")).sendKeys(person.password());
        driver.findElement(By.id("login-submit")).click();
        waitIn(driver, 20).until(ExpectedConditions.urlContains("tasks.html"));
    }

    private static String lastBody(WebDriver driver, String scope) {
        List<WebElement> bodies = driver.findElements(By.cssSelector(scope + " .chat-message .chat-body"));
        return bodies.isEmpty() ? "" : bodies.get(bodies.size() - 1).getText();
    }

    @Test
    void twoPeopleInOneRoomSeeEachOthersMessagesAndPresence() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Browser chat cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).isEqualTo(201);
        ArenaClient ann = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        String room = "contest:" + slug;

        // ann: the contest's page, with its chat panel
        logIn(ann.username(), ann.password());
        browser.get(ArenaClient.BASE_URL + "contest.html?slug=" + slug);
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#chat-panel .chat-title"), "Chat · Contest: Browser chat cup"));

        WebDriver other = anotherBrowser();
        try {
            // bob: the chat page, the same room
            logInWith(other, bob);
            other.get(ArenaClient.BASE_URL + "chat/?room=" + room);
            waitIn(other, 10).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat-room .chat-title"), "Contest: Browser chat cup"));
            // each sees the other here
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat-panel .chat-presence"), "2 here"));
            waitIn(other, 10).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat-room .chat-presence"), "2 here"));
            other.findElement(By.cssSelector("#chat-room .chat-presence")).click();
            assertThat(other.findElement(By.cssSelector("#chat-room .chat-names")).getText()).contains(ann.username());

            // bob types, ann sees it; bob sends markup and a mention: text on ann's page, marked as mentioning her
            WebElement bobInput = other.findElement(By.cssSelector("#chat-room textarea"));
            bobInput.sendKeys("<img src=x onerror=\"document.body.dataset.owned=1\"> hi @" + ann.username());
            waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.cssSelector("#chat-panel .chat-typing"), bob.username() + " is typing"));
            bobInput.sendKeys(Keys.ENTER);
            waitUpTo(10).until(d -> lastBody(d, "#chat-panel").startsWith("<img src=x"));
            assertThat(browser.findElements(By.cssSelector("#chat-panel .chat-log img"))).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return document.body.dataset.owned")).isNull();
            assertThat(browser.findElement(By.cssSelector("#chat-panel .chat-message.mention .chat-author")).getText())
                    .isEqualTo(bob.username());
            // bob's own line loses its "sending…" once stored
            waitIn(other, 10).until(d -> d.findElements(By.cssSelector("#chat-room .chat-message.pending")).isEmpty());

            // ann answers from the panel; bob sees it
            WebElement annInput = browser.findElement(By.cssSelector("#chat-panel textarea"));
            annInput.sendKeys("welcome, " + bob.username());
            browser.findElement(By.cssSelector("#chat-panel .chat-compose button[type=submit]")).click();
            waitIn(other, 10).until(d -> lastBody(d, "#chat-room").equals("welcome, " + bob.username()));
            Files.createDirectories(Path.of("target", "screenshots"));
            Files.write(Path.of("target", "screenshots", "chatPageOfTheSecondPerson.png"),
                    ((TakesScreenshot) other).getScreenshotAs(OutputType.BYTES));

            // the history is there after a reload, in order
            other.navigate().refresh();
            waitIn(other, 10).until(d -> d.findElements(By.cssSelector("#chat-room .chat-message")).size() == 2);
            List<WebElement> lines = other.findElements(By.cssSelector("#chat-room .chat-message .chat-body"));
            assertThat(lines.get(0).getText()).startsWith("<img src=x");
            assertThat(lines.get(1).getText()).isEqualTo("welcome, " + bob.username());
            // the room is in bob's list
            assertThat(other.findElement(By.id("chat-rooms")).getText()).contains("Contest: Browser chat cup");
        } finally {
            other.quit();
        }
        // bob gone: ann is alone in the room
        waitUpTo(15).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#chat-panel .chat-presence"), "1 here"));
    }

    @Test
    void theChatPageSendsThoseWhoAreNotSignedInToTheLoginAndComesBack() {
        browser.get(ArenaClient.BASE_URL + "chat/?room=global");
        waitUpTo(10).until(ExpectedConditions.urlContains("next="));
        assertThat(browser.getCurrentUrl()).contains("next=chat");
        ArenaClient person = ArenaClient.signedUp();
        browser.findElement(By.id("login-username")).sendKeys(person.username());
        browser.findElement(By.id("login-password")).sendKeys(person.password());
        browser.findElement(By.id("login-submit")).click();
        waitUpTo(20).until(ExpectedConditions.urlContains("/chat/"));
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#chat-room .chat-title"), "Everyone"));
        // a room name that cannot exist is refused in words
        browser.get(ArenaClient.BASE_URL + "chat/?room=nowhere");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("there is no room called 'nowhere'");
    }
}
