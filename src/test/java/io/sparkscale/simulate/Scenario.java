package io.sparkscale.simulate;

import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A run for tests: its summary and every timeline point. */
record Scenario(Summary summary, List<TimelinePoint> timeline) {

  static WorkModel work(double perSecond, int podsPerNode, int minNodes) {
    return new WorkModel(new Throughput(perSecond, Metric.OBJECTS), Duration.ofSeconds(20), Duration.ofSeconds(90),
        podsPerNode, minNodes, Duration.ofMinutes(10), 0.5);
  }

  static Scenario run(Scaling scaling, WorkModel work, Duration ttl, ArrivalSource arrivals) {
    List<TimelinePoint> points = new ArrayList<>();
    Summary s = Simulator.run(new SimulationInput(scaling, work, ttl, arrivals, null), points::add);
    return new Scenario(s, points);
  }

  /** The first time at or after {@code from} seconds when the replicas were {@code replicas}, or -1. */
  double firstTimeReplicas(int replicas, double from) {
    return timeline.stream().filter(p -> p.t() >= from && p.replicas() == replicas).mapToDouble(TimelinePoint::t)
        .findFirst().orElse(-1);
  }

  /** The first time after {@code from} the backlog was empty, or -1. */
  double firstTimeEmpty(double from) {
    return timeline.stream().filter(p -> p.t() > from && p.backlogObjects() == 0).mapToDouble(TimelinePoint::t)
        .findFirst().orElse(-1);
  }

  /** The replicas in effect at {@code t} seconds. */
  int replicasAt(double t) {
    int r = 0;
    for (TimelinePoint p : timeline) {
      if (p.t() > t) {
        break;
      }
      r = p.replicas();
    }
    return r;
  }
}
