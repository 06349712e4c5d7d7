package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** A person in a real (headless) Chromium: sign up, land in the editor, type a program, run it, see the output. */
class EditorPageIT extends HeadlessChromium {

    /** Fills in and sends the sign-up form as a new person; returns the name. */
    private static String signUpOnThePage(String prefix) {
        String username = ArenaClient.uniqueName(prefix);
        browser.findElement(By.id("signup-username")).sendKeys(username);
        browser.findElement(By.id("signup-email")).sendKeys(username + "@example.org");
        browser.findElement(By.id("signup-password")).sendKeys("correct horse 2");
        browser.findElement(By.id("signup-submit")).click();
        return username;
    }

    /** A visitor learns what CodeArena is, sees tasks and contests to start with, and lands at home after sign-up. */
    @Test
    void theLandingPageSaysWhatCodeArenaIsAndWhereToStart() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "land" + ArenaClient.uniqueName("").toLowerCase();
        String title = "Sunday cup " + slug;
        assertThat(admin.post("api/v1/contests", Map.of("slug", slug, "title", title,
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString(), "tasks", List.of("sum-of-two"))).status())
                .isEqualTo(201);
        browser.get(ArenaClient.BASE_URL);
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-landing-ready", "true"));
        assertThat(browser.findElement(By.id("about")).getText()).contains("Practise", "Compete", "Get assessed");
        assertThat(browser.findElements(By.cssSelector("#landing-tasks .task-link"))).hasSize(6);
        assertThat(browser.findElement(By.id("contests")).getText()).contains(title);
        // only contests one can still take part in, a few of them
        assertThat(browser.findElements(By.cssSelector("#contests li"))).hasSizeBetween(1, 5);
        // (each says when it runs; a title may contain the word "ended", as "Saturday cup, extended" does)
        assertThat(browser.findElements(By.cssSelector("#contests li"))).allSatisfy(item ->
                assertThat(item.getText()).containsPattern(" · (running until|starts) [^·]+$"));

        signUpOnThePage("newcomer");
        // somewhere to start, not a bare editor
        waitUpTo(20).until(ExpectedConditions.urlContains("tasks.html"));
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElements(By.cssSelector(".task-link"))).hasSizeGreaterThanOrEqualTo(8);
    }

    /**
     * A visitor tries a task before signing up: the example beside a starting program, a wrong answer shown
     * against the expected output, then a right one.
     */
    @Test
    void aVisitorTriesATaskBeforeSigningUp() {
        signedOut(browser);
        browser.get(ArenaClient.BASE_URL);
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.id("try-form"), "data-ready", "true"));
        assertThat(new Select(browser.findElement(By.id("try-task"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("sum-of-two");
        String expected = browser.findElement(By.id("try-expected")).getText();
        assertThat(expected).isNotBlank();
        new Select(browser.findElement(By.id("try-language"))).selectByValue("python");
        WebElement source = browser.findElement(By.id("try-source"));
        String template = source.getAttribute("value");
        assertThat(template).contains("sys.stdin");

        source.clear();
        source.sendKeys("print(-1)");
        browser.findElement(By.id("try-run")).click();
        waitUpTo(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-verdict"), "differs"));
        assertThat(browser.findElement(By.id("try-stdout")).getText()).isEqualTo("-1");

        source.clear();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", source, template);
        source.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        waitUpTo(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("try-verdict"), "Right"));
        assertThat(browser.findElement(By.id("try-stdout")).getText()).isEqualTo(expected);
        assertThat(browser.findElement(By.id("try")).getText()).contains("Sign up");
    }

    private static List<String> menu() {
        // the pages, not the signed-in name (a link to the person's account page)
        return browser.findElements(By.cssSelector("#site-nav li:not(.who) a")).stream().map(WebElement::getText).toList();
    }

    /**
     * Home shows a person's progress per task and the assessment they are in; each role sees its own menu on
     * every page, and nobody a link to a page they cannot use.
     */
    @Test
    void homeShowsProgressAndEachRoleItsMenu() {
        ArenaClient person = ArenaClient.signedUp();
        JsonNode judged = person.awaitJudged(person.submit("sum-of-two", "python",
                "a, b = map(int, input().split())\nprint(a + b)\n"));
        assertThat(judged.get("score").asInt()).isEqualTo(judged.get("maxScore").asInt());
        person.awaitJudged(person.submit("reverse-words", "python", "print('no')\n"));
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        long assessmentId = recruiter.post("api/v1/assessments", Map.of("title", "Home test " + person.username(),
                "tasks", List.of("sum-of-two"), "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plusSeconds(3600).toString())).body().get("id").asLong();
        String link = recruiter.post("api/v1/assessments/" + assessmentId + "/invitations",
                Map.of("addresses", person.username() + "@example.org")).body().get("links").get(0).get("link").asText();
        String token = link.substring(link.indexOf("token=") + 6);
        assertThat(person.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);

        logIn(person.username(), person.password());
        browser.get(ArenaClient.BASE_URL + "tasks.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(menu()).containsExactly("Home", "Editor", "My submissions", "Forum", "Chat");
        assertThat(browser.findElement(By.cssSelector("#site-nav a[aria-current='page']")).getText()).isEqualTo("Home");
        WebElement sumRow = browser.findElement(By.xpath("//a[text()='Sum of two numbers']/ancestor::tr"));
        assertThat(sumRow.findElement(By.className("progress")).getText()).startsWith("✓ solved");
        WebElement reverseRow = browser.findElement(By.xpath("//a[@href='task.html?slug=reverse-words']/ancestor::tr"));
        assertThat(reverseRow.findElement(By.className("progress")).getText()).matches("0 / \\d+ · 1 submission");
        assertThat(browser.findElement(By.id("progress-summary")).getText()).startsWith("You have solved 1 of");
        WebElement mine = browser.findElement(By.cssSelector("#my-assessments li.in-progress"));
        assertThat(mine.getText()).contains("Home test " + person.username()).contains("in progress");
        assertThat(mine.findElement(By.tagName("a")).getAttribute("href")).endsWith("assessment.html?token=" + token);

        browser.get(ArenaClient.BASE_URL + "history.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(menu()).containsExactly("Home", "Editor", "My submissions", "Forum", "Chat");
        assertThat(browser.findElement(By.id("username")).getText()).isEqualTo(person.username());
        assertThat(browser.findElement(By.cssSelector("#site-nav li.who a")).getAttribute("href")).endsWith("/account.html");

        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "editor.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(menu()).containsExactly("Home", "Editor", "My submissions", "Forum", "Chat", "Assessments",
                "Task studio");

        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        logIn(admin.username(), admin.password());
        browser.get(ArenaClient.BASE_URL + "tasks.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(menu()).containsExactly("Home", "Editor", "My submissions", "Forum", "Chat", "Assessments",
                "Task studio", "Manage contests", "Admin console", "Usage report");
        assertThat(browser.findElement(By.id("my-assessments-box")).isDisplayed()).isFalse();
    }

    /**
     * An ADMIN creates a contest on its page, edits it and announces; the public scoreboard for a big screen shows
     * it without a sign-in. A plain user's page says the page is for ADMINs.
     */
    @Test
    void anAdminCreatesAndRunsAContestAndABigScreenShowsIt() {
        ArenaClient plain = ArenaClient.signedUp();
        logIn(plain.username(), plain.password());
        browser.get(ArenaClient.BASE_URL + "contests-admin.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("page-message")).getText()).contains("managed by ADMINs")
                .doesNotContain("/api/").doesNotContain("./arena");
        assertThat(browser.findElement(By.id("admin-area")).isDisplayed()).isFalse();

        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        logIn(admin.username(), admin.password());
        browser.findElement(By.cssSelector("#site-nav a[href='/contests-admin.html']")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        String slug = "ui" + ArenaClient.uniqueName("").toLowerCase();
        // the short name's pattern is one the browser can compile (a pattern it cannot is ignored, with an error)
        browser.findElement(By.id("contest-slug")).sendKeys("Not_a-slug");
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('contest-slug').validity.patternMismatch")).isTrue();
        browser.findElement(By.id("contest-slug")).clear();
        browser.findElement(By.id("contest-slug")).sendKeys(slug);
        assertThat((Boolean) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('contest-slug').validity.valid")).isTrue();
        browser.findElement(By.id("contest-title-input")).sendKeys("Browser cup");
        // starts a minute ago (local time in the form), so that it runs
        ((JavascriptExecutor) browser).executeScript(
                "const d = new Date(Date.now() - 60000 - new Date().getTimezoneOffset() * 60000);"
                        + "document.getElementById('contest-starts').value = d.toISOString().slice(0, 16);");
        browser.findElement(By.cssSelector("#contest-tasks input[value='sum-of-two']")).click();
        browser.findElement(By.cssSelector("#contest-tasks input[value='fizzbuzz']")).click();
        browser.findElement(By.id("save-contest")).click();
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("form-message"), "Created."));
        JsonNode made = new ArenaClient().get("api/v1/contests/" + slug).body();
        assertThat(made.get("title").asText()).isEqualTo("Browser cup");
        assertThat(made.get("freezeMinutes").asInt()).isEqualTo(60);
        assertThat(made.get("tasks").findValuesAsText("slug")).containsExactly("sum-of-two", "fizzbuzz");

        WebElement title = browser.findElement(By.id("contest-title-input"));
        title.clear();
        title.sendKeys("Browser cup, final");
        browser.findElement(By.id("save-contest")).click();
        waitUpTo(20).until(ExpectedConditions.textToBe(By.id("form-message"), "Saved."));
        browser.findElement(By.id("announcement-text")).sendKeys("Welcome: <b>good luck</b>");
        browser.findElement(By.id("announce")).click();
        waitUpTo(20).until(ExpectedConditions.textToBePresentInElementLocated(By.id("admin-announcements"), "good luck"));

        signedOut(browser);
        browser.get(ArenaClient.BASE_URL + "scoreboard.html?slug=" + slug);
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("contest-title")).getText()).isEqualTo("Browser cup, final");
        assertThat(browser.findElement(By.id("announcements")).getText()).contains("Welcome: <b>good luck</b>");
        assertThat(browser.findElements(By.cssSelector("#announcements b"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("#leaderboard thead")).getText()).contains("1. Sum of two numbers");
        assertThat(browser.findElement(By.id("clock-label")).getText()).isEqualTo("Ends in");
    }

    /** A system that asks for dark pages gets them, editor included; a phone gets one column. */
    @Test
    void aDarkThemeAndAPhoneLayout() {
        ArenaClient person = ArenaClient.signedUp();
        logIn(person.username(), person.password());
        org.openqa.selenium.chrome.ChromeDriver chrome = (org.openqa.selenium.chrome.ChromeDriver) browser;
        try {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            browser.get(ArenaClient.BASE_URL + "editor.html");
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
            JavascriptExecutor script = (JavascriptExecutor) browser;
            assertThat(script.executeScript("return getComputedStyle(document.documentElement).backgroundColor"))
                    .isEqualTo("rgb(18, 21, 28)");
            assertThat(script.executeScript(
                    "return getComputedStyle(document.querySelector('#editor .cm-editor')).backgroundColor"))
                    .isEqualTo("rgb(22, 26, 35)");
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        }
        org.openqa.selenium.Dimension laptop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.get(ArenaClient.BASE_URL + "task.html?slug=sum-of-two");
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "true"));
            String columns = (String) ((JavascriptExecutor) browser).executeScript(
                    "return getComputedStyle(document.querySelector('main.editor-page')).gridTemplateColumns");
            assertThat(columns.trim().split("\\s+")).as("columns on a phone: " + columns).hasSize(1);
        } finally {
            browser.manage().window().setSize(laptop);
        }
    }

    @Test
    void signUpTypeAProgramRunItAndSeeItsOutput() throws IOException {
        browser.get(ArenaClient.BASE_URL + "editor.html");
        // not logged in: sent to the login page
        waitUpTo(10).until(ExpectedConditions.urlContains("next=editor.html"));

        String username = signUpOnThePage("web");

        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("username")).getText()).isEqualTo(username);

        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        WebElement code = browser.findElement(By.cssSelector("#editor .cm-content"));
        code.click();
        code.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        code.sendKeys("print(input()[::-1])");
        String typed = (String) ((JavascriptExecutor) browser)
                .executeScript("return window.codeArenaEditor.getSource()");
        assertThat(typed).isEqualTo("print(input()[::-1])");
        // a real code editor: the program is highlighted token by token
        assertThat(browser.findElements(By.cssSelector("#editor .cm-line span"))).isNotEmpty();

        WebElement stdin = browser.findElement(By.id("stdin"));
        stdin.clear();
        stdin.sendKeys("stressed");
        browser.findElement(By.id("run")).click();

        waitUpTo(60).until(ExpectedConditions.textToBe(By.id("verdict"), "OK"));
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo("desserts");
        assertThat(browser.findElement(By.id("exitCode")).getText()).isEqualTo("0");
        assertThat(browser.findElement(By.id("timeMillis")).getText()).endsWith("ms");
        assertThat(browser.findElement(By.id("memoryKb")).getText()).endsWith("KB");
        assertThat(browser.getCurrentUrl()).endsWith("editor.html");
        // the result came over the push WebSocket, not by polling
        assertThat((Long) ((JavascriptExecutor) browser)
                .executeScript("return window.codeArenaEditor.pushedMessages()")).isPositive();
    }

    @Test
    void takenNameOffersASuggestionToTakeWithOneClick() {
        ArenaClient owner = ArenaClient.signedUp();
        String taken = owner.get("api/v1/auth/me").body().get("username").asText();
        browser.get(ArenaClient.BASE_URL);
        browser.findElement(By.id("signup-username")).sendKeys(taken);
        // as the person types, the page asks whether the name is free
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("username-status"), "is taken"));
        assertThat(browser.findElement(By.id("take-available-suggestion")).getText()).contains(taken + "1");
        browser.findElement(By.id("signup-email")).sendKeys("someone@example.org");
        browser.findElement(By.id("signup-password")).sendKeys("correct horse 3");
        browser.findElement(By.id("signup-submit")).click();

        WebElement take = waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.id("take-suggestion")));
        assertThat(take.getText()).contains(taken + "1");
        take.click();
        // signed up under the suggestion, and at home
        waitUpTo(20).until(ExpectedConditions.urlContains("tasks.html"));
        assertThat(new ArenaClient().loggedIn(taken + "1", "correct horse 3").get("api/v1/auth/me").body()
                .get("username").asText()).isEqualTo(taken + "1");
    }

    @Test
    void pickATaskReadItAndRunASolutionOnItsExample() {
        browser.get(ArenaClient.BASE_URL + "task.html?slug=sum-of-two");
        // not logged in: sent to log in, and back to the task afterwards
        waitUpTo(10).until(ExpectedConditions.urlContains("next=task.html"));
        signUpOnThePage("solver");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "true"));
        assertThat(browser.getCurrentUrl()).endsWith("task.html?slug=sum-of-two");

        // the list leads to the same page
        browser.get(ArenaClient.BASE_URL + "tasks.html");
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElements(By.cssSelector(".task-link"))).hasSizeGreaterThanOrEqualTo(8);
        // a plain user gets no link to the recruiters' page
        assertThat(browser.findElements(By.cssSelector("#site-nav a[href='/recruiter.html']"))).isEmpty();
        browser.findElement(By.linkText("Sum of two numbers")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "true"));
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

        assertThat(browser.findElement(By.id("task-title")).getText()).isEqualTo("Sum of two numbers");
        // the statement is rendered from Markdown
        assertThat(browser.findElements(By.cssSelector("#statement h2"))).isNotEmpty();
        assertThat(browser.findElement(By.id("stdin")).getAttribute("value")).isEqualTo("3 4\n");
        // the example is shown once, below the statement, with its button (the statement once showed it too)
        assertThat(browser.findElement(By.id("statement")).getText()).doesNotContain("Example");
        assertThat(browser.findElements(By.cssSelector("#samples .sample"))).hasSize(1);

        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        WebElement code = browser.findElement(By.cssSelector("#editor .cm-content"));
        code.click();
        code.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        ((JavascriptExecutor) browser).executeScript(
                "window.codeArenaEditor.setSource('a, b = map(int, input().split())\\nprint(a + b)')");
        browser.findElement(By.id("run")).click();

        waitUpTo(60).until(ExpectedConditions.textToBe(By.id("verdict"), "OK"));
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo("7");
    }

    /**
     * Each language keeps its own code in the browser: switching language and back, or reloading, loses
     * nothing; Reset brings the template back; Ctrl-Enter runs. And the site's icon is there (no 404 per page).
     */
    @Test
    void codeIsKeptPerLanguageAcrossReloadsAndCtrlEnterRuns() {
        ArenaClient person = ArenaClient.signedUp();
        logIn(person.username(), person.password());
        browser.get(ArenaClient.BASE_URL + "editor.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        JavascriptExecutor script = (JavascriptExecutor) browser;
        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        script.executeScript("window.codeArenaEditor.setSource(\"print('mine, in python')\")");
        new Select(browser.findElement(By.id("language"))).selectByValue("java");
        String javaTemplate = (String) script.executeScript("return window.codeArenaEditor.getSource()");
        assertThat(javaTemplate).contains("class");
        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        assertThat(script.executeScript("return window.codeArenaEditor.getSource()")).isEqualTo("print('mine, in python')");

        browser.navigate().refresh();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(new Select(browser.findElement(By.id("language"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("python");
        assertThat(script.executeScript("return window.codeArenaEditor.getSource()")).isEqualTo("print('mine, in python')");

        WebElement code = browser.findElement(By.cssSelector("#editor .cm-content"));
        code.click();
        code.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        waitUpTo(60).until(ExpectedConditions.textToBe(By.id("verdict"), "OK"));
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo("mine, in python");

        browser.findElement(By.id("reset-code")).click();
        browser.switchTo().alert().accept();
        assertThat((String) script.executeScript("return window.codeArenaEditor.getSource()")).doesNotContain("mine");

        assertThat(new ArenaClient().get("favicon.svg").headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href")).endsWith("favicon.svg");
    }

    /**
     * The seven later languages: each offers its starting program with its version, and its highlighting
     * (fetched when chosen) colours it; a Go template runs on the input as it is.
     */
    @Test
    void everyLanguageHasATemplateAndHighlighting() {
        ArenaClient person = ArenaClient.signedUp();
        logIn(person.username(), person.password());
        browser.get(ArenaClient.BASE_URL + "editor.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        JavascriptExecutor script = (JavascriptExecutor) browser;
        Select language = new Select(browser.findElement(By.id("language")));
        for (String[] expected : new String[][] {{"go", "package main", "Go ("}, {"rust", "fn main()", "Rust ("},
                {"kotlin", "fun main()", "Kotlin ("}, {"csharp", "Console.WriteLine", "C# (Mono) ("},
                {"ruby", "STDIN.read", "Ruby ("}, {"php", "<?php", "PHP ("}, {"haskell", "getContents", "Haskell (GHC) ("}}) {
            language.selectByValue(expected[0]);
            assertThat(language.getFirstSelectedOption().getText()).startsWith(expected[2]).matches(".*\\d+\\.\\d+.*");
            assertThat((String) script.executeScript("return window.codeArenaEditor.getSource()")).contains(expected[1]);
            waitUpTo(10).withMessage(expected[0] + " is highlighted").until(driver ->
                    !driver.findElements(By.cssSelector("#editor .cm-content .cm-line span[class]")).isEmpty());
        }

        language.selectByValue("go");
        browser.findElement(By.id("stdin")).clear();
        browser.findElement(By.id("stdin")).sendKeys("17 25");
        browser.findElement(By.id("run")).click();
        waitUpTo(60).until(ExpectedConditions.textToBe(By.id("verdict"), "OK"));
        assertThat(browser.findElement(By.id("stdout")).getText()).isEqualTo("42");
    }

    @Test
    void submitASolutionWatchEveryTestGetJudgedAndFindItInTheHistory() {
        browser.get(ArenaClient.BASE_URL + "task.html?slug=reverse-words");
        waitUpTo(10).until(ExpectedConditions.urlContains("next=task.html"));
        signUpOnThePage("judged");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "true"));
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("history-message")).getText()).isEqualTo("No submissions yet.");

        // first a wrong solution: the words in their own order
        new Select(browser.findElement(By.id("language"))).selectByValue("python");
        ((JavascriptExecutor) browser).executeScript("window.codeArenaEditor.setSource('print(input())')");
        browser.findElement(By.id("submit")).click();
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-status", "JUDGED"));
        assertThat(browser.findElement(By.id("judgement")).getAttribute("data-verdict")).isEqualTo("WRONG_ANSWER");
        assertThat(browser.findElement(By.cssSelector("#judgement .judgement-status")).getText())
                .isEqualTo("Judged: Wrong answer");

        // then a right one: every test turns green, one by one, and the score is full
        ((JavascriptExecutor) browser).executeScript(
                "window.codeArenaEditor.setSource(\"print(' '.join(reversed(input().split())))\")");
        browser.findElement(By.id("submit")).click();
        // the last judgement goes at once: it must not be taken for the new submission's (which may already show
        // as waiting by the time this looks)
        assertThat(browser.findElement(By.id("judgement")).getAttribute("data-verdict")).isEmpty();
        assertThat(browser.findElement(By.id("judgement")).getAttribute("data-status")).isNotEqualTo("JUDGED");
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "OK"));
        assertThat(browser.findElements(By.cssSelector("#judgement .test-bar .step.ok"))).hasSize(10);
        assertThat(browser.findElements(By.cssSelector("#judgement .tests tbody tr[data-verdict='OK']"))).hasSize(10);
        assertThat(browser.findElement(By.cssSelector("#judgement .judgement-score")).getText())
                .startsWith("Score 8 / 8 points");
        // both submissions are listed, newest first
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history tbody tr"), 2));
        assertThat(browser.findElement(By.cssSelector("#history tbody tr")).getText()).contains("OK", "8 / 8");

        // the personal history, across tasks, leads back to the submission with its code
        browser.get(ArenaClient.BASE_URL + "history.html");
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).hasSize(2);
        browser.findElement(By.cssSelector("#history tbody tr:last-child a")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "WRONG_ANSWER"));
        browser.findElement(By.id("open-code")).click();
        assertThat((String) ((JavascriptExecutor) browser).executeScript("return window.codeArenaEditor.getSource()"))
                .isEqualTo("print(input())");
    }

    private static void setSource(String language, String source) {
        new Select(browser.findElement(By.id("language"))).selectByValue(language);
        ((JavascriptExecutor) browser).executeScript("window.codeArenaEditor.setSource(arguments[0])", source);
    }

    @Test
    void aRecruiterSetsUpAnAssessmentACandidateTakesItAndTheRecruiterSeesTheResult() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");

        // the recruiter creates the assessment and invites on their page, found from the tasks' page
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "tasks.html");
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#site-nav a[href='/recruiter.html']")))
                .click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        String title = "Hiring " + ArenaClient.uniqueName("a");
        browser.findElement(By.id("create-title")).sendKeys(title);
        browser.findElement(By.cssSelector("#create-tasks input[value='sum-of-two']")).click();
        browser.findElement(By.cssSelector("#create-tasks input[value='reverse-words']")).click();
        WebElement duration = browser.findElement(By.id("create-duration"));
        duration.clear();
        duration.sendKeys("30");
        browser.findElement(By.id("create-submit")).click();
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("detail-title"), title));
        browser.findElement(By.id("invite-addresses")).sendKeys("email\ncandidate@example.org\n");
        browser.findElement(By.id("invite-submit")).click();
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("invite-message"), "1 invited"));
        waitUpTo(10).until(ExpectedConditions.attributeToBe(
                By.cssSelector("#candidates tbody tr"), "data-status", "INVITED"));
        // some invited and one not an address: a warning that says what to do, not an error
        browser.findElement(By.id("invite-addresses")).sendKeys("second@example.org, not-an-address");
        browser.findElement(By.id("invite-submit")).click();
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("invite-message"), "not addresses"));
        assertThat(browser.findElement(By.id("invite-message")).getAttribute("class")).contains("warning");
        assertThat(browser.findElement(By.id("invite-message")).getText()).contains("invite them again");
        long assessmentId = recruiter.get("api/v1/assessments").body().get(0).get("id").asLong();
        String link = null;
        for (var candidate : recruiter.get("api/v1/assessments/" + assessmentId + "/candidates").body()) {
            if (candidate.toString().contains("candidate@example.org")) {
                link = candidate.get("link").asText();
            }
        }
        assertThat(link).isNotNull();

        // the candidate opens the link, signs up, and is brought back to it
        signedOut(browser);
        browser.get(link);
        waitUpTo(10).until(ExpectedConditions.urlContains("next=assessment.html"));
        signUpOnThePage("candidate");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-assessment-ready", "true"));
        assertThat(browser.findElement(By.id("intro-title")).getText()).isEqualTo(title);
        assertThat(browser.findElements(By.cssSelector("#intro-tasks li"))).hasSize(2);
        // before Start nothing of the editor shows (a grid rule once overrode the hidden attribute)
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).as("editor before Start").isFalse();
        assertThat(browser.findElement(By.id("submit")).isDisplayed()).isFalse();

        browser.findElement(By.id("start")).click();
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "STARTED"));
        waitUpTo(10).until(ExpectedConditions.textMatches(By.id("countdown"), Pattern.compile("(29|30):\\d\\d")));
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("task-title"), "Sum of two numbers"));

        setSource("python", "a, b = map(int, input().split())\nprint(a + b)\n");
        browser.findElement(By.id("submit")).click();
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "OK"));

        browser.findElement(By.cssSelector("#task-tabs button[data-slug='reverse-words']")).click();
        waitUpTo(10).until(ExpectedConditions.textToBe(By.id("task-title"), "Reverse the words"));
        setSource("python", "print(input())\n");
        browser.findElement(By.id("submit")).click();
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "WRONG_ANSWER"));

        // another device, or a lost browser: nothing in this browser's storage, and the code comes back from the
        // server's copy (saved every few seconds while the time runs)
        JavascriptExecutor script = (JavascriptExecutor) browser;
        browser.manage().timeouts().scriptTimeout(java.time.Duration.ofSeconds(20));
        script.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "const token = new URLSearchParams(location.search).get('token');"
                + "const poll = () => fetch('/api/v1/invitations/' + token + '/drafts').then((r) => r.text())"
                + "  .then((t) => (t.includes('print(input())') ? done(t) : setTimeout(poll, 300)));"
                + "poll();");
        script.executeScript("localStorage.clear()");
        browser.navigate().refresh();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "sum-of-two"));
        assertThat(script.executeScript("return window.codeArenaEditor.getSource()"))
                .isEqualTo("a, b = map(int, input().split())\nprint(a + b)\n");
        browser.findElement(By.cssSelector("#task-tabs button[data-slug='reverse-words']")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "reverse-words"));
        assertThat(script.executeScript("return window.codeArenaEditor.getSource()")).isEqualTo("print(input())\n");

        browser.findElement(By.id("finish")).click();
        browser.switchTo().alert().accept();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "FINISHED"));
        assertThat(browser.findElement(By.id("workspace")).isDisplayed()).as("editor after hand-in").isFalse();
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#final-submissions tbody tr"), 2));

        // the recruiter sees the candidate finished, their score, and their code
        signedOut(browser);
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        browser.findElement(By.cssSelector("#assessments button[data-id='" + assessmentId + "']")).click();
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(
                By.cssSelector("#candidates tbody tr[data-status='FINISHED']"), 1));
        WebElement row = browser.findElement(By.cssSelector("#candidates tbody tr[data-status='FINISHED']"));
        assertThat(row.findElement(By.cssSelector(".total")).getText()).isEqualTo("9");
        assertThat(browser.findElements(By.cssSelector("#score-chart .bar"))).hasSize(1);
        row.findElement(By.cssSelector(".open-code")).click();
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".candidate-submission"), 2));
        assertThat(browser.findElement(By.id("candidate-code-list")).getText()).contains("print(input())");
    }

    @Test
    void aContestantJoinsSubmitsAndWatchesTheLeaderboardMove() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "web" + ArenaClient.uniqueName("").toLowerCase();
        assertThat(admin.post("api/v1/contests", Map.of("slug", slug, "title", "Browser cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString(),
                "tasks", List.of("sum-of-two", "reverse-words"), "regions", List.of("EU", "NA")))
                .status()).isEqualTo(201);

        browser.get(ArenaClient.BASE_URL + "contest.html?slug=" + slug);
        waitUpTo(10).until(ExpectedConditions.urlContains("next=contest.html"));
        signUpOnThePage("contestant");
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("contest-title")).getText()).isEqualTo("Browser cup");
        new Select(browser.findElement(By.id("region"))).selectByValue("NA");
        browser.findElement(By.id("join")).click();
        waitUpTo(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("joined"), "region NA"));

        // solve the first task from the contest's list: the task page submits to the contest
        browser.findElement(By.linkText("Sum of two numbers")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-task-ready", "true"));
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("submit")).getText()).isEqualTo("Submit to the contest");
        setSource("python", "a, b = map(int, input().split())\nprint(a + b)\n");
        browser.findElement(By.id("submit")).click();
        waitUpTo(90).until(ExpectedConditions.attributeToBe(By.id("judgement"), "data-verdict", "OK"));

        browser.findElement(By.cssSelector("#contest-banner a")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        waitUpTo(20).until(ExpectedConditions.textToBe(By.cssSelector("#leaderboard tbody tr.mine td.total"), "9"));
        assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr.mine td.rank")).getText()).isEqualTo("1");
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("live")));

        // someone else solves both tasks: the board moves on the open page, pushed
        ArenaClient rival = ArenaClient.signedUp();
        rival.post("api/v1/contests/" + slug + "/join", Map.of("region", "EU"));
        for (String[] solution : new String[][] {{"sum-of-two", "a, b = map(int, input().split())\nprint(a + b)\n"},
                {"reverse-words", "print(' '.join(reversed(input().split())))\n"}}) {
            long id = rival.post("api/v1/contests/" + slug + "/submissions", Map.of("task", solution[0],
                    "language", "python", "source", solution[1])).body().get("id").asLong();
            rival.awaitJudged(id);
        }
        waitUpTo(30).until(ExpectedConditions.textToBe(By.cssSelector("#leaderboard tbody tr.mine td.rank"), "2"));
        assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr td.total")).getText()).isEqualTo("17");
        assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr")).getAttribute("data-username"))
                .isEqualTo(rival.username());
        assertThat(Integer.parseInt(browser.findElement(By.tagName("body")).getAttribute("data-leaderboard-moves")))
                .isPositive();

        // by region: the page ranks within the region
        new Select(browser.findElement(By.id("region-filter"))).selectByValue("NA");
        waitUpTo(10).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#leaderboard tbody tr"), 1));
        assertThat(browser.findElement(By.cssSelector("#leaderboard tbody tr.mine td.rank")).getText()).isEqualTo("1");
    }
}
