package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Another site cannot make a signed-in person's browser act in their name: requests that change something and
 * count on the session cookie must come from CodeArena's own pages (JSON or the pages' header, same origin).
 * Sent here as the browser would send them, with the session cookie of an ADMIN's page login.
 */
class CrossSiteRequestIT {

    private static final String REJUDGE = "api/v1/admin/tasks/longest-increasing/rejudge";

    private HttpClient browser;
    private String host;

    @BeforeEach
    void adminLoggedInOnThePage() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10))
                .build();
        URI base = URI.create(ArenaClient.BASE_URL);
        host = base.getAuthority();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(base.resolve("api/v1/auth/session"))
                .header("Content-Type", "application/json").header("Origin", base.getScheme() + "://" + host)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + admin.username()
                        + "\", \"password\": \"" + admin.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isBetween(200, 299);
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ArenaClient.BASE_URL).resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFormOnAnotherSiteCannotRejudgeInAnAdminsName() throws Exception {
        HttpResponse<String> forged = post(REJUDGE, "application/x-www-form-urlencoded", "",
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("another site");

        // an old browser that sends neither Origin nor Sec-Fetch-Site: a plain form still cannot do it
        assertThat(post(REJUDGE, "text/plain", "x").statusCode()).isEqualTo(403);
        assertThat(post(REJUDGE, null, "").statusCode()).isEqualTo(403);
    }

    @Test
    void aScriptOnAnotherSiteCannotPostJsonInTheVisitorsName() throws Exception {
        HttpResponse<String> forged = post("api/v1/runs", "application/json",
                "{\"language\": \"python\", \"source\": \"print(1)\"}", "Origin", "https://evil.example");
        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void theSitesOwnPagesStillWork() throws Exception {
        HttpResponse<String> rejudge = post(REJUDGE, null, "", "Origin", "http://" + host, "Sec-Fetch-Site",
                "same-origin", "X-CodeArena-Request", "1");
        assertThat(rejudge.statusCode()).as(rejudge.body()).isEqualTo(202);
        HttpResponse<String> run = post("api/v1/runs", "application/json",
                "{\"language\": \"python\", \"source\": \"print(1)\"}", "Origin", "http://" + host);
        assertThat(run.statusCode()).as(run.body()).isEqualTo(202);
    }
}
