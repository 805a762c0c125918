package io.sparkscale.simulate.hpa;

/**
 * The HPA's replica count for an External metric with an AverageValue target, which is what KEDA writes
 * for every ScaledObject trigger (kedacore/keda controllers/keda/hpa.go, getScaledObjectMetricSpecs).
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator.go,
 * {@code GetExternalPerPodMetricReplicas}: the metric's values are summed (KEDA sends one), the usage ratio is
 * {@code usage / (target * statusReplicas)}, and only outside the tolerance does the count become
 * {@code ceil(usage / target)}. The divisor is the scale target's {@code status.replicas}: every pod that exists,
 * ready or not (horizontal.go, computeStatusForExternalMetric passes statusReplicas).
 */
public final class ReplicaCalculator {

  private ReplicaCalculator() {}

  /**
   * @param statusReplicas pods of the scale target (status.replicas)
   * @param usageMilli the metric value in milli-units (KEDA's GenerateMetricInMili)
   * @param targetPerPodMilli the AverageValue target in milli-units
   */
  public static int externalPerPodReplicas(
      int statusReplicas, long usageMilli, long targetPerPodMilli, Tolerances tolerances) {
    if (targetPerPodMilli <= 0) {
      throw new IllegalArgumentException("the AverageValue target must be above 0");
    }
    int replicaCount = statusReplicas;
    double usageRatio = (double) usageMilli / ((double) targetPerPodMilli * (double) replicaCount);
    if (!tolerances.isWithin(usageRatio)) {
      double wanted = Math.ceil((double) usageMilli / (double) targetPerPodMilli);
      replicaCount = wanted >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) wanted;
    }
    return replicaCount;
  }
}
