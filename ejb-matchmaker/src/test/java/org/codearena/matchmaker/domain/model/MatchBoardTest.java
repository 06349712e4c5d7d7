package org.codearena.matchmaker.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.codearena.domain.model.run.PriorityClass;
import org.junit.jupiter.api.Test;

class MatchBoardTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private final MatchBoard board = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults());

    private static Ticket ticket(long runId, String type, int secondsAfterStart) {
        return new Ticket(runId, type, PriorityClass.INTERACTIVE, T0.plusSeconds(secondsAfterStart), 100);
    }

    @Test
    void ticketsWaitUntilARunnerOfTheirTypeIsFree() {
        assertThat(board.submit(ticket(1, "python", 0))).isEmpty();

        List<Match> matches = board.runnerSeen("r1", Set.of("python"), "host", T0);

        assertThat(matches).containsExactly(new Match(ticket(1, "python", 0), "r1"));
    }

    @Test
    void aDrainingRunnerFinishesItsJobAndTakesNoMoreUntilItIsBackInService() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(2, "python", 1));
        assertThat(board.control(Set.of("r1"), Set.of())).isEmpty();

        assertThat(board.runFinished("r1", 1, false)).as("drained: the next job waits").isEmpty();
        assertThat(board.matchAtOnce(ticket(3, "python", 2))).isEmpty();
        assertThat(board.depth("python")).isEqualTo(1);

        assertThat(board.control(Set.of(), Set.of())).extracting(m -> m.ticket().runId()).containsExactly(2L);
    }

    @Test
    void aPausedLaneKeepsItsTicketsWhileTheOtherLanesGoOn() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        board.control(Set.of(), Set.of(TicketQueue.lineKey("python", PriorityClass.INTERACTIVE)));

        assertThat(board.matchAtOnce(ticket(1, "python", 0))).isEmpty();
        assertThat(board.submit(ticket(1, "python", 0))).isEmpty();
        Ticket practice = new Ticket(2, "python", PriorityClass.PRACTICE, T0.plusSeconds(1), 100);
        assertThat(board.submit(practice)).extracting(m -> m.ticket().runId()).containsExactly(2L);
        board.runFinished("r1", 2, false);
        assertThat(board.depth("python")).isEqualTo(1);

        assertThat(board.control(Set.of(), Set.of())).extracting(m -> m.ticket().runId()).containsExactly(1L);
    }

    @Test
    void eachRunnerGetsOneJobAtATimeFirstInFirstOut() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        assertThat(board.submit(ticket(1, "python", 0))).extracting(m -> m.ticket().runId()).containsExactly(1L);
        assertThat(board.submit(ticket(2, "python", 1))).isEmpty();
        assertThat(board.submit(ticket(3, "python", 2))).isEmpty();

        assertThat(board.runFinished("r1", 1, false)).extracting(m -> m.ticket().runId()).containsExactly(2L);
        assertThat(board.runFinished("r1", 2, false)).extracting(m -> m.ticket().runId()).containsExactly(3L);
        assertThat(board.depth("python")).isZero();
    }

    @Test
    void aRunStillBeingStoredGetsAFreeRunnerAtOnceAndTheRunnerIsThenBusy() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);

        assertThat(board.matchAtOnce(ticket(1, "python", 0))).contains(new Match(ticket(1, "python", 0), "r1"));
        assertThat(board.matchAtOnce(ticket(2, "python", 1))).isEmpty();
        // the second run is submitted once stored, and waits for the runner like any other
        assertThat(board.submit(ticket(2, "python", 1))).isEmpty();
        assertThat(board.runFinished("r1", 1, false)).extracting(m -> m.ticket().runId()).containsExactly(2L);
    }

    @Test
    void askingWhetherARunWouldStartAtOnceTakesNothing() {
        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).as("no runner yet").isFalse();
        board.runnerSeen("r1", Set.of("python"), "host", T0);

        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).isTrue();
        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).as("asked twice, still free").isTrue();
        assertThat(board.wouldMatchAtOnce("java", PriorityClass.INTERACTIVE)).as("no runner serves java").isFalse();
        assertThat(board.matchAtOnce(ticket(1, "python", 0))).contains(new Match(ticket(1, "python", 0), "r1"));

        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).as("r1 is busy now").isFalse();
        board.submit(ticket(2, "python", 1));
        board.runFinished("r1", 1, false);
        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).as("r1 took the waiting run").isFalse();
        board.runFinished("r1", 2, false);
        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).isTrue();
        board.control(Set.of(), Set.of(TicketQueue.lineKey("python", PriorityClass.INTERACTIVE)));
        assertThat(board.wouldMatchAtOnce("python", PriorityClass.INTERACTIVE)).as("its line is paused").isFalse();
    }

    @Test
    void aRunStillBeingStoredDoesNotOvertakeTicketsAlreadyWaiting() {
        board.submit(ticket(1, "python", 0));
        board.runnerSeen("busy-with-1", Set.of("python"), "host", T0).clear();
        board.submit(ticket(2, "python", 1));
        board.runnerSeen("r2", Set.of("python"), "host", T0).clear();
        board.submit(ticket(3, "python", 2));

        // r3 is free, but ticket 3 waits: the new run queues behind it
        board.runnerSeen("r3", Set.of("java"), "host", T0);
        assertThat(board.matchAtOnce(ticket(4, "python", 3))).isEmpty();
        assertThat(board.matchAtOnce(ticket(5, "java", 3))).contains(new Match(ticket(5, "java", 3), "r3"));
        assertThat(board.matchAtOnce(ticket(6, "c", 3))).as("no runner serves c").isEmpty();
    }

    @Test
    void aRunnerReservedForARunThatWasNotStoredIsFreeAgain() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        Match reserved = board.matchAtOnce(ticket(1, "python", 0)).orElseThrow();
        board.submit(ticket(2, "python", 1));

        assertThat(board.notNeeded(reserved)).extracting(m -> m.ticket().runId()).containsExactly(2L);
    }

    @Test
    void aRunnerIsOnlyGivenTicketsOfTypesItServes() {
        board.submit(ticket(1, "java", 0));
        assertThat(board.runnerSeen("py", Set.of("python"), "host", T0)).isEmpty();
        assertThat(board.runnerSeen("multi", Set.of("c", "java"), "host", T0))
                .containsExactly(new Match(ticket(1, "java", 0), "multi"));
    }

    @Test
    void aMultiTypeRunnerTakesTheOldestTicketAcrossItsTypes() {
        board.submit(ticket(1, "java", 5));
        board.submit(ticket(2, "c", 1));
        assertThat(board.runnerSeen("multi", Set.of("c", "java"), "host", T0))
                .extracting(m -> m.ticket().runId()).containsExactly(2L);
    }

    @Test
    void aSilentRunnersJobGoesBackToTheFrontWithItsOriginalAge() {
        board.runnerSeen("dying", Set.of("python"), "host", T0);
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(2, "python", 1));

        board.runnerSeen("healthy", Set.of("python"), "host", T0.plusSeconds(3)).clear();
        // "healthy" took ticket 2 when it registered; "dying" still holds ticket 1
        List<Ticket> requeued = board.expireSilentRunners(T0.plusSeconds(4));

        assertThat(requeued).containsExactly(ticket(1, "python", 0));
        assertThat(board.runners()).extracting(Runner::runnerId).containsExactly("healthy");
        assertThat(board.runFinished("healthy", 2, false))
                .containsExactly(new Match(ticket(1, "python", 0), "healthy"));
    }

    @Test
    void aTicketSubmittedTwiceIsQueuedOnce() {
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(1, "python", 0));
        assertThat(board.depth("python")).isEqualTo(1);
    }

    @Test
    void aTicketWhoseRunARunnerHoldsIsNotQueuedAgain() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        assertThat(board.submit(ticket(1, "python", 0))).extracting(Match::runnerId).containsExactly("r1");
        assertThat(board.submit(ticket(1, "python", 0))).isEmpty(); // r1's current job
        assertThat(board.depth("python")).isZero();

        MatchBoard perRunner = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults(),
                MatchBoard.Mode.PER_RUNNER_QUEUES);
        perRunner.runnerSeen("r1", Set.of("python"), "host", T0);
        perRunner.submit(ticket(1, "python", 0));
        perRunner.submit(ticket(2, "python", 1)); // waits in r1's own queue
        perRunner.submit(ticket(2, "python", 1)); // already there
        perRunner.submitAll(java.util.List.of(ticket(2, "python", 1), ticket(1, "python", 0))); // a takeover's batch
        assertThat(perRunner.runFinished("r1", 1, false)).extracting(m -> m.ticket().runId()).containsExactly(2L);
        assertThat(perRunner.runFinished("r1", 2, false)).isEmpty();
    }

    @Test
    void backpressureRefusesAClassWhoseQueueIsFull() {
        Map<PriorityClass, Integer> bounds = new EnumMap<>(PriorityClass.class);
        for (PriorityClass priorityClass : PriorityClass.values()) {
            bounds.put(priorityClass, 2);
        }
        MatchBoard small = new MatchBoard(Duration.ofSeconds(3),
                new SchedulingPolicy(SchedulingPolicy.defaults().targetWait(), bounds, 0.5, 1000));
        small.submit(ticket(1, "python", 0));
        assertThat(small.admits(PriorityClass.INTERACTIVE)).isTrue();
        small.submit(ticket(2, "python", 0));

        assertThat(small.admits(PriorityClass.INTERACTIVE)).isFalse();
        assertThat(small.admits(PriorityClass.PRACTICE)).isTrue();
        small.runnerSeen("r1", Set.of("python"), "host", T0);
        assertThat(small.admits(PriorityClass.INTERACTIVE)).isTrue();
    }

    @Test
    void failedJobsAreCountedPerRunner() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        board.submit(ticket(1, "python", 0));
        board.runFinished("r1", 1, true);

        assertThat(board.runners()).singleElement().satisfies(runner -> {
            assertThat(runner.jobsDone()).isEqualTo(1);
            assertThat(runner.jobsFailed()).isEqualTo(1);
        });
    }

    @Test
    void perRunnerQueueModeGivesTicketsInTurnAndAFreeRunnerCannotHelpABusyOne() {
        MatchBoard before = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults(),
                MatchBoard.Mode.PER_RUNNER_QUEUES);
        before.runnerSeen("r1", Set.of("python"), "host", T0);
        before.runnerSeen("r2", Set.of("python"), "host", T0);
        assertThat(before.submit(ticket(1, "python", 0))).extracting(Match::runnerId).containsExactly("r2");
        assertThat(before.submit(ticket(2, "python", 1))).extracting(Match::runnerId).containsExactly("r1");
        before.submit(ticket(3, "python", 2)); // waits in r2's own queue
        before.submit(ticket(4, "python", 3)); // waits in r1's own queue

        // r1 finishes twice while r2 is still busy: ticket 3 stays behind r2's job
        assertThat(before.runFinished("r1", 2, false)).extracting(m -> m.ticket().runId()).containsExactly(4L);
        assertThat(before.runFinished("r1", 4, false)).isEmpty();
        assertThat(before.runFinished("r2", 1, false)).extracting(m -> m.ticket().runId()).containsExactly(3L);
    }

    @Test
    void commonQueueLetsAnyFreeRunnerTakeTheNextTicket() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        board.runnerSeen("r2", Set.of("python"), "host", T0);
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(2, "python", 1));
        board.submit(ticket(3, "python", 2));
        board.submit(ticket(4, "python", 3));

        Match next = board.runFinished("r2", 2, false).get(0);
        assertThat(next.ticket().runId()).isEqualTo(3L);
        assertThat(board.runFinished("r2", 3, false)).extracting(m -> m.ticket().runId()).containsExactly(4L);
    }

    @Test
    void perRunnerQueuesOfASilentRunnerAreHandedToTheOthers() {
        MatchBoard before = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults(),
                MatchBoard.Mode.PER_RUNNER_QUEUES);
        before.runnerSeen("dying", Set.of("python"), "host", T0);
        before.runnerSeen("healthy", Set.of("python"), "host", T0.plusSeconds(3));
        for (int i = 1; i <= 4; i++) {
            before.submit(ticket(i, "python", i));
        }

        List<Ticket> requeued = before.expireSilentRunners(T0.plusSeconds(4));

        assertThat(requeued).extracting(Ticket::runId).hasSize(2);
        assertThat(before.runners()).extracting(Runner::runnerId).containsExactly("healthy");
        assertThat(before.runners().iterator().next().ownQueue()).hasSize(3);
    }

    @Test
    void aSlowTypeCannotTakeEverySharedAgentSoAFastTypeIsNotHeldBehindIt() {
        MutableClock clock = new MutableClock(T0);
        MatchBoard shared = new MatchBoard(Duration.ofHours(1), SchedulingPolicy.defaults(),
                MatchBoard.Mode.COMMON_QUEUE, clock);
        shared.runnerSeen("r1", Set.of("python", "javascript"), "host", T0);
        shared.runnerSeen("r2", Set.of("python", "javascript"), "host", T0);
        // javascript shows itself slow: a 5 s run
        String first = shared.submit(ticket(1, "javascript", 0)).get(0).runnerId();
        clock.advance(Duration.ofSeconds(5));
        shared.runFinished(first, 1, false);

        // a flood of slow javascript takes one agent only...
        for (int i = 10; i < 20; i++) {
            shared.submit(ticket(i, "javascript", 6));
        }
        assertThat(shared.runners()).filteredOn(runner -> !runner.isFree()).hasSize(1);
        // ...so a python run starts at once on the other
        assertThat(shared.submit(ticket(100, "python", 7))).hasSize(1);
    }

    @Test
    void aBurstOfAFastTypeUsesEveryAgent() {
        board.runnerSeen("r1", Set.of("python", "javascript"), "host", T0);
        board.runnerSeen("r2", Set.of("python", "javascript"), "host", T0);
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(2, "python", 0));

        assertThat(board.runners()).allMatch(runner -> !runner.isFree());
    }

    @Test
    void aJobTheAgentNeverGotGoesBackWhenTheAgentKeepsSayingItIsIdle() {
        MutableClock clock = new MutableClock(T0);
        MatchBoard lossy = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults(),
                MatchBoard.Mode.COMMON_QUEUE, clock);
        lossy.runnerSeen("r1", Set.of("python"), "host", T0, 0);
        assertThat(lossy.submit(ticket(1, "python", 0))).hasSize(1);

        // just dispatched: an idle heartbeat may have crossed the job on the wire
        clock.advance(Duration.ofSeconds(1));
        assertThat(lossy.runnerSeen("r1", Set.of("python"), "host", clock.instant(), 0)).isEmpty();
        assertThat(lossy.runners().iterator().next().isFree()).isFalse();

        // still idle after the heartbeat timeout: the dispatch was lost or refused, the job is given again
        clock.advance(Duration.ofSeconds(3));
        assertThat(lossy.runnerSeen("r1", Set.of("python"), "host", clock.instant(), 0))
                .extracting(m -> m.ticket().runId()).containsExactly(1L);
    }

    @Test
    void anAgentWorkingOnItsJobKeepsIt() {
        MutableClock clock = new MutableClock(T0);
        MatchBoard steady = new MatchBoard(Duration.ofSeconds(3), SchedulingPolicy.defaults(),
                MatchBoard.Mode.COMMON_QUEUE, clock);
        steady.runnerSeen("r1", Set.of("python"), "host", T0, 0);
        steady.submit(ticket(1, "python", 0));
        clock.advance(Duration.ofSeconds(30));

        assertThat(steady.runnerSeen("r1", Set.of("python"), "host", clock.instant(), 1)).isEmpty();
        assertThat(steady.runners().iterator().next().currentJob().runId()).isEqualTo(1L);

        // it finished; its result is still on the way (or its news got lost): the job it reported is not given
        // again, and the agent is free for the next one
        steady.submit(ticket(2, "python", 1));
        clock.advance(Duration.ofSeconds(5));
        assertThat(steady.runnerSeen("r1", Set.of("python"), "host", clock.instant(), 0))
                .extracting(m -> m.ticket().runId()).containsExactly(2L);
        assertThat(steady.depth("python")).isZero();
        assertThat(steady.runners().iterator().next().jobsDone()).isEqualTo(1);
        // the late result changes nothing
        assertThat(steady.runFinished("r1", 1, false)).isEmpty();
        assertThat(steady.runners().iterator().next().currentJob().runId()).isEqualTo(2L);
    }

    @Test
    void anAgentThatRegistersAgainLostItsJobWhichGoesBackToTheFront() {
        board.runnerSeen("r1", Set.of("python"), "host", T0, 0);
        board.submit(ticket(1, "python", 0));
        board.submit(ticket(2, "python", 1));
        board.runnerSeen("r1", Set.of("python"), "host", T0.plusSeconds(1), 1);

        // restarted within the heartbeat timeout: no silence to notice, but the register says it
        List<Match> matches = board.runnerRegistered("r1", Set.of("python", "c"), "host", T0.plusSeconds(2));

        assertThat(matches).extracting(m -> m.ticket().runId()).containsExactly(1L);
        assertThat(board.runners().iterator().next().runnerTypes()).containsExactlyInAnyOrder("python", "c");
        assertThat(board.depth("python")).isEqualTo(1);
    }

    @Test
    void aRunIsKnownWhileAnyRunnerHoldsItAndMayBeQueuedAgainOnceNoneDoes() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        board.submit(ticket(1, "python", 0));
        assertThat(board.submit(ticket(1, "python", 0))).isEmpty();
        board.runFinished("r1", 1, false);
        // resubmitted after its runner finished it (a re-judge): a ticket like any other
        assertThat(board.submit(ticket(1, "python", 0))).extracting(Match::runnerId).containsExactly("r1");

        board.runnerSeen("r2", Set.of("python"), "host", T0, 0);
        board.adopt("r2", ticket(1, "python", 0)); // a takeover met an older assignment: two runners hold it
        board.runFinished("r1", 1, false);
        assertThat(board.submit(ticket(1, "python", 0))).as("r2 still holds it").isEmpty();
        assertThat(board.depth("python")).isZero();
        board.runFinished("r2", 1, false);
        assertThat(board.submit(ticket(1, "python", 0))).extracting(Match::runnerId).containsExactly("r1");
    }

    @Test
    void freeRunnersAreServedInTheOrderTheyJoinedThroughAnyChurn() {
        // many agents come and go (an autoscaler at work): the board's bookkeeping of who is free keeps up
        for (int round = 0; round < 40; round++) {
            board.runnerSeen("temp-" + round, Set.of("python"), "host", T0);
            board.runnerLeft("temp-" + round);
        }
        board.runnerSeen("a", Set.of("python"), "host", T0);
        board.runnerSeen("b", Set.of("python"), "host", T0);
        board.runnerSeen("c", Set.of("python", "java"), "host", T0);
        for (int round = 0; round < 40; round++) {
            board.runnerRegistered("temp-" + round, Set.of("java"), "host", T0);
            board.expireSilentRunners(T0.plusSeconds(1)); // nobody silent yet
            board.runnerLeft("temp-" + round);
        }
        board.control(Set.of("b"), Set.of());

        List<Match> matches = board.submitAll(List.of(ticket(1, "python", 0), ticket(2, "python", 1),
                ticket(3, "python", 2)));

        assertThat(matches).extracting(Match::runnerId).containsExactly("a", "c");
        assertThat(board.control(Set.of(), Set.of())).extracting(Match::runnerId).containsExactly("b");
        assertThat(board.runFinished("c", 2, false)).isEmpty();
        assertThat(board.submit(ticket(4, "java", 3))).extracting(Match::runnerId).containsExactly("c");
        assertThat(board.expireSilentRunners(T0.plusSeconds(10))).extracting(Ticket::runId)
                .containsExactlyInAnyOrder(1L, 3L, 4L);
        board.runnerSeen("d", Set.of("python"), "host", T0.plusSeconds(10));
        assertThat(board.runners()).extracting(Runner::runnerId).containsExactly("d");
        assertThat(board.matchAll()).isEmpty();
        assertThat(board.depth("python")).isEqualTo(1);
    }

    @Test
    void aRebuildAdoptsTheRunsAgentsReportAndQueuesTheRestOnce() {
        board.runnerSeen("busy", Set.of("python"), "host", T0, 7);
        board.runnerSeen("idle", Set.of("python"), "host", T0, 0);
        board.adopt("busy", ticket(7, "python", 0));

        List<Match> matches = board.submitAll(List.of(ticket(7, "python", 0), ticket(8, "python", 1),
                ticket(9, "python", 2), ticket(8, "python", 1)));

        assertThat(matches).containsExactly(new Match(ticket(8, "python", 1), "idle"));
        assertThat(board.depth("python")).isEqualTo(1);
        // the adopted job ends like any other
        assertThat(board.runFinished("busy", 7, false)).containsExactly(new Match(ticket(9, "python", 2), "busy"));
    }

    @Test
    void aMatchThatWasNotNeededFreesItsRunnerWithoutCountingAJob() {
        board.runnerSeen("r1", Set.of("python"), "host", T0);
        Match match = board.submit(ticket(1, "python", 0)).get(0);
        board.submit(ticket(2, "python", 1));

        assertThat(board.notNeeded(match)).extracting(m -> m.ticket().runId()).containsExactly(2L);
        assertThat(board.runners().iterator().next().jobsDone()).isZero();
    }

    @Test
    void queuedCountsWaitingTicketsPerClass() {
        board.submit(ticket(1, "python", 0));
        board.submit(new Ticket(2, "python", PriorityClass.PRACTICE, T0, 10));
        board.submit(new Ticket(3, "c", PriorityClass.PRACTICE, T0, 10));

        assertThat(board.queued(PriorityClass.INTERACTIVE)).isEqualTo(1);
        assertThat(board.queued(PriorityClass.PRACTICE)).isEqualTo(2);
        assertThat(board.queued(PriorityClass.REJUDGE)).isZero();
    }

    private static final class MutableClock extends java.time.Clock {

        private Instant now;

        MutableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

}
