package io.sparkscale.simulate.hpa;

import io.sparkscale.render.HpaBehavior;
import java.util.function.LongSupplier;

/**
 * One HorizontalPodAutoscaler with a single External metric and an AverageValue target, as KEDA creates it
 * for a ScaledObject, reconciled once per sync.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go, {@code reconcileAutoscaler}:
 * record the current replicas as the first recommendation; with no replicas and minReplicas above 0 the HPA
 * does nothing ("ScalingDisabled", which is how KEDA's scale to zero coexists with it); above max or below min
 * it goes straight to the bound; otherwise the metric's proposal is normalized, with {@code behavior}
 * (normalizeDesiredReplicasWithBehaviors: stabilize, then rate policies) or without it (normalizeDesiredReplicas:
 * the 5-minute downscale stabilization, then convertDesiredReplicasWithRules). Every rescale is stored as a
 * scale event when a behavior is set (storeScaleEvent). The controller reconciles each HPA every sync period,
 * 15 s by default ({@code --horizontal-pod-autoscaler-sync-period}).
 */
public final class HorizontalController {

  public static final long SYNC_PERIOD_MILLIS = 15_000;
  /** --horizontal-pod-autoscaler-downscale-stabilization, used when the HPA has no behavior. */
  public static final long DOWNSCALE_STABILIZATION_MILLIS = 300_000;

  private final int minReplicas;
  private final int maxReplicas;
  private final HpaBehavior behavior;
  private final long targetMilli;
  private final Tolerances tolerances;
  private final Recommendations recommendations = new Recommendations();
  private final ScaleEvents scaleUpEvents = new ScaleEvents();
  private final ScaleEvents scaleDownEvents = new ScaleEvents();

  /**
   * @param behavior the HPA's spec.behavior, or null when the HPA has none
   * @param targetPerPod the AverageValue target (the trigger's target) in the metric's units
   */
  public HorizontalController(int minReplicas, int maxReplicas, HpaBehavior behavior, long targetPerPod,
      Tolerances tolerances) {
    if (targetPerPod <= 0) {
      throw new IllegalArgumentException("the HPA's AverageValue target must be above 0, got " + targetPerPod);
    }
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
    this.behavior = behavior;
    this.targetMilli = Math.multiplyExact(targetPerPod, 1000L);
    this.tolerances = tolerances;
  }

  /**
   * One reconcile.
   *
   * @param currentReplicas the scale target's spec.replicas
   * @param statusReplicas its status.replicas (pods that exist, ready or not)
   * @param metricValue asked only when the metric is needed: the external metric's value now
   * @return the replicas the HPA sets (the current ones when it does not rescale)
   */
  public int sync(long now, int currentReplicas, int statusReplicas, LongSupplier metricValue) {
    recommendations.recordInitial(currentReplicas, now);
    int desired;
    if (currentReplicas == 0 && minReplicas != 0) {
      return currentReplicas;
    } else if (currentReplicas > maxReplicas) {
      desired = maxReplicas;
    } else if (currentReplicas < minReplicas) {
      desired = minReplicas;
    } else {
      long usageMilli = Math.multiplyExact(metricValue.getAsLong(), 1000L);
      int proposal = ReplicaCalculator.externalPerPodReplicas(statusReplicas, usageMilli, targetMilli, tolerances);
      desired = Math.max(proposal, 0);
      desired = behavior == null
          ? normalizeWithoutBehavior(now, currentReplicas, desired)
          : normalizeWithBehavior(now, currentReplicas, desired);
    }
    if (desired != currentReplicas) {
      storeScaleEvent(now, currentReplicas, desired);
    }
    return desired;
  }

  private int normalizeWithBehavior(long now, int current, int prenormalized) {
    int stabilized = recommendations.stabilizeWithBehaviors(now, current, prenormalized,
        behavior.scaleUp().stabilizationWindowSeconds(), behavior.scaleDown().stabilizationWindowSeconds());
    return ScaleLimits.withBehavior(current, stabilized, minReplicas, maxReplicas, behavior.scaleUp(),
        behavior.scaleDown(), scaleUpEvents, scaleDownEvents, now).replicas();
  }

  private int normalizeWithoutBehavior(long now, int current, int prenormalized) {
    int stabilized = recommendations.stabilizeWithoutBehavior(now, prenormalized, DOWNSCALE_STABILIZATION_MILLIS);
    return ScaleLimits.withoutBehavior(current, stabilized, minReplicas, maxReplicas).replicas();
  }

  private void storeScaleEvent(long now, int previous, int next) {
    if (behavior == null) {
      return;
    }
    if (next > previous) {
      scaleUpEvents.store(next - previous, now, ScaleLimits.longestPeriodSeconds(behavior.scaleUp()));
    } else {
      scaleDownEvents.store(previous - next, now, ScaleLimits.longestPeriodSeconds(behavior.scaleDown()));
    }
  }
}
