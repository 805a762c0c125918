package io.sparkscale.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.render.ScaledJobStrategy.Kind;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole runs that show one controller rule each, with exact counts (ttl 0) unless said otherwise. */
class ScenarioTest {

  private static final Duration EXACT = Duration.ZERO;

  private static ScaledObjectModel scaledObject(int min, int max, long target, long activation, HpaBehavior b) {
    return new ScaledObjectModel(30, 300, min, max, null, Metric.OBJECTS, target, activation, b);
  }

  private static ArrivalSource burst(long objects) {
    return TestArrivals.of(List.of(new Arrival(0, objects, 0)));
  }

  /**
   * A burst drains at D; KEDA's polls (every 30 s) last see it at the last poll before D; the last replica goes
   * at the first poll strictly after that poll + cooldownPeriod (300 s). The HPA alone never goes below one
   * replica (its minReplicas is 1 when minReplicaCount is 0).
   */
  @Test
  void cooldownTakesTheLastReplicaToZero() {
    Scenario run = Scenario.run(scaledObject(0, 10, 10, 0, null), Scenario.work(1, 10, 1), EXACT, burst(100));
    double drained = run.firstTimeEmpty(0);
    double lastActivePoll = Math.floor((drained - 0.001) / 30) * 30;
    double zeroAt = (Math.floor((lastActivePoll + 300) / 30) + 1) * 30;
    assertThat(run.firstTimeReplicas(0, 1)).isEqualTo(zeroAt);
    assertThat(run.replicasAt(zeroAt - 0.001)).isGreaterThanOrEqualTo(1);
    assertThat(run.summary().processedObjects()).isEqualTo(100);
  }

  /**
   * 10 objects a minute with activationTargetObjectCount 50: nothing until the poll at 300 s sees 60 (above 50);
   * KEDA takes the target to one replica and the HPA, at the same instant, to ceil(60 / 10) within its
   * scale-up limit. Afterwards each poll sees at most 10 (inactive), so the last replica goes at the first poll
   * after 300 + 300 s even while objects still arrive, which the HPA's replicas kept processing.
   */
  @Test
  void activationWaitsForTheActivationTargetAndGoesBackToZero() {
    ArrivalSource tenAMinute = TestArrivals.steady(10, 60_000, 600_000, 0);
    Scenario run = Scenario.run(scaledObject(0, 10, 10, 50, null), Scenario.work(1, 10, 1), EXACT, tenAMinute);
    assertThat(run.replicasAt(299.999)).isZero();
    assertThat(run.replicasAt(300)).isEqualTo(4);
    assertThat(run.firstTimeReplicas(0, 301)).isEqualTo(630.0);
    assertThat(run.summary().processedObjects()).isEqualTo(100);
  }

  /** What stays at or below the activation target with no replica is never processed: the run says so. */
  @Test
  void aBacklogBelowTheActivationTargetIsLeftBehind() {
    Scenario run = Scenario.run(scaledObject(0, 10, 10, 50, null), Scenario.work(1, 10, 1), EXACT, burst(30));
    assertThat(run.summary().arrivedObjects()).isEqualTo(30);
    assertThat(run.summary().processedObjects()).isZero();
    assertThat(run.summary().maxReplicas()).isZero();
  }

  /** With the default 300 s scale-down window the replicas stay long after the backlog; with 0 s they do not. */
  @Test
  void scaleDownWaitsOutTheStabilizationWindow() {
    HpaBehavior noWindow = new HpaBehavior(null,
        new HpaBehavior.Rules(0, HpaBehavior.SelectPolicy.MAX, HpaBehavior.Rules.defaultScaleDown().policies()));
    Scenario slow = Scenario.run(scaledObject(1, 20, 100, 0, HpaBehavior.defaults()), Scenario.work(10, 10, 1),
        EXACT, burst(20_000));
    Scenario fast = Scenario.run(scaledObject(1, 20, 100, 0, noWindow), Scenario.work(10, 10, 1), EXACT,
        burst(20_000));
    double slowDrained = slow.firstTimeEmpty(0);
    assertThat(slow.summary().maxReplicas()).isEqualTo(20);
    assertThat(slow.replicasAt(slowDrained + 285)).isGreaterThan(1);
    assertThat(slow.firstTimeReplicas(1, slowDrained)).isBetween(slowDrained + 285, slowDrained + 315);
    double fastDrained = fast.firstTimeEmpty(0);
    assertThat(fast.firstTimeReplicas(1, fastDrained)).isLessThanOrEqualTo(fastDrained + 15);
    assertThat(slow.summary().replicaSeconds()).isGreaterThan(fast.summary().replicaSeconds());
  }

  private static Scenario jobs(Kind kind, boolean claims) {
    ScaledJobModel sj = new ScaledJobModel(10, 100, Metric.OBJECTS, 10, 0, ScaledJobStrategy.of(kind), claims);
    // Pods wait 90 s for nodes, then 20 s to start: polls keep coming meanwhile.
    return Scenario.run(sj, Scenario.work(0.1, 4, 0), EXACT, burst(100));
  }

  /**
   * 100 objects, 10 per Job: 10 Jobs are enough. Without claims the running Jobs' batches stay in the count, and
   * the accurate strategy (maxScale - pending) starts 10 more at every poll that finds the first ones running;
   * those find nothing and end at once (kedacore/keda #6157, #7329). Claiming at start removes the batches from
   * the count.
   */
  @Test
  void accurateWithoutClaimsOverCreatesAndClaimsFixIt() {
    Scenario unclaimed = jobs(Kind.ACCURATE, false);
    Scenario claimed = jobs(Kind.ACCURATE, true);
    Scenario defaultUnclaimed = jobs(Kind.DEFAULT, false);
    assertThat(claimed.summary().scaleEvents()).isEqualTo(10);
    assertThat(claimed.summary().jobsWithoutWork()).isZero();
    assertThat(unclaimed.summary().scaleEvents()).isGreaterThan(10);
    assertThat(unclaimed.summary().jobsWithoutWork()).isEqualTo(unclaimed.summary().scaleEvents() - 10);
    assertThat(unclaimed.summary().replicaSeconds()).isGreaterThan(claimed.summary().replicaSeconds());
    // The default strategy subtracts every running Job, so it does not over-create here.
    assertThat(defaultUnclaimed.summary().scaleEvents()).isEqualTo(10);
    for (Scenario s : List.of(unclaimed, claimed, defaultUnclaimed)) {
      assertThat(s.summary().processedObjects()).isEqualTo(100);
      // Each Job processes its 10 objects at 0.1/s: the last object of a batch waits at least 100 s.
      assertThat(s.summary().drain().maxSeconds()).isGreaterThanOrEqualTo(100 + 90 + 20);
    }
  }

  /**
   * customScalingQueueLengthDeduction 2: maxScale - 2 is 0 or less while fewer than three batches are pending,
   * so KEDA starts no Job for them (kedacore/keda scale_jobs.go, customScalingStrategy). The run reports the
   * objects left behind.
   */
  @Test
  void aQueueLengthDeductionLeavesTheLastBatchesBehind() {
    ScaledJobStrategy custom = new ScaledJobStrategy(Kind.CUSTOM, 2, 1.0, List.of());
    ScaledJobModel sj = new ScaledJobModel(10, 100, Metric.OBJECTS, 10, 0, custom, true);
    Scenario run = Scenario.run(sj, Scenario.work(1, 4, 0), EXACT, burst(55));
    // 55 objects: maxScale 6 - 2 = 4 Jobs (later polls subtract them as running) take 40; the 15 left make
    // maxScale 2 - 2 = 0.
    assertThat(run.summary().scaleEvents()).isEqualTo(4);
    assertThat(run.summary().processedObjects()).isEqualTo(40);
  }
}
