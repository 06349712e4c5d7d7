package org.codearena.matchmaker.domain.scaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.codearena.matchmaker.domain.scaling.RunnerScaler.Action;
import org.codearena.matchmaker.domain.scaling.RunnerScaler.Decision;
import org.codearena.matchmaker.domain.scaling.RunnerScaler.TypeLoad;
import org.junit.jupiter.api.Test;

class RunnerScalerTest {

    private static final ScalingPolicy POLICY = new ScalingPolicy(1, 8, Duration.ofSeconds(1),
            Map.of("java", Duration.ofSeconds(3)), Duration.ofSeconds(15), Duration.ofSeconds(60),
            Duration.ofSeconds(30), 0.8);
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void erlangCMatchesTheTextbook() {
        // 2 servers, offered load 1 Erlang: C = 1/3
        assertEquals(1.0 / 3, QueueModel.chanceToWait(2, 1.0), 1e-9);
        // one server: M/M/1, C = rho
        assertEquals(0.5, QueueModel.chanceToWait(1, 0.5), 1e-9);
        assertEquals(1.0, QueueModel.chanceToWait(2, 2.0), 1e-9);
        // M/M/1 at rho 0.5, mean service 1 s: P(W > t) = 0.5 e^-0.5t, so the p95 wait is 2 ln 10
        assertEquals(2 * Math.log(10), QueueModel.waitQuantileSeconds(1, 0.5, 1.0, 0.95), 1e-9);
        assertEquals(Double.POSITIVE_INFINITY, QueueModel.waitQuantileSeconds(2, 3, 1.0, 0.95));
    }

    @Test
    void addsWhatTheArrivalRateNeedsAndSaysWhy() {
        RunnerScaler scaler = new RunnerScaler();
        // 20 python runs a second of 100 ms each: 2 runners busy on average; at 2 they could not keep up
        Decision decision = scaler.decide(POLICY, List.of(new TypeLoad("python", 20, 100.0, 2400L, 40)), 2, T0);
        assertEquals(Action.ADD, decision.action());
        assertTrue(decision.to() >= 4, decision.toString());
        assertTrue(decision.reason().startsWith("python: p95 2.4 s > 1.0 s target, 40 waiting"), decision.reason());
        assertTrue(decision.reason().endsWith("adding " + (decision.to() - 2)), decision.reason());
    }

    @Test
    void coolsDownAfterAddingAndNeverPassesTheMaximum() {
        RunnerScaler scaler = new RunnerScaler();
        List<TypeLoad> heavy = List.of(new TypeLoad("python", 200, 100.0, 9000L, 500));
        Decision first = scaler.decide(POLICY, heavy, 2, T0);
        assertEquals(8, first.to());
        Decision soon = scaler.decide(POLICY, heavy, 3, T0.plusSeconds(5));
        assertEquals(Action.HOLD, soon.action());
        assertTrue(soon.reason().contains("cool-down"), soon.reason());
        assertEquals(Action.ADD, scaler.decide(POLICY, heavy, 3, T0.plusSeconds(16)).action());
    }

    @Test
    void removesOneAtATimeOnlyAfterAStablePeriod() {
        RunnerScaler scaler = new RunnerScaler();
        List<TypeLoad> light = List.of(new TypeLoad("python", 1, 100.0, 150L, 0));
        assertEquals(Action.HOLD, scaler.decide(POLICY, light, 4, T0).action());
        assertEquals(Action.HOLD, scaler.decide(POLICY, light, 4, T0.plusSeconds(30)).action());
        Decision removal = scaler.decide(POLICY, light, 4, T0.plusSeconds(60));
        assertEquals(Action.REMOVE, removal.action());
        assertEquals(3, removal.to());
        // the next one waits for another stable period and the cool-down
        assertEquals(Action.HOLD, scaler.decide(POLICY, light, 3, T0.plusSeconds(70)).action());
        assertEquals(Action.REMOVE, scaler.decide(POLICY, light, 3, T0.plusSeconds(120)).action());
    }

    @Test
    void aBurstResetsTheStablePeriod() {
        RunnerScaler scaler = new RunnerScaler();
        List<TypeLoad> light = List.of(new TypeLoad("python", 1, 100.0, 150L, 0));
        scaler.decide(POLICY, light, 3, T0);
        scaler.decide(POLICY, List.of(new TypeLoad("python", 25, 100.0, 1500L, 10)), 3, T0.plusSeconds(40));
        assertEquals(Action.HOLD, scaler.decide(POLICY, light, 3, T0.plusSeconds(70)).action());
    }

    @Test
    void neverBelowTheMinimumNorIdleAtZeroLoad() {
        RunnerScaler scaler = new RunnerScaler();
        Decision none = scaler.decide(POLICY, List.of(), 0, T0);
        assertEquals(Action.ADD, none.action());
        assertEquals(1, none.to());
        assertEquals(Action.HOLD, scaler.decide(POLICY, List.of(), 1, T0.plusSeconds(120)).action());
    }

    @Test
    void aLateTypeWithWaitingRunsGetsOneMoreWhateverTheModelSays() {
        RunnerScaler scaler = new RunnerScaler();
        // the model thinks 2 are plenty (0.5 runs/s x 100 ms), but the measured p95 is over target and runs wait
        Decision decision = scaler.decide(POLICY, List.of(new TypeLoad("python", 0.5, 100.0, 1800L, 3)), 2, T0);
        assertEquals(Action.ADD, decision.action());
        assertEquals(3, decision.to());
    }

    @Test
    void aTypeSlowerThanItsTargetOnlyAsksThatItsRunsBarelyWait() {
        RunnerScaler scaler = new RunnerScaler();
        // java's runs take 4 s against a 3 s target: more runners cannot bring that under; 0.2 runs/s needs few
        Decision decision = scaler.decide(POLICY, List.of(new TypeLoad("java", 0.2, 4000.0, 4100L, 0)), 2, T0);
        assertTrue(decision.needed() <= 4, decision.toString());
        assertTrue(decision.reason().contains("longer than the target"), decision.reason());
    }
}
