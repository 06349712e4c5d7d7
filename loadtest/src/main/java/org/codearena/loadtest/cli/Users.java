package org.codearena.loadtest.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.codearena.loadtest.client.ArenaHttpClient;

/** Signs up the test's own users and logs them in, before the clock starts. */
final class Users {

    record User(String username, String token, String password) {
    }

    private static final int IN_FLIGHT = 64;
    private static final int SETUP_ATTEMPTS = 4;

    private Users() {
    }

    static List<User> signUp(ArenaHttpClient client, int count) {
        return signUp(client, count, null);
    }

    /**
     * Signs up and logs in {@code count} users, at most {@value #IN_FLIGHT} at a time (setup, not the thing
     * measured); a note every thousand goes to {@code progress} when it is not null.
     */
    static List<User> signUp(ArenaHttpClient client, int count, java.io.PrintStream progress) {
        String prefix = "load" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String password = UUID.randomUUID().toString();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(IN_FLIGHT);
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        List<CompletableFuture<User>> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // ends in a letter: every name is a family of its own (names ending in digits would all share
            // one family's lock in the username index, and set-up would sign them up one at a time)
            String username = prefix + i + "u";
            inFlight.acquireUninterruptibly();
            // set-up, not measured: a sign-up or login limit's "try again in N s" is waited out
            users.add(client.postPatiently("api/v1/accounts", Map.of("username", username,
                            "email", username + "@example.org", "password", password), null, SETUP_ATTEMPTS)
                    .thenCompose(created -> {
                        if (!created.is(201)) {
                            throw new IllegalStateException("could not sign up " + username + ": " + created.error());
                        }
                        return client.postPatiently("api/v1/auth/token", Map.of("username", username,
                                "password", password), null, SETUP_ATTEMPTS);
                    })
                    .thenApply(token -> {
                        if (!token.is(200) || token.body() == null || !token.body().has("token")) {
                            throw new IllegalStateException("could not log " + username + " in: " + token.error());
                        }
                        return new User(username, token.body().get("token").asText(), password);
                    })
                    .whenComplete((user, failure) -> {
                        inFlight.release();
                        int finished = done.incrementAndGet();
                        if (progress != null && finished % 1000 == 0) {
                            progress.println("  set-up: " + finished + " of " + count + " users signed up");
                        }
                    }));
        }
        return users.stream().map(CompletableFuture::join).toList();
    }
}
