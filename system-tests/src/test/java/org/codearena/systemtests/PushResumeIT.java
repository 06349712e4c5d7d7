package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The push socket's frames carry their topic and a sequence number; a client that lost its socket comes back with
 * the last number it saw and gets what was sent while it was away, in order; one whose place the server does not
 * know is told to reload.
 */
class PushResumeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> frames(PushSocket socket) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        for (String text : socket.messages()) {
            frames.add(JSON.readTree(text));
        }
        return frames;
    }

    @Test
    void aClientThatComesBackGetsWhatWasSentWhileItWasAway() throws Exception {
        ArenaClient person = ArenaClient.signedUp();
        String topic;
        long lastSeen;
        try (PushSocket socket = PushSocket.open(ArenaClient.BASE_URL, person.token())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !socket.messages().isEmpty());
            JsonNode subscribed = frames(socket).get(0);
            assertThat(subscribed.get("type").asText()).isEqualTo("subscribed");
            assertThat(subscribed.get("topic").asText()).startsWith("user:");
            topic = subscribed.get("topic").asText();
            long first = person.run("python", "print(1)", "").get("id").asLong();
            await().atMost(Duration.ofSeconds(60)).until(() -> frames(socket).stream().anyMatch(f ->
                    f.path("id").asLong() == first && "FINISHED".equals(f.path("status").asText())));
            List<JsonNode> seen = frames(socket);
            lastSeen = seen.get(seen.size() - 1).get("seq").asLong();
            for (int i = 1; i < seen.size(); i++) {
                assertThat(seen.get(i).get("seq").asLong()).isEqualTo(seen.get(i - 1).get("seq").asLong() + 1);
                assertThat(seen.get(i).get("topic").asText()).isEqualTo(seen.get(0).get("topic").asText());
            }
        }
        // away: a run starts and finishes meanwhile
        long missed = person.run("python", "print(2)", "").get("id").asLong();
        person.awaitFinished(missed);
        try (PushSocket back = PushSocket.resuming(ArenaClient.BASE_URL, person.token(), topic + "@" + lastSeen)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> frames(back).stream()
                    .anyMatch(f -> "subscribed".equals(f.path("type").asText())));
            List<JsonNode> replayed = frames(back);
            assertThat(replayed).anyMatch(f -> f.path("id").asLong() == missed
                    && "FINISHED".equals(f.path("status").asText()));
            assertThat(replayed.get(0).get("seq").asLong()).isEqualTo(lastSeen + 1);
            for (int i = 1; i < replayed.size(); i++) {
                assertThat(replayed.get(i).get("seq").asLong()).isGreaterThanOrEqualTo(replayed.get(i - 1).get("seq").asLong());
            }
        }
        // a place this server never gave (another server's, or from before a restart): reload
        try (PushSocket lost = PushSocket.resuming(ArenaClient.BASE_URL, person.token(), topic + "@999999")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !lost.messages().isEmpty());
            assertThat(frames(lost).get(0).get("type").asText()).isEqualTo("reset");
        }
        // someone else's topic cannot be resumed into: the socket follows its own person only
        ArenaClient other = ArenaClient.signedUp();
        String theirs = topic;
        try (PushSocket nosy = PushSocket.resuming(ArenaClient.BASE_URL, other.token(), topic + "@0")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !nosy.messages().isEmpty());
            Thread.sleep(500);
            assertThat(frames(nosy)).allMatch(f -> !f.get("topic").asText().equals(theirs));
        }
    }
}
