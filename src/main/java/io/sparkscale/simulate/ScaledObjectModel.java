package io.sparkscale.simulate;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.util.Objects;

/**
 * A ScaledObject as KEDA and the HPA it creates act on it.
 *
 * @param idleReplicas KEDA's idleReplicaCount (replicas while inactive), or null when unset
 * @param behavior the HPA behavior with Kubernetes' defaults filled in
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
    HpaBehavior behavior)
    implements Scaling {

  public ScaledObjectModel {
    Objects.requireNonNull(metric, "metric");
    behavior = behavior == null ? HpaBehavior.defaults() : behavior;
  }
}
