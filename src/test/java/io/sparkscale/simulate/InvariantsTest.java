package io.sparkscale.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.render.ScaledJobStrategy.Kind;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties every run keeps, over random settings and arrivals (seeded, so a failure names its seed): every
 * arrival processed exactly once, a backlog never negative nor above what arrived, sane replica counts; and a
 * steady rate converging to the replicas it needs.
 */
class InvariantsTest {

  static IntStream seeds() {
    return IntStream.range(0, 40);
  }

  private static ArrivalSource randomArrivals(Random r, List<Arrival> keep) {
    long t = 0;
    int n = 50 + r.nextInt(400);
    for (int i = 0; i < n; i++) {
      t += r.nextInt(4) == 0 ? r.nextInt(600_000) : r.nextInt(20_000);
      long objects = r.nextInt(10) == 0 ? r.nextInt(2_000) : r.nextInt(30);
      keep.add(new Arrival(t, objects, objects * (1 + r.nextInt(5_000_000))));
    }
    return TestArrivals.of(keep);
  }

  private static Scaling randomScaling(Random r) {
    int poll = 5 + r.nextInt(60);
    Metric metric = r.nextBoolean() ? Metric.OBJECTS : Metric.BYTES;
    long target = metric == Metric.OBJECTS ? 1 + r.nextInt(100) : 1_000_000L + r.nextInt(500_000_000);
    if (r.nextInt(3) == 0) {
      Kind kind = Kind.values()[r.nextInt(Kind.values().length)];
      // A positive customScalingQueueLengthDeduction never starts a Job for the last few batches (see
      // ScenarioTest): left out here, where everything must be processed.
      ScaledJobStrategy strategy = kind == Kind.CUSTOM
          ? new ScaledJobStrategy(kind, -r.nextInt(2), r.nextDouble(), List.of())
          : new ScaledJobStrategy(kind, null, null, r.nextBoolean() ? List.of() : List.of("PodScheduled"));
      return new ScaledJobModel(poll, 1 + r.nextInt(50), metric, target, 0, strategy, r.nextBoolean());
    }
    int min = r.nextInt(3);
    Integer idle = min > 0 && r.nextBoolean() ? 0 : null;
    HpaBehavior behavior = switch (r.nextInt(3)) {
      case 0 -> null;
      case 1 -> HpaBehavior.defaults();
      default -> HpaBehavior.gentleScaleDown(15 + r.nextInt(600));
    };
    return new ScaledObjectModel(poll, r.nextInt(600), min, Math.max(1, min) + r.nextInt(40), idle, metric, target, 0,
        behavior, behavior != null, r.nextBoolean());
  }

  private static WorkModel randomWork(Random r) {
    Metric unit = r.nextBoolean() ? Metric.OBJECTS : Metric.BYTES;
    double perSecond = unit == Metric.OBJECTS ? 0.05 + r.nextDouble() * 20 : 1e5 + r.nextDouble() * 1e8;
    return new WorkModel(new Throughput(perSecond, unit), Duration.ofSeconds(r.nextInt(60)),
        Duration.ofSeconds(r.nextInt(200)), 1 + r.nextInt(8), r.nextInt(3), Duration.ofSeconds(r.nextInt(900)),
        r.nextBoolean() ? null : 0.1 + r.nextDouble());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyArrivalIsProcessedExactlyOnceAndTheBacklogStaysInBounds(int seed) {
    Random r = new Random(seed);
    List<Arrival> arrivals = new ArrayList<>();
    ArrivalSource source = randomArrivals(r, arrivals);
    Scaling scaling = randomScaling(r);
    WorkModel work = randomWork(r);
    long total = arrivals.stream().mapToLong(Arrival::objects).sum();
    List<TimelinePoint> points = new ArrayList<>();
    Summary s = Simulator.run(new SimulationInput(scaling, work, Duration.ofSeconds(r.nextInt(30)), source, null),
        points::add);

    assertThat(s.arrivedObjects()).as("arrived").isEqualTo(total);
    // Activation 0: every object makes the trigger active, so everything is processed, and only once.
    assertThat(s.processedObjects()).as("processed, %s", scaling).isEqualTo(total);
    assertThat(s.maxBacklogObjects()).isLessThanOrEqualTo(total);
    double lastT = 0;
    for (TimelinePoint p : points) {
      assertThat(p.t()).isGreaterThanOrEqualTo(lastT);
      lastT = p.t();
      assertThat(p.backlogObjects()).isBetween(0L, total);
      assertThat(p.backlogBytes()).isNotNegative();
      assertThat(p.readyReplicas()).isBetween(0, p.replicas());
      assertThat(p.nodes()).isNotNegative();
      if (scaling instanceof ScaledObjectModel so) {
        assertThat(p.replicas()).isLessThanOrEqualTo(Math.max(so.maxReplicas(), so.minReplicas()));
      }
    }
    TimelinePoint last = points.get(points.size() - 1);
    assertThat(last.backlogObjects()).isZero();
    assertThat(s.drain().p50Seconds()).isLessThanOrEqualTo(s.drain().p95Seconds() + 1e-9);
    assertThat(s.drain().p95Seconds()).isLessThanOrEqualTo(s.drain().maxSeconds() + 1e-9);
    assertThat(s.nodeSeconds()).isGreaterThanOrEqualTo(work.minNodes() * s.endSeconds() - 1e-6);
  }

  /**
   * A steady rate (R objects every second) with T objects/s per replica and the target set to what one replica
   * handles in that second: after the start the replicas settle at ceil(R / T) and stay there, whatever the
   * HPA's behavior and KEDA's polling.
   */
  @ParameterizedTest(name = "{0}/s at {1}/s per replica, behavior {2}")
  @CsvSource({
    "3, 1, true", "10, 3, true", "25, 2, false", "50, 4, true", "7, 7, false", "40, 6, false",
  })
  void aSteadyRateConvergesToTheReplicasItNeeds(long rate, double perReplica, boolean behavior) {
    int needed = (int) Math.ceil(rate / perReplica);
    long target = (long) Math.ceil(perReplica);
    // The target in whole objects: one replica's second of work, rounded up, so ceil(R / target) = needed here.
    assertThat((int) Math.ceil((double) rate / target)).isEqualTo(needed);
    ScaledObjectModel so = new ScaledObjectModel(30, 300, 0, 100, null, Metric.OBJECTS, target, 0,
        behavior ? HpaBehavior.defaults() : null);
    Scenario run = Scenario.run(so, Scenario.work(perReplica, 8, 0), Duration.ofSeconds(10),
        TestArrivals.steady(rate, 1_000, 7_200_000, 0));
    for (int t = 1_800; t < 7_200; t += 15) {
      assertThat(run.replicasAt(t)).as("replicas at %d s", t).isEqualTo(needed);
    }
    assertThat(run.summary().processedObjects()).isEqualTo(rate * 7_200);
  }
}
