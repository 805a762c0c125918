package io.sparkscale.simulate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What KEDA would refuse, and arrivals out of order, are one clear line, not a run. */
class RefusedInputTest {

  private static void refused(Scaling scaling, ArrivalSource arrivals, String message) {
    assertThatThrownBy(() -> Simulator.run(new SimulationInput(scaling, Scenario.work(1, 4, 0), Duration.ZERO,
        arrivals, null), TimelineSink.NONE))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
  }

  private static ArrivalSource none() {
    return TestArrivals.of(List.of());
  }

  @Test
  void minAboveMax() {
    refused(new ScaledObjectModel(30, 300, 5, 3, null, Metric.OBJECTS, 10, 0, null), none(),
        "minReplicaCount 5 and maxReplicaCount 3 are not valid");
  }

  @Test
  void idleNotBelowMin() {
    refused(new ScaledObjectModel(30, 300, 2, 3, 2, Metric.OBJECTS, 10, 0, null), none(),
        "idleReplicaCount: 2 is not valid");
  }

  @Test
  void zeroTargetAndPolling() {
    refused(new ScaledObjectModel(30, 300, 0, 3, null, Metric.OBJECTS, 0, 0, null), none(), "target: 0");
    refused(new ScaledJobModel(0, 3, Metric.OBJECTS, 5, 0, ScaledJobStrategy.of(ScaledJobStrategy.Kind.DEFAULT),
        true), none(), "pollingInterval: 0");
  }

  @Test
  void arrivalsOutOfOrder() {
    refused(new ScaledObjectModel(30, 300, 0, 3, null, Metric.OBJECTS, 5, 0, null),
        TestArrivals.of(List.of(new Arrival(5_000, 1, 0), new Arrival(4_000, 1, 0))),
        "arrivals: an arrival at 4000 ms comes after one at 5000 ms");
  }
}
