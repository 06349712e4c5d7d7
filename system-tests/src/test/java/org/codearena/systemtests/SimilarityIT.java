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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Similarity between candidates' code: candidates of one assessment submit to one task; one of them copied
 * another's program and disguised it (identifiers renamed, functions in another order, comments changed). The
 * recruiter's check flags that pair and no other (two honest solutions written each in its own way, one in
 * another language), shows the pair side by side with its matched regions in a real browser, and keeps the
 * check's figures. Only the recruiter of the assessment (or an ADMIN) may look.
 */
class SimilarityIT extends HeadlessChromium {

    private static final String ORIGINAL = """
            import sys


            def split_words(line):
                words = []
                current = ''
                for ch in line:
                    if ch == ' ' or ch == '\\t' or ch == '\\n':
                        if current != '':
                            words.append(current)
                        current = ''
                    else:
                        current += ch
                if current != '':
                    words.append(current)
                return words


            def reversed_copy(items):
                result = list(items)
                left = 0
                right = len(result) - 1
                while left < right:
                    result[left], result[right] = result[right], result[left]
                    left += 1
                    right -= 1
                return result


            def main():
                line = sys.stdin.readline()
                if not line:
                    return
                words = split_words(line)
                print(' '.join(reversed_copy(words)))


            main()
            """;

    private static final String DISGUISED_COPY = """
            import sys

            # flip a list around
            def backwards(seq):
                out = list(seq)
                lo = 0
                hi = len(out) - 1
                while lo < hi:
                    out[lo], out[hi] = out[hi], out[lo]
                    lo += 1
                    hi -= 1
                return out

            def tokens(text):
                found = []
                word = ''
                for c in text:
                    if c == ' ' or c == '\\t' or c == '\\n':
                        if word != '':
                            found.append(word)
                        word = ''
                    else:
                        word += c
                if word != '':
                    found.append(word)
                return found

            def run():
                text = sys.stdin.readline()
                if not text:
                    return
                found = tokens(text)
                print(' '.join(backwards(found)))

            run()
            """;

    private static final String HONEST_SHORT = "print(' '.join(reversed(input().split())))\n";

    private static final String HONEST_LONG = """
            import sys

            class Sentence:
                def __init__(self, raw):
                    self.parts = [piece for piece in raw.strip().split(' ') if piece]

                def backwards(self):
                    return Sentence(' '.join(self.parts[::-1]))

                def __str__(self):
                    return ' '.join(self.parts)

            for raw_line in sys.stdin:
                print(Sentence(raw_line).backwards())
                break
            """;

    private static final String HONEST_JAVA = """
            import java.util.*;

            public class Main {
                public static void main(String[] args) {
                    Scanner in = new Scanner(System.in);
                    Deque<String> stack = new ArrayDeque<>();
                    for (String word : in.nextLine().trim().split("\\\\s+")) {
                        if (!word.isEmpty()) {
                            stack.push(word);
                        }
                    }
                    System.out.println(String.join(" ", stack));
                }
            }
            """;

    private record Candidate(String email, String language, String source) {
    }

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("original@example.org", "python", ORIGINAL),
            new Candidate("short@example.org", "python", HONEST_SHORT),
            new Candidate("copier@example.org", "python", DISGUISED_COPY),
            new Candidate("classy@example.org", "python", HONEST_LONG),
            new Candidate("javanese@example.org", "java", HONEST_JAVA));

    /** An assessment the candidates took: each submitted to reverse-words (the copier twice: the last counts). */
    private static long takenAssessment(ArenaClient recruiter) {
        Instant now = Instant.now();
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Similarity round",
                "tasks", List.of("sum-of-two", "reverse-words"), "durationMinutes", 30,
                "opensAt", now.minusSeconds(60).toString(), "closesAt", now.plus(Duration.ofHours(2)).toString()));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        Reply invited = recruiter.post("api/v1/assessments/" + id + "/invitations", Map.of("addresses",
                String.join(",", CANDIDATES.stream().map(Candidate::email).toList()), "sendEmail", false));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(200);
        for (Candidate candidate : CANDIDATES) {
            ArenaClient person = ArenaClient.signedUp();
            String token = ArenaClient.invitationToken(invited, candidate.email());
            assertThat(person.post("api/v1/invitations/" + token + "/start", Map.of()).status()).isEqualTo(200);
            List<String> sources = candidate.source().equals(DISGUISED_COPY)
                    ? List.of(HONEST_SHORT, DISGUISED_COPY) : List.of(candidate.source());
            for (String source : sources) {
                Reply accepted = person.post("api/v1/invitations/" + token + "/submissions",
                        Map.of("task", "reverse-words", "language", candidate.language(), "source", source));
                assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
            }
        }
        return id;
    }


    private static JsonNode finished(ArenaClient client, long checkId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            String state = client.get("api/v1/similarity/" + checkId).body().get("state").asText();
            return state.equals("DONE") || state.equals("FAILED");
        });
        return client.get("api/v1/similarity/" + checkId).body();
    }

    @Test
    void theDisguisedCopyIsFlaggedAndHonestSolutionsAreNot() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = takenAssessment(recruiter);

        Reply started = recruiter.post("api/v1/similarity", Map.of("assessment", id, "task", "reverse-words"));
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        long checkId = started.body().get("id").asLong();
        JsonNode check = finished(recruiter, checkId);

        assertThat(check.get("state").asText()).as(check.toString()).isEqualTo("DONE");
        assertThat(check.get("submissions").asInt()).as("each candidate's last submission").isEqualTo(5);
        // the one-line solution is too short to compare; three python solutions make three pairs; java is alone
        assertThat(check.get("comparedPairs").asLong()).isEqualTo(3);
        assertThat(check.get("skipped").toString()).contains("too short to compare");
        assertThat(check.get("notes").toString()).contains("only one java solution");
        assertThat(check.get("readFrom").asText()).isIn("replica", "primary");
        assertThat(check.get("baseCode").toString()).contains("python", "java");
        JsonNode pairs = check.get("pairs");
        assertThat(pairs).as(pairs.toString()).hasSize(1);
        JsonNode pair = pairs.get(0);
        assertThat(List.of(pair.get("first").get("author").asText(), pair.get("second").get("author").asText()))
                .containsExactlyInAnyOrder("original@example.org", "copier@example.org");
        assertThat(pair.get("similarity").asDouble()).isGreaterThan(0.8);

        JsonNode detail = recruiter.get("api/v1/similarity/" + checkId + "/pairs/" + pair.get("id").asLong()).body();
        assertThat(detail.get("firstSource").asText() + detail.get("secondSource").asText())
                .contains("def split_words(line)", "def tokens(text)");
        assertThat(detail.get("regions")).isNotEmpty();
        for (JsonNode region : detail.get("regions")) {
            assertThat(region.get("firstStart").asInt()).isPositive().isLessThanOrEqualTo(region.get("firstEnd").asInt());
            assertThat(region.get("secondStart").asInt()).isPositive()
                    .isLessThanOrEqualTo(region.get("secondEnd").asInt());
        }

        // the list of the assessment's checks, and who may see them
        assertThat(recruiter.get("api/v1/similarity?assessment=" + id).body().findValuesAsText("state"))
                .containsExactly("DONE");
        assertThat(ArenaClient.signedUp().grant("RECRUITER").get("api/v1/similarity/" + checkId).status())
                .as("another recruiter").isEqualTo(404);
        assertThat(ArenaClient.signedUp().grant("ADMIN").get("api/v1/similarity/" + checkId).status())
                .as("an ADMIN").isEqualTo(200);
    }

    @Test
    void badRequestsAreRefusedWithAMessage() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Instant now = Instant.now();
        long id = recruiter.post("api/v1/assessments", Map.of("title", "Empty round", "tasks", List.of("sum-of-two"),
                "durationMinutes", 30, "opensAt", now.minusSeconds(60).toString(),
                "closesAt", now.plus(Duration.ofHours(2)).toString())).body().get("id").asLong();
        String path = "api/v1/similarity";

        Reply nothing = recruiter.post(path, Map.of("task", "sum-of-two"));
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.body().get("error").asText()).contains("an assessment (its id) or a contest");
        Reply noTask = recruiter.post(path, Map.of("assessment", id));
        assertThat(noTask.status()).isEqualTo(400);
        assertThat(noTask.body().get("error").asText()).contains("which task", "sum-of-two");
        Reply otherTask = recruiter.post(path, Map.of("assessment", id, "task", "fizzbuzz"));
        assertThat(otherTask.status()).isEqualTo(400);
        assertThat(otherTask.body().get("error").asText()).contains("not in this assessment");
        Reply badThreshold = recruiter.post(path, Map.of("assessment", id, "task", "sum-of-two", "threshold", 3));
        assertThat(badThreshold.status()).isEqualTo(400);
        assertThat(badThreshold.body().get("error").asText()).contains("from 0.05", "to 1");
        assertThat(ArenaClient.signedUp().post(path, Map.of("assessment", id, "task", "sum-of-two")).status())
                .as("not a recruiter").isEqualTo(403);
        assertThat(ArenaClient.signedUp().grant("RECRUITER").post(path, Map.of("assessment", id, "task", "sum-of-two"))
                .status()).as("another recruiter's assessment").isEqualTo(404);
        assertThat(recruiter.post(path, Map.of("contest", "no-such-contest", "task", "sum-of-two")).status())
                .as("contests are their ADMINs'").isEqualTo(403);
        assertThat(recruiter.get(path).status()).isEqualTo(400);
        assertThat(recruiter.get("api/v1/similarity/999999999").status()).isEqualTo(404);
        assertThat(recruiter.get("api/v1/similarity/abc").status()).isEqualTo(400);

        // nobody submitted: the check ends with nothing to compare, not with an error
        JsonNode empty = finished(recruiter, recruiter.post(path, Map.of("assessment", id, "task", "sum-of-two"))
                .body().get("id").asLong());
        assertThat(empty.get("state").asText()).isEqualTo("DONE");
        assertThat(empty.get("submissions").asInt()).isZero();
        assertThat(empty.get("pairs")).isEmpty();
    }

    @Test
    void theRecruiterSeesThePairSideBySideInTheBrowser() {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        long id = takenAssessment(recruiter);
        logIn(recruiter.username(), recruiter.password());
        browser.get(ArenaClient.BASE_URL + "recruiter.html");
        waitUpTo(20).until(ExpectedConditions.elementToBeClickable(By.cssSelector("#assessments button[data-id='" + id + "']")))
                .click();
        waitUpTo(10).until(ExpectedConditions.attributeContains(By.id("similarity-link"), "href", "assessment=" + id));
        browser.findElement(By.id("similarity-link")).click();
        waitUpTo(20).until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        assertThat(browser.findElement(By.id("similarity-title")).getText()).isEqualTo("Similarity — Similarity round");

        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("check-task")))
                .selectByValue("reverse-words");
        browser.findElement(By.id("check-submit")).click();
        waitUpTo(60).until(ExpectedConditions.attributeToBe(By.id("check"), "data-state", "DONE"));
        assertThat(browser.findElement(By.id("check-state")).getText())
                .contains("5 final submissions", "3 pairs compared", "1 pair at or above 50 %");
        assertThat(browser.findElement(By.id("check-notes")).getText()).contains("only one java solution");
        List<WebElement> rows = browser.findElements(By.cssSelector("#pairs tbody tr"));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getText()).contains("original@example.org", "copier@example.org");

        rows.get(0).findElement(By.tagName("button")).click();
        waitUpTo(10).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#pair-first .matched")));
        assertThat(browser.findElement(By.id("pair-heading")).getText())
                .contains("original@example.org", "copier@example.org", "% similar", "matched region");
        List<WebElement> matchedFirst = browser.findElements(By.cssSelector("#pair-first .matched"));
        List<WebElement> matchedSecond = browser.findElements(By.cssSelector("#pair-second .matched"));
        assertThat(matchedFirst.size()).as("most lines of each side are matched").isGreaterThan(10);
        assertThat(matchedSecond.size()).isGreaterThan(10);
        // a region has the same colour on both sides
        String region = matchedFirst.get(0).getAttribute("data-region");
        String colour = matchedFirst.get(0).getAttribute("class").replaceAll(".*(match-\\d).*", "$1");
        assertThat(browser.findElement(By.cssSelector("#pair-second [data-region='" + region + "']"))
                .getAttribute("class")).contains(colour);
        assertThat(browser.getCurrentUrl()).contains("check=", "pair=");
    }
}
