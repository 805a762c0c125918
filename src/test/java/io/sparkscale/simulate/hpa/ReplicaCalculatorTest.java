package io.sparkscale.simulate.hpa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Vectors from kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go, the external
 * per-pod (AverageValue) cases; levels and targets are milli-values there as here.
 */
class ReplicaCalculatorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // test name, statusReplicas, usage, per-pod target, scale-down tolerance, scale-up tolerance, expected
    "TestReplicaCalcScaleUpPerPodCMExternal, 3, 8600, 2150, 0.1, 0.1, 4",
    "TestReplicaCalcScaleDownPerPodCMExternal, 5, 8600, 2867, 0.1, 0.1, 3",
    "TestReplicaCalcTolerancePerPodCMExternal, 3, 8600, 2900, 0.1, 0.1, 3",
    "TestReplicaCalcConfigurableTolerancePerPodCMExternal, 3, 8600, 2800, 0.1, 0.01, 4",
  })
  void kubernetesExternalPerPodVectors(String test, int statusReplicas, long usage, long target, double down,
      double up, int expected) {
    assertThat(ReplicaCalculator.externalPerPodReplicas(statusReplicas, usage, target, new Tolerances(down, up)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} status replicas, usage {1}")
  @CsvSource({
    // Zero pods: the ratio is infinite (or NaN for no usage), never within the tolerance.
    "0, 5000, 5",
    "0, 0, 0",
    // Within 10 %: the status replicas stay, whatever the exact quotient.
    "10, 10900, 10",
    "10, 9100, 10",
    // Just outside: the quotient, rounded up.
    "10, 11100, 12",
    "10, 8900, 9",
  })
  void usageRatioAgainstStatusReplicas(int statusReplicas, long usageMilli, int expected) {
    assertThat(ReplicaCalculator.externalPerPodReplicas(statusReplicas, usageMilli, 1000, Tolerances.DEFAULT))
        .isEqualTo(expected);
  }
}
