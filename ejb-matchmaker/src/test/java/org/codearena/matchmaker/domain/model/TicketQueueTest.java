package org.codearena.matchmaker.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TicketQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final TicketQueue queue = new TicketQueue();
    private final Runner python = new Runner("r1", Set.of("python"), "host", T0);

    @Test
    void pollsInArrivalOrder() {
        queue.add(new Ticket(1, "python", T0, 1));
        queue.add(new Ticket(2, "python", T0.plusMillis(1), 1));

        assertThat(queue.pollFor(python)).map(Ticket::runId).contains(1L);
        assertThat(queue.pollFor(python)).map(Ticket::runId).contains(2L);
        assertThat(queue.pollFor(python)).isEmpty();
    }

    @Test
    void requeuedTicketGoesAheadOfNewerOnes() {
        queue.add(new Ticket(2, "python", T0.plusMillis(5), 1));
        queue.requeueAtFront(new Ticket(1, "python", T0, 1));

        assertThat(queue.pollFor(python)).map(Ticket::runId).contains(1L);
        assertThat(queue.depth("python")).isEqualTo(1);
    }

    @Test
    void otherTypesAreInvisibleToARunner() {
        queue.add(new Ticket(1, "java", T0, 1));
        assertThat(queue.pollFor(python)).isEmpty();
        assertThat(queue.depth("java")).isEqualTo(1);
    }
}
