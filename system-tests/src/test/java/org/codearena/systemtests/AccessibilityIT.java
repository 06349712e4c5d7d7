package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every page passes Deque's axe-core checks (WCAG 2.1 A and AA) with no serious or critical violation, in the
 * light theme and in the dark one: run in the page tests' Chromium on each page as a person sees it.
 */
class AccessibilityIT extends HeadlessChromium {

    private static final Set<String> BLOCKING = Set.of("serious", "critical");

    /** The serious and critical violations on the page as it is now, one line each, with where they are. */
    private static List<String> violations(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
                .analyze(browser);
        return results.getViolations().stream().filter(rule -> BLOCKING.contains(rule.getImpact()))
                .map(rule -> page + ": " + rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                        + rule.getNodes().stream().limit(3).map(node -> String.valueOf(node.getTarget()))
                        .collect(Collectors.joining(", ")))
                .toList();
    }

    private static void ready(String attribute) {
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), attribute, "true"));
    }

    @Test
    void everyPageHasNoSeriousViolation() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN").grant("RECRUITER");
        String slug = "a11y" + ArenaClient.uniqueName("").toLowerCase();
        admin.post("api/v1/contests", Map.of("slug", slug, "title", "Accessible cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plusSeconds(3600).toString(), "tasks", List.of("sum-of-two")));
        admin.post("api/v1/contests/" + slug + "/announcements", Map.of("text", "Welcome"));
        long assessmentId = admin.post("api/v1/assessments", Map.of("title", "Accessible hiring",
                "tasks", List.of("sum-of-two"), "durationMinutes", 30,
                "opensAt", Instant.now().minusSeconds(60).toString(),
                "closesAt", Instant.now().plusSeconds(3600).toString())).body().get("id").asLong();
        String link = admin.post("api/v1/assessments/" + assessmentId + "/invitations",
                Map.of("addresses", "a11y@example.org")).body().get("links").get(0).get("link").asText();
        String token = link.substring(link.indexOf("token=") + 6);
        List<String> found = new java.util.ArrayList<>();

        browser.get(ArenaClient.BASE_URL);
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("try-form"), "data-ready", "true"));
        found.addAll(violations("landing"));
        browser.get(ArenaClient.BASE_URL + "scoreboard.html?slug=" + slug);
        ready("data-ready");
        found.addAll(violations("scoreboard"));
        browser.get(ArenaClient.BASE_URL + "no-such-page.html");
        found.addAll(violations("404 page"));

        logIn(admin.username(), admin.password());
        for (String[] page : new String[][] {{"tasks.html", "data-ready"}, {"editor.html", "data-ready"},
                {"task.html?slug=sum-of-two", "data-task-ready"}, {"history.html", "data-ready"},
                {"contest.html?slug=" + slug, "data-ready"}, {"contests-admin.html", "data-ready"},
                {"recruiter.html", "data-ready"}, {"admin/", "data-ready"}, {"reports.html?usage", "data-ready"},
                {"account.html", "data-ready"}, {"task-studio.html", "data-ready"},
                {"assessment.html?token=" + token, "data-assessment-ready"}, {"chat/?room=global", "data-ready"},
                {"similarity.html?assessment=" + assessmentId, "data-ready"}}) {
            browser.get(ArenaClient.BASE_URL + page[0]);
            ready(page[1]);
            found.addAll(violations(page[0]));
        }
        // the forum's pages (rendered on the server: ready when loaded), a moderator's view with its tools
        long thread = admin.post("api/v1/forum/categories/general/threads", Map.of("title", "Accessible thread",
                "body", "> a quote\n\nand `code`")).body().get("threadId").asLong();
        admin.post("api/v1/forum/threads/" + thread + "/posts", Map.of("body", "a reply", "replyTo", 1));
        String[] forumPages = {"forum/", "forum/c/general", "forum/t/" + thread, "forum/search?q=accessible",
            "forum/moderation"};
        for (String page : forumPages) {
            browser.get(ArenaClient.BASE_URL + page);
            found.addAll(violations(page));
        }
        browser.get(ArenaClient.BASE_URL + "assessment.html?token=" + token);
        ready("data-assessment-ready");
        browser.findElement(By.id("start")).click();
        waitUpTo(10).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-state", "STARTED"));
        found.addAll(violations("assessment, started"));

        // the dark theme: its own colours, its own contrast
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            for (String[] page : new String[][] {{"tasks.html", "data-ready"}, {"task.html?slug=sum-of-two", "data-task-ready"},
                    {"contest.html?slug=" + slug, "data-ready"}, {"contests-admin.html", "data-ready"},
                    {"chat/?room=global", "data-ready"}}) {
                browser.get(ArenaClient.BASE_URL + page[0]);
                ready(page[1]);
                found.addAll(violations("dark " + page[0]));
            }
            for (String page : new String[] {"forum/c/general", "forum/t/" + thread, "forum/search?q=accessible"}) {
                browser.get(ArenaClient.BASE_URL + page);
                found.addAll(violations("dark " + page));
            }
            signedOut(browser);
            browser.get(ArenaClient.BASE_URL);
            waitUpTo(20).until(ExpectedConditions.attributeToBe(By.id("try-form"), "data-ready", "true"));
            found.addAll(violations("dark landing"));
        } finally {
            chrome.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                    List.of(Map.of("name", "prefers-color-scheme", "value", "light"))));
        }

        assertThat(found).as("serious or critical accessibility violations").isEmpty();
    }
}
