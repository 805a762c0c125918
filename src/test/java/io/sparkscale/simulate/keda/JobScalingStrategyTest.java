package io.sparkscale.simulate.keda;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.render.ScaledJobStrategy.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vectors from kedacore/keda pkg/scaling/executor/scale_jobs_test.go: GetEffectiveMaxScale(maxScale,
 * runningJobCount, pendingJobCount, maxReplicaCount, scaleTo).
 */
class JobScalingStrategyTest {

  private static long effective(JobScalingStrategy s, long maxScale, long running, long pending, long max) {
    return s.effectiveMaxScale(maxScale, running, pending, max, 1).effectiveMaxScale();
  }

  private static JobScalingStrategy custom(Integer deduction, Double percentage) {
    return new JobScalingStrategy(new ScaledJobStrategy(Kind.CUSTOM, deduction, percentage, List.of()));
  }

  @Test
  void testDefaultScalingStrategy() {
    JobScalingStrategy s = new JobScalingStrategy(ScaledJobStrategy.of(Kind.DEFAULT));
    assertThat(effective(s, 3, 2, 0, 5)).isEqualTo(1);
    assertThat(effective(s, 2, 0, 0, 5)).isEqualTo(2);
  }

  @Test
  void testCustomScalingStrategy() {
    JobScalingStrategy s = custom(1, 0.5);
    assertThat(effective(s, 3, 2, 0, 5)).isEqualTo(1);
    assertThat(effective(s, 10, 0, 0, 10)).isEqualTo(9);
    // Without the two parameters it behaves as the default strategy.
    JobScalingStrategy none = custom(null, null);
    assertThat(none.kind()).isEqualTo(Kind.DEFAULT);
    assertThat(effective(none, 3, 2, 0, 5)).isEqualTo(1);
    assertThat(effective(none, 2, 0, 0, 5)).isEqualTo(2);
    // An unparseable (here: unset) percentage makes it the default strategy even with a deduction.
    assertThat(custom(1, null).kind()).isEqualTo(Kind.DEFAULT);
    assertThat(effective(custom(2, 0.0), 3, 2, 0, 5)).isEqualTo(1);
    // Exceeding maxReplicaCount is capped by it.
    assertThat(effective(custom(-2, 0.0), 3, 2, 0, 4)).isEqualTo(4);
  }

  @Test
  void testCustomScalingStrategyNilQueueLengthDeduction() {
    JobScalingStrategy s = custom(null, 0.5);
    assertThat(s.kind()).isEqualTo(Kind.CUSTOM);
    assertThat(effective(s, 10, 2, 0, 100)).isEqualTo(9);
    assertThat(effective(s, 10, 0, 0, 100)).isEqualTo(10);
  }

  @ParameterizedTest(name = "accurate({0}, {1}, {2}, {3}) = {4}")
  @CsvSource({
    "3, 2, 0, 5, 3",
    "5, 2, 0, 5, 3",
    "3, 4, 2, 10, 1",
    "5, 4, 2, 5, 1",
    "3, 3, 3, 5, 0",
    "15, 15, 15, 20, 0",
    "10, 10, 10, 15, 0",
    "20, 15, 10, 20, 5",
  })
  void testAccurateScalingStrategy(long maxScale, long running, long pending, long max, long expected) {
    JobScalingStrategy s = new JobScalingStrategy(ScaledJobStrategy.of(Kind.ACCURATE));
    assertThat(effective(s, maxScale, running, pending, max)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "eager({0}, {1}, {2}, {3}) = {4}, scaleTo {5}")
  @CsvSource({
    "4, 3, 0, 10, 4, 10",
    "4, 0, 3, 10, 4, 10",
    "4, 7, 0, 10, 3, 10",
    "4, 1, 6, 10, 3, 10",
    "15, 0, 0, 10, 10, 10",
  })
  void testEagerScalingStrategy(long maxScale, long running, long pending, long max, long expected, long scaleTo) {
    JobScalingStrategy s = new JobScalingStrategy(ScaledJobStrategy.of(Kind.EAGER));
    JobScalingStrategy.Decision d = s.effectiveMaxScale(maxScale, running, pending, max, 1);
    assertThat(d.effectiveMaxScale()).isEqualTo(expected);
    assertThat(d.scaleTo()).isEqualTo(scaleTo);
  }

  /** createJobs: min(scaleTo, effective max), nothing when inactive or at 0 or less. */
  @Test
  void executorTurnsTheCountIntoJobs() {
    ScaledJobExecutor keda = new ScaledJobExecutor(10, 20, ScaledJobStrategy.of(Kind.DEFAULT));
    // 95 pending, target 10: maxScale = ceil(9.5) = 10; 3 running -> 7 new Jobs.
    assertThat(keda.jobsToCreate(95, true, 3, 0)).isEqualTo(7);
    assertThat(keda.jobsToCreate(95, false, 3, 0)).isZero();
    // maxScale is capped at maxReplicaCount: 1,000 pending ask for 20 at most.
    assertThat(keda.jobsToCreate(1000, true, 0, 0)).isEqualTo(20);
    // scaleTo = ceil(queueLength) caps it too: 3 objects with a target of 1 ask for 3 Jobs.
    ScaledJobExecutor small = new ScaledJobExecutor(1, 20, ScaledJobStrategy.of(Kind.EAGER));
    assertThat(small.jobsToCreate(3, true, 0, 0)).isEqualTo(3);
    assertThat(keda.jobsToCreate(50, true, 30, 0)).isZero();
  }
}
