package io.sparkscale.simulate.keda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RequestScale of kedacore/keda pkg/scaling/executor/scale_scaledobjects.go. */
class ScaledObjectExecutorTest {

  /**
   * Vectors from kedacore/keda pkg/scaling/executor/scale_scaledobjects_test.go (no LastActiveTime yet, so the
   * initial cooldown of 0 s applies). An empty idle cell is an unset idleReplicaCount.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "TestScaleToMinReplicasWhenNotActive, 0, , 10, false, 0",
    "TestScaleToMinReplicasFromLowerInitialReplicaCount, 5, , 1, false, 5",
    "TestScaleFromMinReplicasWhenActive, 0, , 0, true, 1",
    "TestScaleToIdleReplicasWhenNotActive, 5, 0, 10, false, 0",
    "TestScaleFromIdleToMinReplicasWhenActive, 5, 0, 0, true, 5",
  })
  void kedaVectors(String test, int min, Integer idle, int current, boolean active, int expected) {
    ScaledObjectExecutor keda = new ScaledObjectExecutor(min, idle, 300, 0);
    assertThat(keda.requestScale(1000, current, active)).isEqualTo(expected);
  }

  @Test
  void cooldownCountsFromTheLastActivePollAndOnlyGuardsTheLastReplica() {
    ScaledObjectExecutor keda = new ScaledObjectExecutor(0, null, 300, 0);
    assertThat(keda.requestScale(0, 0, true)).isEqualTo(1);
    assertThat(keda.requestScale(30_000, 7, true)).isEqualTo(ScaledObjectExecutor.NO_CHANGE);
    assertThat(keda.lastActiveTime()).isEqualTo(30_000);
    // Inactive: nothing until lastActive + 300 s has passed (strictly), then straight to 0 from any count.
    assertThat(keda.requestScale(60_000, 7, false)).isEqualTo(ScaledObjectExecutor.NO_CHANGE);
    assertThat(keda.requestScale(330_000, 7, false)).isEqualTo(ScaledObjectExecutor.NO_CHANGE);
    assertThat(keda.requestScale(330_001, 7, false)).isZero();
  }

  @Test
  void withMinReplicasAboveZeroKedaLeavesScaleDownToTheHpa() {
    ScaledObjectExecutor keda = new ScaledObjectExecutor(2, null, 300, 0);
    assertThat(keda.requestScale(1_000_000, 9, false)).isEqualTo(ScaledObjectExecutor.NO_CHANGE);
    assertThat(keda.requestScale(1_000_000, 1, false)).isEqualTo(2);
  }
}
