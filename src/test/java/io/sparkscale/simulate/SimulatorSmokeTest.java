package io.sparkscale.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.trigger.TriggerSpec.Metric;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorSmokeTest {

  @Test
  void steadyStream() {
    ScaledObjectModel so = new ScaledObjectModel(30, 300, 0, 20, null, Metric.OBJECTS, 10, 0, null);
    WorkModel work = new WorkModel(new Throughput(2, Metric.OBJECTS), Duration.ofSeconds(20),
        Duration.ofSeconds(90), 4, 0, Duration.ofMinutes(10), 0.4);
    List<TimelinePoint> points = new ArrayList<>();
    Summary s = Simulator.run(new SimulationInput(so, work, Duration.ofSeconds(10),
        TestArrivals.steady(100, 10_000, 3_600_000, 1000), null), points::add);
    assertThat(s.arrivedObjects()).isEqualTo(36_000);
    assertThat(s.processedObjects()).isEqualTo(s.arrivedObjects());
    assertThat(points).isNotEmpty();
    assertThat(points.get(points.size() - 1).replicas()).isZero();
  }
}
