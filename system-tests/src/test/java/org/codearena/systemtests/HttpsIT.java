package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/**
 * The default profile serves HTTPS too, with a certificate Liberty generated at its first start (self-signed: a
 * browser asks once; operators put their own in front, docs/configuration.md), and the login cookie cannot be read
 * by scripts or sent along with requests that other sites start.
 */
class HttpsIT {

    private static final URI BASE = URI.create(ArenaClient.BASE_URL);
    private static final int HTTPS_PORT = Integer.getInteger("codearena.https.port", BASE.getPort() + 363);

    @Test
    void theSiteAnswersOverHttpsWithItsOwnCertificate() throws Exception {
        SSLContext trustingThisOne = SSLContext.getInstance("TLS");
        trustingThisOne.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        HttpClient https = HttpClient.newBuilder().sslContext(trustingThisOne).connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> page = https.send(HttpRequest.newBuilder(
                        URI.create("https://" + BASE.getHost() + ":" + HTTPS_PORT + "/api/v1/languages")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("python");
        assertThat(page.sslSession()).isPresent();
    }

    @Test
    void theLoginCookieIsHttpOnlyAndSameSite() throws Exception {
        ArenaClient account = ArenaClient.signedUp();
        HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        BASE.resolve("api/v1/auth/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\": \"" + account.username()
                        + "\", \"password\": \"" + account.password() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        List<String> cookies = login.headers().allValues("Set-Cookie");
        assertThat(cookies).anySatisfy(cookie -> assertThat(cookie).startsWith("JSESSIONID=")
                .containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }
}
