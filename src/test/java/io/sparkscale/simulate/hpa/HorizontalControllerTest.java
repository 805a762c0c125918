package io.sparkscale.simulate.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.render.HpaBehavior;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** reconcileAutoscaler's branches and the 300 s scale-down window, sync by sync. */
class HorizontalControllerTest {

  private static final long SYNC = HorizontalController.SYNC_PERIOD_MILLIS;

  private final AtomicInteger asked = new AtomicInteger();

  private LongSupplier metric(long value) {
    return () -> {
      asked.incrementAndGet();
      return value;
    };
  }

  @Test
  void atZeroReplicasTheHpaIsDisabledAndAsksNothing() {
    HorizontalController hpa = new HorizontalController(1, 10, HpaBehavior.defaults(), 5, Tolerances.DEFAULT);
    assertThat(hpa.sync(0, 0, 0, metric(1000))).isZero();
    assertThat(asked).hasValue(0);
  }

  @Test
  void outsideMinAndMaxItGoesStraightToTheBoundWithoutTheMetric() {
    HorizontalController hpa = new HorizontalController(2, 10, HpaBehavior.defaults(), 5, Tolerances.DEFAULT);
    assertThat(hpa.sync(0, 14, 14, metric(0))).isEqualTo(10);
    assertThat(hpa.sync(SYNC, 1, 1, metric(1000))).isEqualTo(2);
    assertThat(asked).hasValue(0);
  }

  @Test
  void averageValueTargetDividesTheMetricByTheTarget() {
    HorizontalController hpa = new HorizontalController(1, 100, HpaBehavior.defaults(), 10, Tolerances.DEFAULT);
    // 3 pods, 95 pending, target 10: ceil(9.5) = 10, limited by the default scale-up, the larger of +100 %
    // (6) and +4 pods (7).
    assertThat(hpa.sync(0, 3, 3, metric(95))).isEqualTo(7);
    assertThat(hpa.sync(SYNC, 7, 7, metric(95))).isEqualTo(10);
    // Within 10 % of the target per pod: no change.
    assertThat(hpa.sync(2 * SYNC, 10, 10, metric(105))).isEqualTo(10);
  }

  /** With behavior (the defaults), the scale-down waits out the 300 s window: entries strictly newer count. */
  @Test
  void defaultBehaviorScalesDownAfterExactly300Seconds() {
    HorizontalController hpa = new HorizontalController(1, 20, HpaBehavior.defaults(), 10, Tolerances.DEFAULT);
    assertThat(scaleDownAfterLoad(hpa)).isEqualTo(300_000);
  }

  /** Without behavior (KEDA's HPA when the ScaledObject names none) an entry exactly 300 s old still counts. */
  @Test
  void withoutBehaviorTheWindowEdgeIsInclusive() {
    HorizontalController hpa = new HorizontalController(1, 20, null, 10, Tolerances.DEFAULT);
    assertThat(scaleDownAfterLoad(hpa)).isEqualTo(315_000);
  }

  @Test
  void withoutBehaviorScaleUpIsAtMostDoublePerSync() {
    HorizontalController hpa = new HorizontalController(1, 100, null, 1, Tolerances.DEFAULT);
    assertThat(hpa.sync(0, 1, 1, metric(50))).isEqualTo(4);
    assertThat(hpa.sync(SYNC, 4, 4, metric(50))).isEqualTo(8);
    assertThat(hpa.sync(2 * SYNC, 8, 8, metric(50))).isEqualTo(16);
  }

  /** 10 replicas asked for at 0 s, nothing after: when the HPA goes down, to its minimum of 1 at once. */
  private long scaleDownAfterLoad(HorizontalController hpa) {
    assertThat(hpa.sync(0, 10, 10, metric(100))).isEqualTo(10);
    long t = 0;
    int replicas = 10;
    while (replicas == 10) {
      t += SYNC;
      replicas = hpa.sync(t, 10, 10, metric(0));
    }
    assertThat(replicas).isEqualTo(1);
    return t;
  }
}
