package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * Bodies that are not what an endpoint takes, and addresses that lead nowhere: each answered with a 4xx and words a
 * person can act on, never with the parser's or the server's internals (class names, tokens, message codes).
 */
class HostileInputIT {

    private static final ArenaClient CLIENT = ArenaClient.signedUp();
    private static final List<String> INTERNALS = List.of("org.", "jakarta.", "java.", "Exception", "yasson",
            "Yasson", "token=", "CURLY", "SRVE", "CWW", "at (line no");

    private static void assertNoInternals(String text) {
        for (String internal : INTERNALS) {
            assertThat(text).as("response must not show '" + internal + "'").doesNotContain(internal);
        }
    }

    @Test
    void brokenJsonIsA400ThatSaysWhereAndShowsNoParserInternals() {
        for (String body : List.of("{not json", "{\"language\": \"python\", \"source\": ", "[1, 2", "}", "\"\\u12")) {
            Reply reply = CLIENT.postRaw("api/v1/runs", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.body().get("error").asText()).as(body).contains("not valid JSON");
            assertNoInternals(reply.raw());
        }
        Reply nearTheMistake = CLIENT.postRaw("api/v1/runs", "{\"language\": \"python\",\n \"source\" \"x\"}");
        assertThat(nearTheMistake.body().get("error").asText()).contains("line 2");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldAndShowsNoParserInternals() {
        Reply reply = CLIENT.postRaw("api/v1/runs", "{\"language\": [\"python\"], \"source\": \"print(1)\"}");
        assertThat(reply.status()).isEqualTo(400);
        assertNoInternals(reply.raw());
        Reply account = new ArenaClient().postRaw("api/v1/accounts", "{\"username\": {\"a\": 1}, \"password\": 5}");
        assertThat(account.status()).isEqualTo(400);
        assertNoInternals(account.raw());
    }

    @Test
    void anUnknownPageIsA404PageThatSaysWhereToGo() {
        Reply page = new ArenaClient().get("no/such/page-" + System.nanoTime());
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.raw()).contains("There is no page here").contains("href=\"/tasks.html\"");
        assertNoInternals(page.raw());
    }

    @Test
    void anUnknownApiPathIsA404InJson() {
        Reply api = CLIENT.get("api/v1/no-such-thing");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.body().get("error").asText()).contains("no such resource");
        assertNoInternals(api.raw());
    }
}
