package org.codearena.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codearena.systemtests.ArenaClient.Reply;
import org.junit.jupiter.api.Test;

/**
 * A member whose socket stops reading (a frozen tab, a laptop gone to sleep) holds up nobody: the others in the room
 * get every message at once while its buffers fill, the server notices its write is stuck and writes it
 * asynchronously from then on, and when it has been stuck too long it is closed with 4001 ("too slow; reconnect and
 * resume"), which the client finds at the end of what it was sent when it reads again. (A client that never reads
 * again cannot be told: the server ends its connection a few seconds later.)
 */
class PushSlowReaderIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReaderThatStopsHoldsUpNobodyIsWrittenAsynchronouslyAndClosedWith4001() throws Exception {
        ArenaClient admin = ArenaClient.signedUp().grant("ADMIN");
        String slug = "c" + ArenaClient.uniqueName("").toLowerCase();
        Reply created = admin.post("api/v1/contests", Map.of("slug", slug, "title", "Slow reader cup",
                "startsAt", Instant.now().minusSeconds(60).toString(),
                "endsAt", Instant.now().plus(Duration.ofHours(2)).toString(),
                "tasks", List.of("sum-of-two"), "rule", "BEST"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String room = "contest:" + slug;
        ArenaClient frozen = ArenaClient.signedUp();
        ArenaClient reader = ArenaClient.signedUp();
        long demotedBefore = gauge("codearena_push_writes_demoted");
        long closedBefore = gauge("codearena_push_slow_readers_closed");

        // six live sockets: the server's delivery lanes (one per core) take sockets by identity, so on a machine of a
        // few cores some of them share the frozen member's lane, which its stuck write would hold up
        List<PushSocket> lives = new java.util.ArrayList<>();
        try (RawSocket stuck = RawSocket.open(ArenaClient.BASE_URL, frozen.token())) {
            stuck.sendText("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            for (int i = 0; i < 6; i++) {
                PushSocket live = PushSocket.open(ArenaClient.BASE_URL, reader.token());
                lives.add(live);
                live.send("{\"chat\":\"join\",\"room\":\"" + room + "\"}");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> lives.stream().allMatch(live -> live.messages().stream()
                    .anyMatch(message -> message.contains("\"chat-presence\"") && message.contains("\"count\":2"))));

            // the frozen member reads nothing from here on. Messages of 1,900 characters go to the room (sent by a
            // moderator on its own socket), 100 at a time, until the kernel buffers between the server and the frozen
            // member are full (a few MB) and the server finds its write to it stuck
            String filler = "x".repeat(1_880);
            int posted = 0;
            try (PushSocket poster = PushSocket.open(ArenaClient.BASE_URL, admin.token())) {
                while (posted < 5_000 && gauge("codearena_push_writes_demoted") == demotedBefore) {
                    for (int i = 0; i < 100; i++, posted++) {
                        poster.send("{\"chat\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + posted + " "
                                + filler + "\",\"clientId\":\"fill-" + posted + "\"}");
                    }
                    // the live members keep up with the room all along
                    int sent = posted;
                    await().atMost(Duration.ofSeconds(10)).until(() -> allHave(lives, sent));
                }
            }
            assertThat(gauge("codearena_push_writes_demoted")).as("a write to the frozen member got stuck")
                    .isGreaterThan(demotedBefore);
            int all = posted;
            await().atMost(Duration.ofSeconds(10)).until(() -> allHave(lives, all));

            // stuck too long (20 s): the next message to the room closes it as a slow reader. Reading again at once
            // (a slow reader, not a dead one), it gets what was sent before it fell behind, then the close and why
            Thread.sleep(21_000);
            assertThat(admin.post("api/v1/chat/rooms/" + room + "/messages", Map.of("text", "one more")).status())
                    .isEqualTo(201);
            RawSocket.Close close = stuck.readUntilClose(Duration.ofSeconds(30));
            assertThat(close.code()).isEqualTo(4001);
            assertThat(close.reason()).contains("reconnect and resume");
            assertThat(close.textFrames()).isGreaterThan(100);
            assertThat(gauge("codearena_push_slow_readers_closed")).isGreaterThan(closedBefore);
            await().atMost(Duration.ofSeconds(5)).until(() -> allHave(lives, all + 1));
        } finally {
            for (PushSocket live : lives) {
                live.close();
            }
        }
    }

    /** Whether every live socket has exactly this many chat messages (none missing, none twice). */
    private static boolean allHave(List<PushSocket> lives, int messages) {
        return lives.stream().allMatch(live -> count(live, "chat-message") == messages);
    }

    private static long count(PushSocket socket, String type) {
        return socket.messages().stream().filter(message -> {
            try {
                JsonNode frame = JSON.readTree(message);
                return type.equals(frame.path("type").asText());
            } catch (IOException e) {
                return false;
            }
        }).count();
    }

    private static long gauge(String name) throws Exception {
        String text = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        URI.create(ArenaClient.BASE_URL + "metrics?scope=application")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        Matcher found = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+]+)$").matcher(text);
        assertThat(found.find()).as(name + " in /metrics").isTrue();
        return (long) Double.parseDouble(found.group(2));
    }

    /**
     * A push socket on a plain TCP socket with a small receive buffer, whose owner decides when to read: the client
     * that stops reading. It speaks just enough WebSocket for that: the handshake, masked text frames out, frames in.
     */
    static final class RawSocket implements AutoCloseable {

        record Close(int code, String reason, int textFrames) {
        }

        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        private RawSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new DataInputStream(socket.getInputStream());
        }

        static RawSocket open(String baseUrl, String token) throws IOException {
            URI uri = URI.create(baseUrl);
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            Socket socket = new Socket();
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress(uri.getHost(), port), 5_000);
            socket.setSoTimeout(10_000);
            RawSocket raw = new RawSocket(socket);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + uri.getPath() + "push HTTP/1.1\r\nHost: " + uri.getHost() + ":" + port
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Authorization: Bearer " + token + "\r\n\r\n";
            raw.out.write(request.getBytes(StandardCharsets.US_ASCII));
            raw.out.flush();
            String head = raw.readHead();
            assertThat(head).as("the handshake's answer").startsWith("HTTP/1.1 101");
            return raw;
        }

        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the server closed during the handshake: " + head);
                }
                head.write(b);
                byte[] so = head.toByteArray();
                int n = so.length;
                if (n >= 4 && so[n - 4] == '\r' && so[n - 3] == '\n' && so[n - 2] == '\r' && so[n - 1] == '\n') {
                    return head.toString(StandardCharsets.US_ASCII);
                }
            }
        }

        void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            assertThat(payload.length).isLessThan(126);
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.write(0x81);
            frame.write(0x80 | payload.length);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++) {
                frame.write(payload[i] ^ mask[i % 4]);
            }
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Reads every frame sent until the close frame (text frames counted); fails if none comes in time. */
        Close readUntilClose(Duration within) throws IOException {
            long deadline = System.nanoTime() + within.toNanos();
            int texts = 0;
            while (System.nanoTime() < deadline) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                int opcode = first & 0x0f;
                if (opcode == 0x1) {
                    texts++;
                } else if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
                    String reason = payload.length > 2
                            ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    return new Close(code, reason, texts);
                }
            }
            throw new AssertionError("no close frame within " + within + " (" + texts + " text frames read)");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
