package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page tests' browser: the Debian chromium and chromium-driver, headless, with a fresh profile, one per test
 * class; every test starts logged out, and leaves a screenshot and the browser's console behind.
 */
abstract class HeadlessChromium {

    protected static WebDriver browser;

    @BeforeAll
    static void startBrowser() throws IOException {
        browser = start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @BeforeEach
    void loggedOut() {
        signedOut(browser);
        browser.get(ArenaClient.BASE_URL);
    }

    /**
     * Forgets every login the browser holds: leaves the page first (a signed-in page's own requests, still under
     * way, would carry the cookies to the server), then clears all cookies at once. WebDriver's deleteAllCookies
     * deletes them one by one; a request sent between the session's and the login cookie's deletion carried the
     * login cookie alone, and the server made the session again from it (as it should for a browser that lost its
     * server) and set a fresh session cookie: the "logged out" browser was signed in.
     */
    static void signedOut(WebDriver driver) {
        driver.get("about:blank");
        ChromeDriver chromium = (ChromeDriver) driver;
        chromium.executeCdpCommand("Network.clearBrowserCookies", Map.of());
        @SuppressWarnings("unchecked")
        List<Object> left = (List<Object>) chromium.executeCdpCommand("Network.getAllCookies", Map.of()).get("cookies");
        assertThat(left).as("cookies after clearing them").isEmpty();
    }

    @AfterEach
    void screenshot(TestInfo test) throws IOException {
        record(test.getTestMethod().orElseThrow().getName());
    }

    /** Another browser (its own profile and cookies: another person); the caller quits it. */
    static WebDriver anotherBrowser() throws IOException {
        return start();
    }

    /** A browser whose person refuses the camera when a page asks for it; the caller quits it. */
    static WebDriver browserRefusingTheCamera() throws IOException {
        return start("--deny-permission-prompts");
    }

    /**
     * Chromium with a fake camera (a test pattern: --use-fake-device-for-media-stream) whose use is allowed without
     * a prompt (--use-fake-ui-for-media-stream), unless {@code media} says otherwise.
     */
    private static WebDriver start(String... media) throws IOException {
        Path profile = Files.createTempDirectory("codearena-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--no-first-run", "--window-size=1400,900", "--user-data-dir=" + profile,
                "--use-fake-device-for-media-stream");
        options.addArguments(media.length == 0 ? new String[] {"--use-fake-ui-for-media-stream"} : media);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")))
                .build();
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        return new ChromeDriver(service, options);
    }

    /** Waits that survive page navigation: an element found on the page being left may go stale. */
    static WebDriverWait waitUpTo(int seconds) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(seconds));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Logs in on the landing page's form; the page then goes to the home (tasks and contests). */
    static void logIn(String username, String password) {
        browser.get(ArenaClient.BASE_URL);
        browser.findElement(By.id("login-username")).sendKeys(username);
        browser.findElement(By.id("login-password")).sendKeys(password);
        browser.findElement(By.id("login-submit")).click();
        waitUpTo(20).until(ExpectedConditions.urlContains("tasks.html"));
    }

    /** A screenshot into target/screenshots, and the browser's console on standard output. */
    private static void record(String name) throws IOException {
        Path file = Path.of("target", "screenshots", name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            System.out.println("browser console: " + entry);
        }
    }
}
