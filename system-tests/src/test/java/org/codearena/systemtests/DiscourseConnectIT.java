package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * CodeArena as a DiscourseConnect provider, with this test playing Discourse as Discourse does it (lib/
 * discourse_connect_base.rb): the request is the query "nonce=…&return_sso_url=…" in strict Base64, signed with the
 * hex HMAC-SHA256 of that Base64 text; the answer is read back the same way. ./arena test sets the shared secret
 * (random per run) and the forum's address.
 */
class DiscourseConnectIT extends HeadlessChromium {

    private static final String SECRET = System.getProperty("codearena.discourse.secret", "");
    private static final String FORUM = System.getProperty("codearena.discourse.url", "http://forum.codearena.test");

    @Test
    void aLoggedInPersonGoesBackToTheForumWithASignedAnswer() throws Exception {
        ArenaClient person = ArenaClient.signedUp();
        HttpClient browserLike = loggedInWithCookie(person);
        String nonce = UUID.randomUUID().toString().replace("-", "");
        String url = connectUrl(nonce, FORUM + "/session/sso_login", SECRET);

        HttpResponse<String> answer = browserLike.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(303);
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(FORUM + "/session/sso_login?sso=");
        Map<String, String> back = query(URI.create(location).getRawQuery());
        // Discourse: sign(parsed["sso"]) == parsed["sig"], then Base64.decode64 and parse_query
        assertThat(back.get("sig")).isEqualTo(sign(back.get("sso"), SECRET));
        Map<String, String> fields = query(new String(Base64.getMimeDecoder().decode(back.get("sso")), StandardCharsets.UTF_8));
        assertThat(fields).containsEntry("nonce", nonce).containsEntry("username", person.username())
                .containsEntry("email", person.username() + "@example.org").containsEntry("admin", "false")
                .containsEntry("require_activation", "true");
        assertThat(fields.get("external_id")).matches("[0-9]+");

        // the same request again: refused (a replayed nonce)
        HttpResponse<String> replay = browserLike.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(replay.body()).contains("answered already");
    }

    @Test
    void wrongSignaturesAndForeignReturnAddressesAreRefused() throws Exception {
        HttpClient browserLike = loggedInWithCookie(ArenaClient.signedUp());
        String nonce = UUID.randomUUID().toString();
        HttpResponse<String> forged = browserLike.send(HttpRequest.newBuilder(URI.create(
                connectUrl(nonce, FORUM + "/session/sso_login", SECRET + "-not-it"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("discourse_connect_secret");

        HttpResponse<String> elsewhere = browserLike.send(HttpRequest.newBuilder(URI.create(
                connectUrl(nonce, "https://attacker.example/steal", SECRET))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(400);
        assertThat(elsewhere.body()).contains("not to the configured Discourse");

        HttpResponse<String> garbage = browserLike.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "api/v1/auth/discourse-connect?sso=%3Cscript%3E&sig=" + sign("<script>", SECRET))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(garbage.statusCode()).isEqualTo(400);
        HttpResponse<String> nothing = browserLike.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                + "api/v1/auth/discourse-connect")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(nothing.statusCode()).isEqualTo(400);
    }

    /** Not logged in: the forum's user logs in on the platform's page and lands back on the forum, signed in. */
    @Test
    void someoneNotLoggedInLogsInFirstAndGoesBackToTheForum() {
        ArenaClient person = ArenaClient.signedUp();
        String nonce = UUID.randomUUID().toString().replace("-", "");
        browser.get(connectUrl(nonce, FORUM + "/session/sso_login", SECRET));
        waitUpTo(10).until(ExpectedConditions.urlContains("next="));
        assertThat(browser.getCurrentUrl()).startsWith(ArenaClient.BASE_URL + "?next=api");
        browser.findElement(By.id("login-username")).sendKeys(person.username());
        browser.findElement(By.id("login-password")).sendKeys(person.password());
        browser.findElement(By.id("login-submit")).click();
        // the forum's address does not resolve here: the browser's address says where it was sent
        waitUpTo(20).until(ExpectedConditions.urlContains("/session/sso_login?sso="));
        Map<String, String> back = query(URI.create(browser.getCurrentUrl()).getRawQuery());
        assertThat(back.get("sig")).isEqualTo(sign(back.get("sso"), SECRET));
        assertThat(new String(Base64.getMimeDecoder().decode(back.get("sso")), StandardCharsets.UTF_8))
                .contains("nonce=" + nonce, "username=" + person.username());
    }

    /** Discourse's side: the request URL it sends its users to. */
    private static String connectUrl(String nonce, String returnTo, String secret) {
        String unsigned = "nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8) + "&return_sso_url="
                + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
        String payload = Base64.getEncoder().encodeToString(unsigned.getBytes(StandardCharsets.UTF_8));
        return ArenaClient.BASE_URL + "api/v1/auth/discourse-connect?sso="
                + URLEncoder.encode(payload, StandardCharsets.UTF_8) + "&sig=" + sign(payload, secret);
    }

    private static String sign(String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** An HTTP client that keeps the page session's cookie, logged in as a browser is; it does not follow redirects. */
    private static HttpClient loggedInWithCookie(ArenaClient person) throws Exception {
        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL
                        + "api/v1/auth/session")).header("Content-Type", "application/json")
                .header("X-CodeArena-Request", "1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"" + person.username() + "\",\"password\":\""
                        + person.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return client;
    }
}
