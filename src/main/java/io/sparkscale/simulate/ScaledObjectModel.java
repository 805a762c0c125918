package io.sparkscale.simulate;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.util.Objects;

/**
 * A ScaledObject as KEDA and the HPA it creates act on it.
 *
 * @param idleReplicas KEDA's idleReplicaCount (replicas while inactive), or null when unset
 * @param behavior the HPA behavior with Kubernetes' defaults filled in
 * @param behaviorInSpec true when the ScaledObject names a behavior
 *     ({@code advanced.horizontalPodAutoscalerConfig.behavior}): KEDA copies it into the HPA. Without one the
 *     HPA has no behavior and takes its older path (a 5-minute downscale stabilization over the highest recent
 *     recommendation, scale-up limited to max(2 x current, 4) per sync), which is close to the defaults but not
 *     the same at the window edges.
 * @param useCachedMetrics the trigger's {@code useCachedMetrics}: the HPA is answered from KEDA's last poll
 *     instead of asking the scaler at the HPA's own pace
 */
public record ScaledObjectModel(
    int pollingIntervalSeconds,
    int cooldownPeriodSeconds,
    int minReplicas,
    int maxReplicas,
    Integer idleReplicas,
    Metric metric,
    long target,
    long activationTarget,
    HpaBehavior behavior,
    boolean behaviorInSpec,
    boolean useCachedMetrics)
    implements Scaling {

  public ScaledObjectModel {
    Objects.requireNonNull(metric, "metric");
    behavior = behavior == null ? HpaBehavior.defaults() : behavior;
  }

  /**
   * The contract's constructor: a null behavior means the ScaledObject names none (the HPA gets none), a
   * non-null one that it names this one; metrics are not cached.
   */
  public ScaledObjectModel(int pollingIntervalSeconds, int cooldownPeriodSeconds, int minReplicas,
      int maxReplicas, Integer idleReplicas, Metric metric, long target, long activationTarget,
      HpaBehavior behavior) {
    this(pollingIntervalSeconds, cooldownPeriodSeconds, minReplicas, maxReplicas, idleReplicas, metric, target,
        activationTarget, behavior, behavior != null, false);
  }

  /** The replicas the target rests at while inactive: idleReplicaCount when set, else minReplicaCount. */
  public int floorReplicas() {
    return idleReplicas != null ? idleReplicas : minReplicas;
  }
}
