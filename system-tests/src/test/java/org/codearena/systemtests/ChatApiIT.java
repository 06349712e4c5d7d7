package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * The chat through its API and the push socket: rooms and who may enter them, history paged back, a message out
 * to the room's sockets at once and acknowledged once stored, a resend stored once, mentions and direct messages on
 * the person's own topic, unread counts and read marks, an assessment's private questions with their state, and
 * the limits and moderation (size, rate, slow mode, mute, delete), each refused in words.
 */
class ChatApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String contest(ArenaClient admin) {
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Chat cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return slug;
    }

    private static List<JsonNode> frames(PushSocket socket, String type) {
        List<JsonNode> found = new ArrayList<>();
        for (String message : socket.messages()) {
            try {
                JsonNode frame = JSON.readTree(message);
                if (type.equals(frame.path("type").asText())) {
                    found.add(frame);
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private static String path(String room) {
        return "api/v1/chat/rooms/" + room;
    }

    @Test
    void aMessageReachesTheRoomAtOnceIsAcknowledgedWhenStoredAndAResendIsStoredOnce() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String room = "contest:" + contest(admin);
        ArenaClient ann = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        try (PushSocket annSocket = PushSocket.open(ArenaClient.BASE_URL, ann.token());
             PushSocket bobSocket = PushSocket.open(ArenaClient.BASE_URL, bob.token())) {
            annSocket.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            bobSocket.send("{\"watch\":\"chat:" + room + "\"}");
            // both are here, and each is told so
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(annSocket, "chat-presence").stream()
                    .anyMatch(frame -> frame.get("count").asInt() == 2
                            && frame.get("names").toString().contains(bob.username())));
            assertThat(ann.get(path(room)).body().get("present").asInt()).isEqualTo(2);

            annSocket.send("{\"chat\":\"send\",\"room\":\"" + room + "\",\"text\":\"hello @" + bob.username()
                    + " <script>alert(1)</script>\",\"clientId\":\"ann-1\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> !frames(bobSocket, "chat-message").isEmpty());
            JsonNode seen = frames(bobSocket, "chat-message").get(0);
            assertThat(seen.get("topic").asText()).isEqualTo("chat:" + room);
            assertThat(seen.get("message").get("author").asText()).isEqualTo(ann.username());
            // text stays text: the page shows it with textContent; the API carries it as sent
            assertThat(seen.get("message").get("body").asText()).isEqualTo("hello @" + bob.username()
                    + " <script>alert(1)</script>");
            long id = seen.get("message").get("id").asLong();
            // ann hears it is stored; bob hears he was mentioned (on his own topic)
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(annSocket, "chat-ack").stream()
                    .anyMatch(ack -> ack.get("clientId").asText().equals("ann-1") && ack.get("id").asLong() == id));
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(bobSocket, "chat-mention").stream()
                    .anyMatch(mention -> mention.get("id").asLong() == id
                            && mention.get("topic").asText().startsWith("user:")));

            // sent again after a reconnect, under the same client id: the same message, stored once
            Reply again = ann.post(path(room) + "/messages", Map.of("text", "hello again", "clientId", "ann-1"));
            assertThat(again.status()).isEqualTo(201);
            assertThat(again.body().get("id").asLong()).isEqualTo(id);
            Thread.sleep(300);
            assertThat(frames(bobSocket, "chat-message")).hasSize(1);
            JsonNode history = bob.get(path(room) + "/messages").body().get("messages");
            assertThat(history).hasSize(1);
            assertThat(history.get(0).get("id").asLong()).isEqualTo(id);

            // bob typing reaches ann; bob leaving the room leaves ann alone in it
            bobSocket.send("{\"chat\":\"typing\",\"room\":\"" + room + "\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(annSocket, "chat-typing").stream()
                    .anyMatch(frame -> frame.get("user").asText().equals(bob.username())));
            bobSocket.send("{\"chat\":\"leave\",\"room\":\"" + room + "\"}");
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                List<JsonNode> presence = frames(annSocket, "chat-presence");
                return presence.get(presence.size() - 1).get("count").asInt() == 1;
            });
        }
    }

    @Test
    void historyPagesBackAndUnreadCountsFollowReadMarks() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String room = "contest:" + contest(admin);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // a moderator is not held to the rate limit
            Reply sent = admin.post(path(room) + "/messages", Map.of("text", "message " + i));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
            ids.add(sent.body().get("id").asLong());
        }
        ArenaClient reader = ArenaClient.signedUp();
        JsonNode first = reader.get(path(room) + "/messages").body();
        assertThat(first.get("more").asBoolean()).isTrue();
        assertThat(first.get("messages")).hasSize(50);
        assertThat(first.get("messages").get(49).get("body").asText()).isEqualTo("message 59");
        long oldest = first.get("messages").get(0).get("id").asLong();
        JsonNode second = reader.get(path(room) + "/messages?before=" + oldest).body();
        assertThat(second.get("more").asBoolean()).isFalse();
        assertThat(second.get("messages")).hasSize(10);
        assertThat(second.get("messages").get(0).get("body").asText()).isEqualTo("message 0");
        assertThat(reader.get(path(room) + "/messages?limit=500").status()).isEqualTo(400);

        // the room is in the reader's list once read, with what came after the mark
        assertThat(reader.post(path(room) + "/read", Map.of("id", ids.get(49))).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonNode mine = reader.get("api/v1/chat/rooms").body().get("rooms");
            JsonNode listed = null;
            for (JsonNode each : mine) {
                if (each.get("room").asText().equals(room)) {
                    listed = each;
                }
            }
            assertThat(listed).isNotNull();
            assertThat(listed.get("unread").asInt()).isEqualTo(10);
        });
    }

    @Test
    void limitsAndModerationAreRefusedInWords() {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String room = "contest:" + contest(admin);
        ArenaClient person = ArenaClient.signedUp();
        ArenaClient moderator = ArenaClient.signedUp().grant("MODERATOR");

        Reply empty = person.post(path(room) + "/messages", Map.of("text", "  "));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.body().get("error").asText()).contains("needs some text");
        Reply long1 = person.post(path(room) + "/messages", Map.of("text", "x".repeat(2001)));
        assertThat(long1.status()).isEqualTo(413);
        assertThat(long1.body().get("error").asText()).contains("at most 2000 characters");
        assertThat(person.postRaw(path(room) + "/messages", "{\"text\": ").status()).isEqualTo(400);
        assertThat(person.post("api/v1/chat/rooms/nowhere/messages", Map.of("text", "hi")).status()).isEqualTo(400);
        assertThat(person.post("api/v1/chat/rooms/task:no-such-task/messages", Map.of("text", "hi")).status())
                .isEqualTo(404);
        assertThat(new ArenaClient().post(path(room) + "/messages", Map.of("text", "hi")).status()).isEqualTo(401);

        // too fast: at most 8 in 10 s
        Reply refused = null;
        for (int i = 0; i < 9; i++) {
            refused = person.post(path(room) + "/messages", Map.of("text", "quick " + i));
        }
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body().get("error").asText()).contains("too fast");
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        // slow mode: set by a moderator only
        ArenaClient other = ArenaClient.signedUp();
        assertThat(other.put(path(room) + "/slow-mode", Map.of("seconds", 30)).status()).isEqualTo(403);
        assertThat(moderator.put(path(room) + "/slow-mode", Map.of("seconds", 30)).status()).isEqualTo(200);
        assertThat(other.get(path(room)).body().get("slowModeSeconds").asInt()).isEqualTo(30);
        assertThat(other.post(path(room) + "/messages", Map.of("text", "first")).status()).isEqualTo(201);
        Reply slow = other.post(path(room) + "/messages", Map.of("text", "second"));
        assertThat(slow.status()).isEqualTo(429);
        assertThat(slow.body().get("error").asText()).contains("slow mode", "one message every 30 s");
        assertThat(moderator.put(path(room) + "/slow-mode", Map.of("seconds", 0)).status()).isEqualTo(200);

        // a mute: the person is told why, and reads on; lifted, they write again
        ArenaClient muted = ArenaClient.signedUp();
        assertThat(person.post("api/v1/chat/mutes", Map.of("username", muted.username(), "reason", "spam")).status())
                .isEqualTo(403);
        assertThat(moderator.post("api/v1/chat/mutes", Map.of("username", muted.username(), "room", room,
                "minutes", 10, "reason", "spam")).status()).isEqualTo(201);
        Reply silenced = muted.post(path(room) + "/messages", Map.of("text", "let me"));
        assertThat(silenced.status()).isEqualTo(403);
        assertThat(silenced.body().get("error").asText()).contains("muted you in this room until");
        assertThat(muted.get(path(room) + "/messages").status()).isEqualTo(200);
        assertThat(muted.post("api/v1/chat/rooms/global/messages", Map.of("text", "elsewhere is fine")).status())
                .isEqualTo(201);
        assertThat(moderator.delete("api/v1/chat/mutes/" + muted.username() + "?room=" + room, null)
                .body().get("lifted").asInt()).isEqualTo(1);
        assertThat(muted.post(path(room) + "/messages", Map.of("text", "thanks")).status()).isEqualTo(201);

        // delete: one's own, or a moderator; not someone else's
        long id = other.get(path(room) + "/messages").body().get("messages").get(0).get("id").asLong();
        assertThat(muted.delete("api/v1/chat/messages/" + id, null).status()).isEqualTo(403);
        assertThat(moderator.delete("api/v1/chat/messages/" + id, null).status()).isEqualTo(204);
        JsonNode deleted = other.get(path(room) + "/messages").body().get("messages").get(0);
        assertThat(deleted.get("deleted").asBoolean()).isTrue();
        assertThat(deleted.get("body").asText()).isEmpty();
    }

    @Test
    void assessmentQuestionsReachOnlyTheRecruiterAndTheAnswerOnlyTheCandidate() throws Exception {
        ArenaClient recruiter = ArenaClient.signedUp().grant("RECRUITER");
        Reply created = recruiter.post("api/v1/assessments", Map.of("title", "Hiring with questions",
                "tasks", List.of("sum-of-two"), "durationMinutes", 30,
                "opensAt", Instant.now().minusSeconds(60).toString(),
                "closesAt", Instant.now().plus(Duration.ofHours(2)).toString()));
        long assessment = created.body().get("id").asLong();
        String room = "assessment:" + assessment;
        Reply invited = recruiter.post("api/v1/assessments/" + assessment + "/invitations",
                Map.of("addresses", "q1@example.org, q2@example.org"));
        List<ArenaClient> candidates = new ArrayList<>();
        for (JsonNode link : invited.body().get("links")) {
            String url = link.get("link").asText();
            ArenaClient candidate = ArenaClient.signedUp();
            assertThat(candidate.post("api/v1/invitations/" + url.substring(url.indexOf("token=") + 6) + "/start",
                    Map.of()).status()).isEqualTo(200);
            candidates.add(candidate);
        }
        ArenaClient first = candidates.get(0);
        ArenaClient second = candidates.get(1);
        // nobody else comes in
        Reply stranger = ArenaClient.signedUp().get(path(room));
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.body().get("error").asText()).contains("candidates of assessment");

        try (PushSocket recruiterSocket = PushSocket.open(ArenaClient.BASE_URL, recruiter.token());
             PushSocket secondSocket = PushSocket.open(ArenaClient.BASE_URL, second.token())) {
            recruiterSocket.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            secondSocket.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            Thread.sleep(300);
            Reply question = first.post(path(room) + "/messages", Map.of("text", "Can I use Python 3.11 features?"));
            assertThat(question.status()).as(question.raw()).isEqualTo(201);
            assertThat(question.body().get("questionState").asText()).isEqualTo("OPEN");
            long questionId = question.body().get("id").asLong();
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(recruiterSocket, "chat-message").stream()
                    .anyMatch(frame -> frame.get("message").get("id").asLong() == questionId));
            // the other candidate neither sees it live nor in the history
            assertThat(frames(secondSocket, "chat-message")).isEmpty();
            assertThat(second.get(path(room) + "/messages").body().get("messages")).isEmpty();

            Reply answer = recruiter.post(path(room) + "/messages", Map.of("text", "Yes, 3.11 is fine.",
                    "replyTo", questionId));
            assertThat(answer.status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                JsonNode mine = first.get(path(room) + "/messages").body().get("messages");
                assertThat(mine).hasSize(2);
                assertThat(mine.get(0).get("questionState").asText()).isEqualTo("ANSWERED");
                assertThat(mine.get(1).get("body").asText()).isEqualTo("Yes, 3.11 is fine.");
            });
            assertThat(second.get(path(room) + "/messages").body().get("messages")).isEmpty();
            assertThat(frames(secondSocket, "chat-message")).isEmpty();

            // the recruiter reopens it; only the recruiter can
            assertThat(second.put("api/v1/chat/messages/" + questionId + "/question", Map.of("state", "OPEN"))
                    .status()).isEqualTo(403);
            assertThat(recruiter.put("api/v1/chat/messages/" + questionId + "/question", Map.of("state", "OPEN"))
                    .status()).isEqualTo(200);
            // a private word to one candidate, by name; not to someone outside the assessment
            assertThat(recruiter.post(path(room) + "/messages", Map.of("text", "Your camera is off",
                    "to", first.username())).status()).isEqualTo(201);
            Reply outsider = recruiter.post(path(room) + "/messages", Map.of("text", "hello",
                    "to", ArenaClient.signedUp().username()));
            assertThat(outsider.status()).isEqualTo(400);
            assertThat(outsider.body().get("error").asText()).contains("is not a candidate of this assessment");
            // an announcement to everyone in the room
            recruiter.post(path(room) + "/messages", Map.of("text", "Reminder: 10 minutes left."));
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(secondSocket, "chat-message").size() == 1);
            assertThat(recruiter.get(path(room) + "/messages").body().get("messages")).hasSize(4);
            assertThat(second.get(path(room) + "/messages").body().get("messages")).hasSize(1);
        }
    }

    @Test
    void aDirectConversationIsForItsTwoPeople() throws Exception {
        ArenaClient ann = ArenaClient.signedUp();
        ArenaClient bob = ArenaClient.signedUp();
        Reply opened = ann.post("api/v1/chat/direct", Map.of("username", bob.username()));
        assertThat(opened.status()).isEqualTo(200);
        String room = opened.body().get("room").asText();
        assertThat(room).startsWith("dm:");
        assertThat(opened.body().get("title").asText()).isEqualTo(bob.username());
        assertThat(ann.post("api/v1/chat/direct", Map.of("username", "nobody-" + ArenaClient.uniqueName("")))
                .status()).isEqualTo(404);
        try (PushSocket bobSocket = PushSocket.open(ArenaClient.BASE_URL, bob.token())) {
            Thread.sleep(200);
            assertThat(ann.post(path(room) + "/messages", Map.of("text", "psst")).status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(5)).until(() -> frames(bobSocket, "chat-direct").stream()
                    .anyMatch(frame -> frame.get("from").asText().equals(ann.username())));
        }
        assertThat(bob.get(path(room) + "/messages").body().get("messages").get(0).get("body").asText())
                .isEqualTo("psst");
        ArenaClient third = ArenaClient.signedUp();
        assertThat(third.get(path(room) + "/messages").status()).isEqualTo(403);
        await().atMost(Duration.ofSeconds(5)).until(() -> bob.get("api/v1/chat/rooms").body().get("rooms").toString()
                .contains(room));
    }
}
