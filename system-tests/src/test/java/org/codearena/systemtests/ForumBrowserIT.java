package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The forum in a real browser: signed in on the platform means signed in on the forum, with no request of any kind
 * to the login endpoints per page; reading, posting, replying, quoting, editing, searching; unread markers; a
 * moderator hiding a post; hostile titles and posts staying text; a logout on the platform ending the forum's.
 */
class ForumBrowserIT extends HeadlessChromium {

    private static Object js(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    /** A wait across a page that loads itself again: meanwhile Chrome may refuse to read a node of the old one. */
    private static org.openqa.selenium.support.ui.WebDriverWait waitThroughReload(int seconds) {
        org.openqa.selenium.support.ui.WebDriverWait wait = waitUpTo(seconds);
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    private static long loginRequests(ArenaClient admin) {
        return admin.get("api/v1/forum/admin/stats").body().get("loginRequests").asLong();
    }

    @Test
    void signedInOnThePlatformIsSignedInOnTheForumWithNoLoginRequestPerPage() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        ArenaClient person = ArenaClient.signedUp().aged();
        long thread = person.post("api/v1/forum/categories/general/threads",
                Map.of("title", "Reading without logging in again", "body", "hello")).body().get("threadId").asLong();
        logIn(person.username(), person.password());

        long before = loginRequests(admin);
        List<String> pages = List.of("forum/", "forum/c/general", "forum/t/" + thread, "forum/c/task-sum-of-two",
                "forum/search?q=hello", "forum/t/" + thread);
        for (String page : pages) {
            browser.get(ArenaClient.BASE_URL + page);
            assertThat(browser.findElement(By.id("username")).getText()).as(page).isEqualTo(person.username());
            // what the page made the browser fetch: no redirect, no login request, no token exchange
            assertThat(((Number) js("return performance.getEntriesByType('navigation')[0].redirectCount")).intValue())
                    .as(page).isZero();
            @SuppressWarnings("unchecked")
            List<String> fetched = (List<String>) js(
                    "return performance.getEntriesByType('resource').map(e => e.name)");
            assertThat(fetched).as(page).noneMatch(url -> url.contains("/api/"));
        }
        // and the server saw none either, while the pages were served
        assertThat(loginRequests(admin)).isEqualTo(before);

        // logging out on the platform logs out of the forum
        browser.get(ArenaClient.BASE_URL + "tasks.html");
        waitUpTo(10).until(ExpectedConditions.elementToBeClickable(By.id("logout"))).click();
        waitUpTo(10).until(ExpectedConditions.not(ExpectedConditions.urlContains("tasks.html")));
        browser.get(ArenaClient.BASE_URL + "forum/t/" + thread);
        assertThat(browser.findElements(By.id("username"))).isEmpty();
        assertThat(browser.findElement(By.id("login")).getText()).isEqualTo("Log in");
        assertThat(browser.findElements(By.cssSelector("#reply form"))).isEmpty();
    }

    @Test
    void postReplyQuoteEditAndSearchInTheBrowser() {
        ArenaClient person = ArenaClient.signedUp().aged();
        logIn(person.username(), person.password());
        // the task page links to its discussion
        browser.get(ArenaClient.BASE_URL + "task.html?slug=sum-of-two");
        WebElement discuss = waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("discuss")));
        discuss.click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/forum/c/task-sum-of-two"));
        assertThat(browser.findElement(By.id("category-title")).getText()).startsWith("Sum of two");

        String word = "qx" + ArenaClient.uniqueName("").toLowerCase();
        WebElement form = browser.findElement(By.cssSelector("#new-thread form"));
        form.findElement(By.name("title")).sendKeys("Negative numbers " + word);
        form.findElement(By.name("body")).sendKeys("Does the input hold **negative** numbers?");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/forum/t/"));
        assertThat(browser.findElement(By.id("thread-title")).getText()).isEqualTo("Negative numbers " + word);
        assertThat(browser.findElement(By.cssSelector("#p1 .post-body strong")).getText()).isEqualTo("negative");

        // quote the first post into a reply
        browser.findElement(By.cssSelector("#p1 [data-action=quote]")).click();
        WebElement body = browser.findElement(By.cssSelector("#reply textarea[name=body]"));
        waitUpTo(10).until(d -> body.getAttribute("value").contains("> Does the input hold"));
        body.sendKeys("Yes, they do.");
        browser.findElement(By.cssSelector("#reply button[type=submit]")).click();
        WebElement second = waitThroughReload(10).until(ExpectedConditions.visibilityOfElementLocated(By.id("p2")));
        assertThat(second.findElement(By.cssSelector(".post-body blockquote")).getText())
                .contains("Does the input hold negative numbers?");
        assertThat(second.findElement(By.cssSelector(".reply-to")).getText()).contains("#1");

        // edit it; the history keeps the first text
        second.findElement(By.cssSelector("[data-action=edit]")).click();
        WebElement editing = waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#p2 form.editing textarea")));
        editing.clear();
        editing.sendKeys("Yes: from -1000 to 1000.");
        browser.findElement(By.cssSelector("#p2 form.editing button[type=submit]")).click();
        waitThroughReload(10).until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#p2 .post-body"), "from -1000 to 1000"));
        browser.findElement(By.cssSelector("#p2 .edited")).click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/history"));
        assertThat(browser.findElement(By.id("current-text")).getText()).isEqualTo("Yes: from -1000 to 1000.");
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("Yes, they do.");

        // search from the header
        WebElement search = browser.findElement(By.id("search-q"));
        search.sendKeys(word);
        search.submit();
        waitUpTo(10).until(ExpectedConditions.urlContains("/forum/search"));
        assertThat(browser.findElement(By.cssSelector("#results .result-link")).getText()).contains(word);
    }

    @Test
    void unreadPostsAreMarkedForEachReader() {
        ArenaClient reader = ArenaClient.signedUp().aged();
        ArenaClient writer = ArenaClient.signedUp().aged();
        long thread = writer.post("api/v1/forum/categories/help/threads",
                Map.of("title", "Unread markers here", "body", "one")).body().get("threadId").asLong();
        logIn(reader.username(), reader.password());
        browser.get(ArenaClient.BASE_URL + "forum/c/help");
        WebElement row = browser.findElement(By.cssSelector("tr[data-thread='" + thread + "']"));
        assertThat(row.findElement(By.cssSelector(".badge.new")).getText()).isEqualTo("new");
        browser.get(ArenaClient.BASE_URL + "forum/t/" + thread);
        browser.get(ArenaClient.BASE_URL + "forum/c/help");
        row = browser.findElement(By.cssSelector("tr[data-thread='" + thread + "']"));
        assertThat(row.findElements(By.cssSelector(".badge"))).as("read: no marker").isEmpty();

        assertThat(writer.post("api/v1/forum/threads/" + thread + "/posts", Map.of("body", "two")).status())
                .isEqualTo(201);
        browser.get(ArenaClient.BASE_URL + "forum/c/help");
        row = browser.findElement(By.cssSelector("tr[data-thread='" + thread + "']"));
        assertThat(row.findElement(By.cssSelector(".badge.unread")).getText()).isEqualTo("1 unread");
        row.findElement(By.cssSelector(".thread-link")).click();
        waitUpTo(10).until(ExpectedConditions.urlContains("#p2"));
        assertThat(browser.findElement(By.cssSelector("#p2")).getAttribute("class")).contains("unread");
        assertThat(browser.findElement(By.cssSelector("#p1")).getAttribute("class")).doesNotContain("unread");
    }

    @Test
    void hostileTitlesPostsAndSearchesStayText() {
        ArenaClient attacker = ArenaClient.signedUp().aged();
        ArenaClient reader = ArenaClient.signedUp().aged();
        String title = "<img src=x onerror=\"window.__xss=1\">\"><script>window.__xss=2</script>";
        Reply created = attacker.post("api/v1/forum/categories/general/threads", Map.of("title", title,
                "body", "<script>window.__xss=3</script>\n\n[click](javascript:window.__xss=4)\n\n"
                        + "<iframe src=\"javascript:parent.__xss=5\"></iframe>"));
        assertThat(created.status()).isEqualTo(201);
        long thread = created.body().get("threadId").asLong();
        logIn(reader.username(), reader.password());
        for (String page : List.of("forum/c/general", "forum/t/" + thread,
                "forum/search?q=%3Cscript%3Ewindow.__xss%3D6%3C%2Fscript%3E", "forum/c/%3Cscript%3E")) {
            browser.get(ArenaClient.BASE_URL + page);
            assertThat(js("return window.__xss")).as(page).isNull();
        }
        browser.get(ArenaClient.BASE_URL + "forum/t/" + thread);
        assertThat(browser.findElement(By.id("thread-title")).getText()).isEqualTo(title);
        assertThat(browser.findElements(By.cssSelector("main script, main iframe, main img"))).isEmpty();
        WebElement link = browser.findElement(By.cssSelector("#p1 .post-body a"));
        assertThat(link.getAttribute("href")).isNull();
        link.click();
        assertThat(js("return window.__xss")).isNull();
        // SQL in a title, a post and a search typed in the page: stored and shown as text, searched as words
        String sql = "x'); DROP TABLE forum_post; --";
        browser.get(ArenaClient.BASE_URL + "forum/c/general");
        WebElement form = browser.findElement(By.cssSelector("#new-thread form"));
        form.findElement(By.name("title")).sendKeys(sql);
        form.findElement(By.name("body")).sendKeys("' OR '1'='1");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        waitUpTo(10).until(ExpectedConditions.urlContains("/forum/t/"));
        assertThat(browser.findElement(By.id("thread-title")).getText()).isEqualTo(sql);
        assertThat(browser.findElement(By.cssSelector("#p1 .post-body")).getText()).isEqualTo("' OR '1'='1");
        WebElement search = browser.findElement(By.id("search-q"));
        search.sendKeys("' OR 1=1; DROP TABLE forum_thread; --");
        search.submit();
        waitUpTo(10).until(ExpectedConditions.urlContains("/forum/search"));
        assertThat(browser.findElements(By.id("search-error"))).isEmpty();
        // the tables are still there, and the thread is found by its words
        assertThat(new ArenaClient().get("api/v1/forum/search?q=DROP%20TABLE%20forum_post").body().get("hits"))
                .isNotEmpty();
        // a user name cannot carry markup or SQL in: the sign-up refuses it
        assertThat(new ArenaClient().post("api/v1/accounts", Map.of("username", "x';--", "email", "y@example.org",
                "password", "correct horse 1")).status()).isEqualTo(400);
        Reply odd = new ArenaClient().post("api/v1/accounts", Map.of("username", "<b>x</b>", "email", "x@example.org",
                "password", "correct horse 1"));
        assertThat(odd.status()).isEqualTo(400);
    }

    /**
     * Another site (here 127.0.0.1, another origin than localhost where the session cookie lives) tries to post in
     * the signed-in reader's name: a plain form (text/plain body shaped like JSON) and a script's fetch with
     * credentials. Neither creates anything.
     */
    @Test
    void anotherSiteCannotPostInTheReadersName() throws Exception {
        ArenaClient person = ArenaClient.signedUp().aged();
        logIn(person.username(), person.password());
        String marker = "csrf" + ArenaClient.uniqueName("").toLowerCase();
        String target = ArenaClient.BASE_URL.replace("127.0.0.1", "localhost")
                + "api/v1/forum/categories/general/threads";
        String elsewhere = ArenaClient.BASE_URL.replace("localhost", "127.0.0.1");
        browser.get(elsewhere + "forum/");
        js("window.__fetchStatus = 'pending';"
                + "fetch(arguments[0], {method: 'POST', credentials: 'include', headers: {'Content-Type': 'application/json'},"
                + " body: JSON.stringify({title: arguments[1] + ' fetch', body: 'x'})})"
                + ".then(r => window.__fetchStatus = 'answered ' + r.status, e => window.__fetchStatus = 'blocked');"
                + "const form = document.createElement('form'); form.method = 'POST'; form.action = arguments[0];"
                + "form.enctype = 'text/plain'; const field = document.createElement('input'); field.type = 'hidden';"
                + "field.name = '{\"title\":\"' + arguments[1] + ' form\",\"body\":\"x\",\"pad\":\"';"
                + "field.value = '\"}'; form.append(field); document.body.append(form);"
                + "setTimeout(() => form.submit(), 500);", target, marker);
        waitUpTo(10).until(d -> !String.valueOf(js("return window.__fetchStatus")).equals("pending")
                || d.getCurrentUrl().contains("/api/"));
        Thread.sleep(1500);
        Reply found = new ArenaClient().get("api/v1/forum/search?q=" + marker);
        assertThat(found.body().get("hits")).as("nothing posted from another site").isEmpty();
        Reply threads = new ArenaClient().get("api/v1/forum/categories/general/threads");
        assertThat(threads.raw()).doesNotContain(marker);
    }

    @Test
    void aModeratorHidesAPostFromThePage() {
        ArenaClient author = ArenaClient.signedUp().aged();
        ArenaClient moderator = ArenaClient.signedUp().grant("MODERATOR");
        long thread = author.post("api/v1/forum/categories/general/threads",
                Map.of("title", "Rude words inside", "body", "something rude")).body().get("threadId").asLong();
        logIn(moderator.username(), moderator.password());
        browser.get(ArenaClient.BASE_URL + "forum/t/" + thread);
        assertThat(browser.findElement(By.cssSelector("#site-nav a[href='/forum/moderation']")).isDisplayed()).isTrue();
        WebElement post = browser.findElement(By.id("p1"));
        post.findElement(By.cssSelector("[data-action=hide]")).click();
        // the page loads again: while it does, Chrome may refuse to read a node of the old one
        waitThroughReload(10).until(ExpectedConditions.stalenessOf(post));
        waitThroughReload(10).until(
                ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#p1"), "Hidden by a moderator"));
        // everyone else sees that it was hidden, not what it said
        assertThat(new ArenaClient().get("api/v1/forum/threads/" + thread).body().get("posts").get(0)
                .path("markdown").isMissingNode()).isTrue();
        ArenaClient someone = ArenaClient.signedUp();
        signedOut(browser);
        logIn(someone.username(), someone.password());
        browser.get(ArenaClient.BASE_URL + "forum/t/" + thread);
        assertThat(browser.findElement(By.cssSelector("#p1 .post-body")).getText())
                .isEqualTo("A moderator hid this post.");
        assertThat(browser.getPageSource()).doesNotContain("something rude");
    }
}
