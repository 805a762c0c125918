package io.sparkscale.simulate.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.simulate.Arrival;
import io.sparkscale.simulate.ArrivalSource;
import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Simulator;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TestArrivals;
import io.sparkscale.simulate.Throughput;
import io.sparkscale.simulate.TimelineSink;
import io.sparkscale.simulate.WorkModel;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SweepTest {

  private static final WorkModel WORK = new WorkModel(new Throughput(1, Metric.OBJECTS), Duration.ofSeconds(20),
      Duration.ofSeconds(90), 4, 0, Duration.ofMinutes(10), 0.4);

  private static ArrivalSource source(List<Arrival> list) {
    return TestArrivals.of(list);
  }

  private static List<Arrival> bursty(int hours) {
    Random r = new Random(3);
    List<Arrival> list = new ArrayList<>();
    for (long t = 0; t < hours * 3_600_000L; t += 60_000) {
      long objects = r.nextInt(20) == 0 ? 300 + r.nextInt(300) : r.nextInt(10);
      list.add(new Arrival(t, objects, 0));
    }
    return list;
  }

  private static final ScaledObjectModel BASE =
      new ScaledObjectModel(30, 300, 0, 10, null, Metric.OBJECTS, 10, 0, null);

  @Test
  void everyCombinationRunsAsASingleRunWould() {
    List<Arrival> arrivals = bursty(6);
    ArrivalTrace trace = ArrivalTrace.read(source(arrivals));
    assertThat(trace.size()).isEqualTo(arrivals.size());
    SweepSpec spec = new SweepSpec(BASE, List.of(5L, 20L), List.of(15, 60), List.of(60, 600), List.of(5, 30));
    SweepResult result = Sweep.run(spec, trace, WORK, Duration.ofSeconds(10), null, null, 2);

    assertThat(result.points()).hasSize(16);
    assertThat(result.costUnit()).isEqualTo("USD");
    // Order: target, polling interval, cooldown, max replicas varying last.
    ScaledObjectModel second = (ScaledObjectModel) result.points().get(1).scaling();
    assertThat(second.target()).isEqualTo(5);
    assertThat(second.maxReplicas()).isEqualTo(30);
    for (SweepPoint p : result.points()) {
      Summary alone = Simulator.run(new SimulationInput(p.scaling(), WORK, Duration.ofSeconds(10),
          source(arrivals), null), TimelineSink.NONE);
      assertThat(p.summary()).isEqualTo(alone);
      assertThat(p.cost()).isEqualTo(alone.costUsd());
    }
  }

  @Test
  void theFrontHoldsOnlyUndominatedPointsAndTheKneeIsOnIt() {
    ArrivalTrace trace = ArrivalTrace.read(source(bursty(6)));
    SweepSpec spec = new SweepSpec(BASE, List.of(2L, 5L, 10L, 50L), List.of(10, 30), List.of(), List.of(2, 8, 40));
    SweepResult result = Sweep.run(spec, trace, WORK, Duration.ZERO, null, null, 0);
    assertThat(result.front()).isNotEmpty();
    for (SweepPoint f : result.front()) {
      for (SweepPoint p : result.points()) {
        boolean dominates = p.cost() <= f.cost() && p.p95Seconds() <= f.p95Seconds()
            && (p.cost() < f.cost() || p.p95Seconds() < f.p95Seconds());
        assertThat(dominates).as("%s dominates %s", p, f).isFalse();
      }
    }
    for (int i = 1; i < result.front().size(); i++) {
      assertThat(result.front().get(i).cost()).isGreaterThanOrEqualTo(result.front().get(i - 1).cost());
      assertThat(result.front().get(i).p95Seconds()).isLessThan(result.front().get(i - 1).p95Seconds());
    }
    assertThat(result.front()).contains(result.recommended());
  }

  @Test
  void aGoalPicksTheCheapestPointThatMeetsIt() {
    ArrivalTrace trace = ArrivalTrace.read(source(bursty(6)));
    SweepSpec spec = new SweepSpec(BASE, List.of(2L, 10L, 50L), List.of(10, 60), List.of(), List.of(2, 40));
    SweepResult free = Sweep.run(spec, trace, WORK, Duration.ZERO, null, null, 2);
    double goal = free.front().get(free.front().size() / 2).p95Seconds();
    SweepResult withGoal = Sweep.run(spec, trace, WORK, Duration.ZERO, null, goal, 2);
    SweepPoint chosen = withGoal.recommended();
    assertThat(chosen.p95Seconds()).isLessThanOrEqualTo(goal);
    assertThat(withGoal.points()).filteredOn(p -> p.complete() && p.p95Seconds() <= goal)
        .allSatisfy(p -> assertThat(p.cost()).isGreaterThanOrEqualTo(chosen.cost()));
  }

  @Test
  void withoutAPriceTheCostIsNodeSecondsAndMinAboveMaxIsSkipped() {
    WorkModel unpriced = new WorkModel(WORK.throughput(), WORK.podStartup(), WORK.nodeStartup(), 4, 0,
        WORK.nodeScaleDownDelay(), null);
    ScaledObjectModel minTwo = new ScaledObjectModel(30, 300, 2, 10, null, Metric.OBJECTS, 10, 0, null);
    SweepResult result = Sweep.run(new SweepSpec(minTwo, List.of(), List.of(), List.of(), List.of(1, 4)),
        ArrivalTrace.read(source(bursty(2))), unpriced, Duration.ZERO, null, null, 1);
    assertThat(result.costUnit()).isEqualTo("node-seconds");
    assertThat(result.skipped()).isEqualTo(1);
    assertThat(result.points()).hasSize(1);
    assertThat(result.points().get(0).cost()).isEqualTo(result.points().get(0).summary().nodeSeconds());
  }

  @Test
  void aScaledJobHasNoCooldownToSweep() {
    ScaledJobModel sj = new ScaledJobModel(30, 10, Metric.OBJECTS, 10, 0,
        ScaledJobStrategy.of(ScaledJobStrategy.Kind.DEFAULT), true);
    assertThatThrownBy(() -> Sweep.run(new SweepSpec(sj, List.of(), List.of(), List.of(60), List.of()),
        ArrivalTrace.read(source(bursty(1))), WORK, Duration.ZERO, null, null, 1))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("ScaledObject only");
  }
}
