package io.sparkscale.simulate;

import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.trigger.TriggerSpec.Metric;
import java.util.Objects;

/**
 * A ScaledJob as KEDA's job executor acts on it: each Job takes one batch of up to {@code target} of the
 * pending work, processes it and ends.
 *
 * @param claimsAtStart true when each Job claims its batch as its pod starts (`sparkscale claim` as init
 *     container), so the scaler stops counting it then; false when the batch stays counted until the Job ends
 */
public record ScaledJobModel(
    int pollingIntervalSeconds,
    int maxReplicas,
    Metric metric,
    long target,
    long activationTarget,
    ScaledJobStrategy strategy,
    boolean claimsAtStart)
    implements Scaling {

  public ScaledJobModel {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(strategy, "strategy");
  }
}
