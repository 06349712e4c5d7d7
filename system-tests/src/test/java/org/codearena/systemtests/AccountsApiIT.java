package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

class AccountsApiIT {

    private final ArenaClient anonymous = new ArenaClient();

    @Test
    void signUpThenTokenThenWhoAmI() {
        String name = ArenaClient.uniqueName("alan");
        Reply created = anonymous.post("api/v1/accounts",
                Map.of("username", name, "email", name + "@example.org", "password", "s3cret-pass"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("username").asText()).isEqualTo(name);

        Reply token = anonymous.post("api/v1/auth/token", Map.of("username", name, "password", "s3cret-pass"));
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.body().get("token").asText()).hasSizeGreaterThan(30);
    }

    @Test
    void takenNameIsCaseInsensitiveAnd409CarriesAFreeSuggestionHeldForThePerson() {
        String name = ArenaClient.uniqueName("grace");
        anonymous.post("api/v1/accounts", Map.of("username", name, "email", "g@example.org", "password", "s3cret-pass"));
        anonymous.post("api/v1/accounts", Map.of("username", name + "1", "email", "g@example.org", "password", "s3cret-pass"));

        Reply taken = anonymous.post("api/v1/accounts",
                Map.of("username", name.toUpperCase(), "email", "g@example.org", "password", "s3cret-pass"));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body().get("error").asText()).contains("taken");
        assertThat(taken.body().get("suggestion").asText()).isEqualTo(name + "2");
        // held for whoever got the 409: someone else asking for it is offered the next one
        Reply someoneElse = anonymous.post("api/v1/accounts",
                Map.of("username", name + "2", "email", "h@example.org", "password", "s3cret-pass"));
        assertThat(someoneElse.status()).isEqualTo(409);
        assertThat(someoneElse.body().get("suggestion").asText()).isEqualTo(name + "3");
        Reply suggestionTaken = anonymous.post("api/v1/accounts", Map.of("username",
                taken.body().get("suggestion").asText(), "email", "g@example.org", "password", "s3cret-pass",
                "suggestionToken", taken.body().get("suggestionToken").asText()));
        assertThat(suggestionTaken.status()).isEqualTo(201);
    }

    @Test
    void badSignUpsGet400WithTheRuleThatWasBroken() {
        assertThat(anonymous.post("api/v1/accounts", Map.of("email", "x@example.org", "password", "s3cret-pass")))
                .satisfies(reply -> {
                    assertThat(reply.status()).isEqualTo(400);
                    assertThat(reply.body().get("error").asText()).contains("username is required");
                });
        Reply shortPassword = anonymous.post("api/v1/accounts",
                Map.of("username", ArenaClient.uniqueName("p"), "email", "x@example.org", "password", "short"));
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.body().get("error").asText()).contains("password must be");
        Reply reserved = anonymous.post("api/v1/accounts",
                Map.of("username", "admin", "email", "x@example.org", "password", "s3cret-pass"));
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(reserved.body().get("error").asText()).contains("reserved");
        Reply notJson = anonymous.postRaw("api/v1/accounts", "{not json");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("error").asText()).contains("not valid JSON");
    }

    @Test
    void wrongPasswordIs401() {
        Reply reply = anonymous.post("api/v1/auth/token", Map.of("username", "nobody-here", "password", "whatever1"));
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.body().get("error").asText()).isEqualTo("wrong username or password");
    }

    @Test
    void languagesIncludeTheFiveOfTheSkeleton() {
        Reply reply = anonymous.get("api/v1/languages");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().findValuesAsText("id")).contains("python", "java", "c", "cpp", "javascript");
        assertThat(reply.body().get(0).has("name")).isTrue();
        // versions are those the registered runner agents reported for their toolchains
        assertThat(reply.body().findValuesAsText("version")).allMatch(version -> version.matches("\\d+(\\.\\d+)+"));
    }
}
