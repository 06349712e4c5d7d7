package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/** Username rules and suggestions through the public API, and hundreds of people claiming one name at once. */
class UsernamesIT {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final ArenaClient anonymous = new ArenaClient();

    private Reply signUp(String username) {
        return anonymous.post("api/v1/accounts",
                Map.of("username", username, "email", "someone@example.org", "password", "correct horse 9"));
    }

    private JsonNode availability(String username) {
        Reply reply = anonymous.get("api/v1/accounts/availability?username="
                + URLEncoder.encode(username, StandardCharsets.UTF_8));
        assertThat(reply.status()).as("availability of %s: %s", username, reply.raw()).isEqualTo(200);
        return reply.body();
    }

    private static String freshBase() {
        return ArenaClient.uniqueName("turing");
    }

    @Test
    void theSuggestionIsTheFirstFreeNumberAndADeletedAccountFreesItsName() {
        String base = freshBase();
        assertThat(availability(base).get("available").asBoolean()).isTrue();
        assertThat(signUp(base).status()).isEqualTo(201);
        assertThat(signUp(base + "1").status()).isEqualTo(201);
        assertThat(signUp(base + "3").status()).isEqualTo(201);

        JsonNode taken = availability(base.toUpperCase());
        assertThat(taken.get("username").asText()).isEqualTo(base);
        assertThat(taken.get("available").asBoolean()).isFalse();
        assertThat(taken.get("suggestion").asText()).isEqualTo(base + "2");
        assertThat(signUp(base + "2").status()).as("asking holds nothing").isEqualTo(201);
        assertThat(availability(base).get("suggestion").asText()).isEqualTo(base + "4");

        ArenaClient owner = new ArenaClient().loggedIn(base + "1", "correct horse 9");
        assertThat(owner.delete("api/v1/accounts/me", Map.of("password", "wrong password")).status()).isEqualTo(400);
        assertThat(owner.delete("api/v1/accounts/me", Map.of("password", "correct horse 9")).status()).isEqualTo(204);

        assertThat(availability(base + "1").get("available").asBoolean()).isTrue();
        assertThat(availability(base).get("suggestion").asText()).isEqualTo(base + "1");
    }

    @Test
    void aNameEndingInDigitsBelongsToTheFamilyOfItsBase() {
        String base = freshBase();
        assertThat(signUp(base).status()).isEqualTo(201);
        assertThat(signUp(base + "7").status()).isEqualTo(201);
        assertThat(signUp(base + "007").status()).isEqualTo(201);

        assertThat(availability(base + "7").get("suggestion").asText()).isEqualTo(base + "1");
        // leading zeros stay with the base: base00 + 7; its family starts at base001
        assertThat(availability(base + "007").get("suggestion").asText()).isEqualTo(base + "001");
    }

    @Test
    void atTheLengthLimitTheBaseIsCutToMakeRoom() {
        String longName = (freshBase() + "abcdefghijklmnopqrstuvwxyz").substring(0, 32);
        assertThat(signUp(longName).status()).isEqualTo(201);

        JsonNode taken = availability(longName);

        assertThat(taken.get("suggestion").asText()).isEqualTo(longName.substring(0, 31) + "1");
    }

    @Test
    void caseAndUnicodeLookAlikesAreTheSameName() {
        String base = freshBase();
        assertThat(signUp(base).status()).isEqualTo(201);
        // full-width letters and digits normalise (NFKC) to the plain ones
        String fullWidth = base.chars().mapToObj(c -> Character.isLetterOrDigit(c)
                ? String.valueOf((char) (c - 0x21 + 0xFF01)) : String.valueOf((char) c)).collect(Collectors.joining());

        Reply lookAlike = signUp(fullWidth.toUpperCase());

        assertThat(lookAlike.status()).isEqualTo(409);
        assertThat(lookAlike.body().get("suggestion").asText()).isEqualTo(base + "1");
        assertThat(availability(fullWidth).get("available").asBoolean()).isFalse();
    }

    @Test
    void badNamesAreRefusedWithTheRuleTheyBreak() {
        Reply tooShort = anonymous.get("api/v1/accounts/availability?username=ab");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body().get("error").asText()).contains("3 to 32");
        Reply reserved = anonymous.get("api/v1/accounts/availability?username=Support");
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.body().get("error").asText()).contains("reserved");
        Reply missing = anonymous.get("api/v1/accounts/availability");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.body().get("error").asText()).contains("username is required");
    }

    @Test
    void hundredsClaimingOneNameAtOnceAllGetDistinctNamesInOrder() {
        int people = 200;
        String base = freshBase();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        String someoneElse = ArenaClient.uniqueName("early");
        assertThat(signUp(someoneElse).status()).isEqualTo(201);

        List<CompletableFuture<String>> claims = IntStream.range(0, people)
                .mapToObj(i -> claim(http, "192.0.2." + (i % 250 + 1) + ", 10.0.0." + (i / 250), base, null, 1))
                .toList();
        // logins check passwords on a lane of their own: one does not wait behind the storm of sign-ups
        await().atMost(Duration.ofSeconds(30)).until(() -> claims.stream().filter(CompletableFuture::isDone).count() >= 1);
        new ArenaClient().loggedIn(someoneElse, "correct horse 9");
        assertThat(claims.stream().filter(CompletableFuture::isDone).count())
                .as("sign-ups done when the login was").isLessThan(people / 2);
        List<String> names = new ArrayList<>();
        claims.forEach(claim -> names.add(claim.join()));

        Set<String> expected = new TreeSet<>();
        expected.add(base);
        IntStream.range(1, people).forEach(n -> expected.add(base + n));
        assertThat(names).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(new TreeSet<>(names)).isEqualTo(expected);
    }

    /**
     * Signs up as the name; on 409 takes the suggestion (with its token), as a person clicking it would. Each
     * person comes from an address of their own (X-Forwarded-For, which the test server trusts).
     */
    private static CompletableFuture<String> claim(HttpClient http, String client, String username, String token,
                                                   int attempt) {
        Map<String, String> body = new HashMap<>(Map.of("username", username, "email", "many@example.org",
                "password", "correct horse 9"));
        if (token != null) {
            body.put("suggestionToken", token);
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL + "api/v1/accounts"))
                    .timeout(Duration.ofMinutes(5)).header("Content-Type", "application/json")
                    .header("X-Forwarded-For", client)
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            try {
                JsonNode reply = JSON.readTree(response.body());
                if (response.statusCode() == 201) {
                    return CompletableFuture.completedFuture(reply.get("username").asText());
                }
                if (response.statusCode() == 409 && attempt < 5) {
                    return claim(http, client, reply.get("suggestion").asText(),
                            reply.get("suggestionToken").asText(), attempt + 1);
                }
                throw new IllegalStateException("sign-up as " + username + " answered " + response.statusCode()
                        + ": " + response.body());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
