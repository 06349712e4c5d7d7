package org.codearena.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.codearena.loadtest.client.ArenaHttpClient;

/** Signs up the test's own users and logs them in, before the clock starts. */
final class Users {

    record User(String username, String token) {
    }

    private Users() {
    }

    static List<User> signUp(ArenaHttpClient client, int count) {
        String prefix = "load" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String password = UUID.randomUUID().toString();
        List<CompletableFuture<User>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String username = prefix + "u" + i;
            users.add(client.post("api/v1/accounts", Map.of("username", username,
                            "email", username + "@example.org", "password", password), null)
                    .thenCompose(created -> {
                        if (!created.is(201)) {
                            throw new IllegalStateException("could not sign up " + username + ": " + created.error());
                        }
                        return client.post("api/v1/auth/token", Map.of("username", username, "password", password), null);
                    })
                    .thenApply(token -> new User(username, token.body().get("token").asText())));
        }
        return users.stream().map(CompletableFuture::join).toList();
    }
}
