package org.codearena.matchmaker.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;
import org.junit.jupiter.api.Test;

class TicketQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final TicketQueue queue = new TicketQueue(SchedulingPolicy.defaults());
    private final Runner python = new Runner("r1", Set.of("python"), "host", T0);

    private static Ticket ticket(long runId, String type, PriorityClass priorityClass, long millisAfterStart) {
        return new Ticket(runId, type, priorityClass, T0.plusMillis(millisAfterStart), 1);
    }

    private List<Long> drain(Runner runner) {
        List<Long> order = new ArrayList<>();
        Optional<Ticket> next;
        while ((next = queue.pollFor(runner)).isPresent()) {
            order.add(next.get().runId());
        }
        return order;
    }

    @Test
    void firstInFirstOutWithinAClass() {
        queue.add(ticket(1, "python", PriorityClass.PRACTICE, 0));
        queue.add(ticket(2, "python", PriorityClass.PRACTICE, 1));
        queue.add(ticket(3, "python", PriorityClass.PRACTICE, 2));

        assertThat(drain(python)).containsExactly(1L, 2L, 3L);
    }

    @Test
    void higherClassesGoFirst() {
        queue.add(ticket(1, "python", PriorityClass.REJUDGE, 0));
        queue.add(ticket(2, "python", PriorityClass.PRACTICE, 10));
        queue.add(ticket(3, "python", PriorityClass.CONTEST, 20));
        queue.add(ticket(4, "python", PriorityClass.ASSESSMENT, 30));
        queue.add(ticket(5, "python", PriorityClass.INTERACTIVE, 40));

        assertThat(drain(python)).containsExactly(5L, 4L, 3L, 2L, 1L);
    }

    @Test
    void agingBoundHoldsUnderAFloodOfHigherClassTickets() {
        // one practice ticket (target wait 60 s), then an interactive ticket (target 2 s) every 10 ms for 2 minutes
        queue.add(ticket(0, "python", PriorityClass.PRACTICE, 0));
        for (int i = 1; i <= 12_000; i++) {
            queue.add(ticket(i, "python", PriorityClass.INTERACTIVE, i * 10L));
        }

        List<Long> order = drain(python);

        // it goes before every interactive ticket whose deadline is later than its own (accepted after 58 s)
        int position = order.indexOf(0L);
        assertThat(position).isEqualTo(5_800);
        assertThat(order.subList(position + 1, order.size())).allMatch(runId -> runId * 10 >= 58_000);
    }

    @Test
    void requeuedTicketGoesAheadOfNewerOnes() {
        queue.add(ticket(2, "python", PriorityClass.INTERACTIVE, 5));
        queue.requeueAtFront(ticket(1, "python", PriorityClass.INTERACTIVE, 0));

        assertThat(drain(python)).containsExactly(1L, 2L);
    }

    @Test
    void otherTypesAreInvisibleToARunner() {
        queue.add(ticket(1, "java", PriorityClass.INTERACTIVE, 0));
        assertThat(queue.pollFor(python)).isEmpty();
        assertThat(queue.depth("java")).isEqualTo(1);
    }

    @Test
    void aMultiTypeRunnerTakesTheEarliestDeadlineAcrossItsTypes() {
        Runner multi = new Runner("m", Set.of("c", "java"), "host", T0);
        queue.add(ticket(1, "java", PriorityClass.PRACTICE, 0));
        queue.add(ticket(2, "c", PriorityClass.INTERACTIVE, 100));
        queue.add(ticket(3, "java", PriorityClass.INTERACTIVE, 50));

        assertThat(drain(multi)).containsExactly(3L, 2L, 1L);
    }

    @Test
    void countsPerClassAndLinesForOperators() {
        queue.add(ticket(1, "python", PriorityClass.PRACTICE, 0));
        queue.add(ticket(2, "python", PriorityClass.PRACTICE, 7));
        queue.add(ticket(3, "java", PriorityClass.INTERACTIVE, 3));
        queue.add(ticket(3, "java", PriorityClass.INTERACTIVE, 3));

        assertThat(queue.queued(PriorityClass.PRACTICE)).isEqualTo(2);
        assertThat(queue.queued(PriorityClass.INTERACTIVE)).isEqualTo(1);
        assertThat(queue.lines().get("python").get(PriorityClass.PRACTICE))
                .isEqualTo(new TicketQueue.LineView(2, T0));
    }
}
