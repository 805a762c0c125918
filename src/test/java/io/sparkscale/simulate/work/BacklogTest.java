package io.sparkscale.simulate.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sparkscale.simulate.Throughput;
import io.sparkscale.trigger.TriggerSpec.Metric;
import org.junit.jupiter.api.Test;

class BacklogTest {

  @Test
  void firstInFirstOutAtTheReplicasRate() {
    Backlog b = new Backlog(new Throughput(2, Metric.OBJECTS));
    DrainHistogram drain = new DrainHistogram();
    b.add(0, 10, 10_000);
    b.add(1_000, 10, 10_000);
    // Two replicas at 2/s: 4 objects a second, the first arrival is done at 2.5 s, the second at 5 s.
    assertThat(b.millisToEmpty(2)).isEqualTo(5_000);
    b.process(1_000, 3_500, 2, drain);
    assertThat(b.pendingCount(Metric.OBJECTS)).isEqualTo(10);
    b.process(3_500, 6_000, 2, drain);
    assertThat(b.isEmpty()).isTrue();
    assertThat(b.drainedObjects()).isCloseTo(20, within(1e-9));
    assertThat(drain.total()).isCloseTo(20, within(1e-9));
    // The last object of the second arrival waited 6 s - 1 s.
    assertThat(drain.max()).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void aPartlyProcessedObjectIsStillCounted() {
    Backlog b = new Backlog(new Throughput(1, Metric.OBJECTS));
    b.add(0, 3, 300);
    b.process(0, 500, 1, new DrainHistogram());
    assertThat(b.pendingCount(Metric.OBJECTS)).isEqualTo(3);
    assertThat(b.pendingCount(Metric.BYTES)).isEqualTo(250);
  }

  @Test
  void bytesThroughputTakesEachArrivalsOwnSize() {
    Backlog b = new Backlog(new Throughput(100, Metric.BYTES));
    b.add(0, 1, 1_000);
    b.add(0, 10, 1_000);
    assertThat(b.millisToEmpty(1)).isEqualTo(20_000);
    // An arrival without bytes is given the mean size so far: (2000 / 11) bytes each.
    b.add(0, 11, 0);
    assertThat(b.millisToEmpty(1)).isEqualTo(40_000);
  }

  @Test
  void aJobTakesUpToItsTargetFromTheHead() {
    Backlog b = new Backlog(new Throughput(1, Metric.OBJECTS));
    DrainHistogram drain = new DrainHistogram();
    b.add(0, 3, 0);
    b.add(1_000, 4, 0);
    Backlog.Batch batch = b.take(5, Metric.OBJECTS, 10_000, drain);
    assertThat(batch.objects()).isCloseTo(5, within(1e-9));
    assertThat(b.seconds(batch)).isCloseTo(5, within(1e-9));
    assertThat(b.pendingCount(Metric.OBJECTS)).isEqualTo(2);
    // Processed one after another from 10 s: the last of the batch (from the arrival at 1 s) ends at 15 s.
    assertThat(drain.max()).isCloseTo(14, within(1e-9));
    assertThat(b.drainedObjects()).isZero();
    b.finished(batch);
    assertThat(b.drainedObjects()).isCloseTo(5, within(1e-9));
    assertThat(b.take(5, Metric.OBJECTS, 20_000, drain).objects()).isCloseTo(2, within(1e-9));
    assertThat(b.take(5, Metric.OBJECTS, 20_000, drain).isEmpty()).isTrue();
  }
}
