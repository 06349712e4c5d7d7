package org.codearena.matchmaker.infrastructure.cluster;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.codearena.domain.model.run.PriorityClass;
import org.codearena.matchmaker.application.RunChanged;
import org.codearena.matchmaker.domain.model.Ticket;

/**
 * What servers tell each other on the {@code arena.cluster} topic. Each message names the server it came
 * from, so that a server ignores its own.
 */
public sealed interface ClusterMessage {

    String origin();

    /** A run accepted by a server that does not hold the matchmaker: its ticket, for the holder. */
    record TicketAccepted(String origin, Ticket ticket) implements ClusterMessage {
    }

    /** An operator moved a waiting run to another class on a server that does not hold the matchmaker. */
    record TicketMoved(String origin, Ticket ticket) implements ClusterMessage {
    }

    /** A server stored a runner's result: the holder frees that runner. */
    record RunnerFreed(String origin, String runnerId, long runId, boolean failed) implements ClusterMessage {
    }

    /** A run changed status: every server tells the browsers connected to it. */
    record RunStatusChanged(String origin, RunChanged change) implements ClusterMessage {
    }

    /** A notice of another module's ({@link ClusterNotices}): a topic and a number, carried as they are. */
    record Notice(String origin, String topic, long id) implements ClusterMessage {
    }

    /** A notice that carries text (the chat's frames, say), carried as it is. */
    record Payload(String origin, String topic, String text) implements ClusterMessage {
    }

    /**
     * The holder's queue depth and bound per class, every second: the other servers apply backpressure with
     * them, so that every server refuses by the same numbers.
     */
    record HolderStatus(String origin, long epoch, Map<PriorityClass, Long> queued, Map<PriorityClass, Long> bounds,
                        Instant at) implements ClusterMessage {

        /** What it says, for the matchmaker (which knows nothing of how it travelled). */
        public org.codearena.matchmaker.application.HolderQueues queues() {
            return new org.codearena.matchmaker.application.HolderQueues(epoch, queued, bounds, at);
        }
    }

    default void writeTo(MapMessage message) throws JMSException {
        message.setStringProperty("kind", getClass().getSimpleName());
        message.setString("origin", origin());
        if (this instanceof TicketAccepted t) {
            writeTicket(message, t.ticket());
        } else if (this instanceof TicketMoved m) {
            writeTicket(message, m.ticket());
        } else if (this instanceof RunnerFreed f) {
            message.setString("runnerId", f.runnerId());
            message.setLong("runId", f.runId());
            message.setBoolean("failed", f.failed());
        } else if (this instanceof RunStatusChanged c) {
            message.setLong("runId", c.change().runId());
            message.setLong("accountId", c.change().accountId());
            message.setString("status", c.change().status());
        } else if (this instanceof Notice n) {
            message.setString("topic", n.topic());
            message.setLong("id", n.id());
        } else if (this instanceof Payload p) {
            message.setString("topic", p.topic());
            message.setString("text", p.text());
        } else if (this instanceof HolderStatus h) {
            message.setLong("epoch", h.epoch());
            message.setLong("atMillis", h.at().toEpochMilli());
            for (Map.Entry<PriorityClass, Long> entry : h.queued().entrySet()) {
                message.setLong("queued." + entry.getKey().name(), entry.getValue());
            }
            for (Map.Entry<PriorityClass, Long> entry : h.bounds().entrySet()) {
                message.setLong("bound." + entry.getKey().name(), entry.getValue());
            }
        }
    }

    static ClusterMessage readFrom(MapMessage message) throws JMSException {
        String kind = message.getStringProperty("kind");
        String origin = message.getString("origin");
        if (kind == null || origin == null) {
            throw new IllegalArgumentException("not a cluster message: kind=" + kind + " origin=" + origin);
        }
        return switch (kind) {
            case "TicketAccepted" -> new TicketAccepted(origin, readTicket(message));
            case "TicketMoved" -> new TicketMoved(origin, readTicket(message));
            case "RunnerFreed" -> new RunnerFreed(origin, message.getString("runnerId"), message.getLong("runId"),
                    message.getBoolean("failed"));
            case "RunStatusChanged" -> new RunStatusChanged(origin, new RunChanged(message.getLong("runId"),
                    message.getLong("accountId"), message.getString("status")));
            case "Notice" -> new Notice(origin, message.getString("topic"), message.getLong("id"));
            case "Payload" -> new Payload(origin, message.getString("topic"), message.getString("text"));
            case "HolderStatus" -> {
                Map<PriorityClass, Long> queued = new EnumMap<>(PriorityClass.class);
                Map<PriorityClass, Long> bounds = new EnumMap<>(PriorityClass.class);
                for (PriorityClass priorityClass : PriorityClass.values()) {
                    if (message.itemExists("queued." + priorityClass.name())) {
                        queued.put(priorityClass, message.getLong("queued." + priorityClass.name()));
                    }
                    if (message.itemExists("bound." + priorityClass.name())) {
                        bounds.put(priorityClass, message.getLong("bound." + priorityClass.name()));
                    }
                }
                yield new HolderStatus(origin, message.getLong("epoch"), queued, bounds,
                        Instant.ofEpochMilli(message.getLong("atMillis")));
            }
            default -> throw new IllegalArgumentException("unknown cluster message kind " + kind);
        };
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    private static void writeTicket(MapMessage message, Ticket ticket) throws JMSException {
        message.setLong("runId", ticket.runId());
        message.setString("runnerType", ticket.runnerType());
        message.setString("priorityClass", ticket.priorityClass().name());
        message.setLong("acceptedAtMicros", micros(ticket.acceptedAt()));
        message.setLong("sizeBytes", ticket.sizeBytes());
    }

    private static Ticket readTicket(MapMessage message) throws JMSException {
        return new Ticket(message.getLong("runId"), message.getString("runnerType"),
                PriorityClass.valueOf(message.getString("priorityClass")),
                fromMicros(message.getLong("acceptedAtMicros")), message.getLong("sizeBytes"));
    }
}
