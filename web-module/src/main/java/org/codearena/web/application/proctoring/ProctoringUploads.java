package org.codearena.web.application.proctoring;

import jakarta.annotation.Resource;
import jakarta.ejb.EJB;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.BytesMessage;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.TextMessage;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.codearena.protocol.Destinations;
import org.codearena.web.application.ConflictException;
import org.codearena.web.application.ForbiddenException;
import org.codearena.web.application.InvalidRequestException;
import org.codearena.web.application.PayloadTooLargeException;
import org.codearena.web.application.RateLimitedException;
import org.codearena.web.application.ServiceUnavailableException;
import org.codearena.web.application.SigningKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The upload side of proctoring: a candidate's browser sends snapshots (small JPEGs) and batches of events while
 * their time runs, each with the upload key it was given at Start (signed: checking it reads neither the database
 * nor the login, so a hiring event's uploads do not reach the database) and queued, persistent, on
 * {@code arena.proctoring}; the consumer ({@link ProctoringConsumer}) writes it to the store and the database.
 * The answer (202) means the broker has it: a crash of this server loses nothing accepted.
 */
@ApplicationScoped
public class ProctoringUploads {

    /** Event kinds the browser may send. */
    public static final Set<String> EVENT_KINDS = Set.of("TAB_AWAY", "WINDOW_AWAY", "PASTE", "FULLSCREEN_EXIT",
            "CAMERA_LOST", "SCREEN_SHARE_LOST", "NO_FACE", "SEVERAL_FACES");
    static final int MAX_EVENTS = 200;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Jsonb JSON = JsonbBuilder.create();
    /** uploads sent just before the time ran out arrive a little after */
    private static final Duration LATE = Duration.ofMinutes(2);

    @EJB
    private SigningKey signingKey;

    @Resource(lookup = "jms/arenaConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Inject
    @ConfigProperty(name = "codearena.proctoring.snapshot.max.bytes", defaultValue = "262144")
    int maxSnapshotBytes;

    /**
     * The upload key of a started invitation of a proctored assessment: who, which assessment, the candidate's time
     * and the mode, signed with the installation's key. The page sends it with every upload
     * ({@value #KEY_HEADER}); checking it needs neither the database nor the login.
     */
    public String uploadKey(ProctoringRecords.Started session) {
        String fields = "v1." + session.invitationId() + "." + session.assessmentId() + "." + session.accountId() + "."
                + session.startedAt().toEpochMilli() + "." + session.endsAt().toEpochMilli() + "." + session.mode();
        return fields + "." + signingKey.sign("proctoring-upload:" + fields);
    }

    /** The header an upload carries its key in. */
    public static final String KEY_HEADER = "X-Proctoring-Key";

    /** The upload key's invitation, or a refusal that says what to do. */
    public ProctoringRecords.Started session(String key) {
        String[] parts = key == null ? new String[0] : key.split("\\.");
        int sign = key == null ? -1 : key.lastIndexOf('.');
        if (parts.length != 8 || !"v1".equals(parts[0]) || !signingKey.valid("proctoring-upload:"
                + key.substring(0, sign), key.substring(sign + 1))) {
            throw new ForbiddenException("this proctoring upload key is not valid: reload the assessment page (it "
                    + "sends the key it is given in " + KEY_HEADER + ")");
        }
        ProctoringRecords.Started session;
        try {
            session = new ProctoringRecords.Started(Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                    Long.parseLong(parts[3]), parts[6], Instant.ofEpochMilli(Long.parseLong(parts[4])),
                    Instant.ofEpochMilli(Long.parseLong(parts[5])));
        } catch (NumberFormatException e) {
            throw new ForbiddenException("this proctoring upload key is not valid: reload the assessment page");
        }
        if (Instant.now().isAfter(session.endsAt().plus(LATE))) {
            throw new ConflictException("the time for this assessment is up (it ended at " + session.endsAt()
                    + "): nothing more is recorded");
        }
        return session;
    }

    /**
     * Uploads one invitation may send a minute: a snapshot every 5 s of two kinds is 24, with room for retries.
     * Counted on this server, in fixed one-minute windows (a page sends to one server at a time).
     */
    static final int MAX_UPLOADS_PER_MINUTE = 60;

    /** per invitation: the window's minute and the uploads in it */
    private final java.util.concurrent.ConcurrentHashMap<Long, long[]> perMinute =
            new java.util.concurrent.ConcurrentHashMap<>();

    private void count(ProctoringRecords.Started session) {
        long minute = System.currentTimeMillis() / 60_000;
        long[] window = perMinute.compute(session.invitationId(), (id, held) ->
                held == null || held[0] != minute ? new long[] {minute, 1} : new long[] {minute, held[1] + 1});
        if (perMinute.size() > 50_000) {
            perMinute.values().removeIf(held -> held[0] < minute);
        }
        if (window[1] > MAX_UPLOADS_PER_MINUTE) {
            throw new RateLimitedException("too many proctoring uploads from this candidate (at most "
                    + MAX_UPLOADS_PER_MINUTE + " a minute); the page sends again later", 60 - (System.currentTimeMillis()
                    / 1000) % 60);
        }
    }

    /** Queues a snapshot; the browser's id makes a retried upload count once. */
    public void snapshot(ProctoringRecords.Started session, String kind, String clientId, String takenAt,
                         byte[] jpeg) {
        String upper = kind == null ? "" : kind.toUpperCase();
        if (!upper.equals("WEBCAM") && !upper.equals("SCREEN")) {
            throw new InvalidRequestException("kind is webcam or screen, not " + kind);
        }
        if (upper.equals("SCREEN") && !"WEBCAM_AND_SCREEN".equals(session.mode())) {
            throw new InvalidRequestException("this assessment does not ask for the screen: send webcam snapshots");
        }
        checkId(clientId);
        Instant at = within(session, takenAt, "takenAt");
        count(session);
        if (jpeg == null || jpeg.length == 0) {
            throw new InvalidRequestException("the snapshot is empty: send the JPEG as the request body");
        }
        if (jpeg.length > maxSnapshotBytes) {
            throw new PayloadTooLargeException(maxSnapshotBytes, "send a smaller JPEG (about 320x240 at quality 0.6 "
                    + "is 10 to 20 kB)");
        }
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8 || (jpeg[2] & 0xFF) != 0xFF) {
            throw new InvalidRequestException("the snapshot is not a JPEG: send image/jpeg (canvas.toBlob(callback, "
                    + "'image/jpeg', 0.6))");
        }
        try (JMSContext jms = connectionFactory.createContext()) {
            BytesMessage message = jms.createBytesMessage();
            message.setStringProperty("type", "snapshot");
            message.setLongProperty("invitationId", session.invitationId());
            message.setLongProperty("assessmentId", session.assessmentId());
            message.setStringProperty("kind", upper);
            message.setStringProperty("clientId", clientId);
            message.setLongProperty("takenAt", at.toEpochMilli());
            message.writeBytes(jpeg);
            send(jms, message);
        } catch (JMSException e) {
            throw unavailable(e);
        }
    }

    /** Queues a batch of events (at most {@value #MAX_EVENTS}). */
    public int events(ProctoringRecords.Started session, List<ProctoringRecords.Event> events) {
        if (events == null || events.isEmpty()) {
            throw new InvalidRequestException("send {\"events\": [{\"id\", \"kind\", \"at\", \"durationMs\", \"size\"}]}");
        }
        if (events.size() > MAX_EVENTS) {
            throw new InvalidRequestException("at most " + MAX_EVENTS + " events at once, not " + events.size());
        }
        for (ProctoringRecords.Event event : events) {
            checkId(event.id());
            if (event.kind() == null || !EVENT_KINDS.contains(event.kind())) {
                throw new InvalidRequestException("an event's kind is one of " + EVENT_KINDS.stream().sorted().toList()
                        + ", not " + event.kind());
            }
            if (event.at() == null) {
                throw new InvalidRequestException("an event needs at (when it happened, ISO-8601)");
            }
            within(session, event.at().toString(), "an event's at");
            if (event.durationMs() != null && (event.durationMs() < 0 || event.durationMs() > 86_400_000L)) {
                throw new InvalidRequestException("durationMs is from 0 to a day, not " + event.durationMs());
            }
            if (event.size() != null && (event.size() < 0 || event.size() > 10_000_000)) {
                throw new InvalidRequestException("size is from 0 to 10,000,000 characters, not " + event.size());
            }
        }
        count(session);
        try (JMSContext jms = connectionFactory.createContext()) {
            TextMessage message = jms.createTextMessage(JSON.toJson(events));
            message.setStringProperty("type", "events");
            message.setLongProperty("invitationId", session.invitationId());
            send(jms, message);
        } catch (JMSException e) {
            throw unavailable(e);
        }
        return events.size();
    }

    private static void send(JMSContext jms, jakarta.jms.Message message) {
        try {
            jms.createProducer().setDeliveryMode(DeliveryMode.PERSISTENT)
                    .send(jms.createQueue(Destinations.PROCTORING), message);
        } catch (JMSRuntimeException e) {
            throw unavailable(e);
        }
    }

    private static RuntimeException unavailable(Exception e) {
        return new ServiceUnavailableException("proctoring uploads cannot be taken just now (the message broker "
                + "cannot be reached); the page sends them again by itself", 5, e);
    }

    private static void checkId(String clientId) {
        if (clientId == null || !CLIENT_ID.matcher(clientId).matches()) {
            throw new InvalidRequestException("id is 1 to 64 letters, digits, '-' or '_' (the browser makes one per "
                    + "upload, so that a retry counts once), not " + clientId);
        }
    }

    private static Instant within(ProctoringRecords.Started session, String text, String what) {
        Instant at;
        try {
            at = Instant.parse(text);
        } catch (RuntimeException e) {
            throw new InvalidRequestException(what + " is a time as ISO-8601 (2026-12-07T14:05:00Z), not " + text);
        }
        if (at.isBefore(session.startedAt().minusSeconds(60)) || at.isAfter(session.endsAt().plus(LATE))) {
            throw new InvalidRequestException(what + " " + at + " is outside the candidate's time ("
                    + session.startedAt() + " to " + session.endsAt() + ")");
        }
        return at;
    }
}
