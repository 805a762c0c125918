package io.sparkscale.simulate;

import io.sparkscale.trigger.TriggerSpec.Metric;

/** What KEDA is told: a ScaledObject (KEDA + HPA) or a ScaledJob (KEDA's job executor). */
public sealed interface Scaling permits ScaledObjectModel, ScaledJobModel {

  int pollingIntervalSeconds();

  /** What the trigger reports: pending objects or pending bytes. */
  Metric metric();

  /** The trigger's per-replica target (targetObjectCount or targetBytes). */
  long target();

  /** Active when the reported value is strictly above this. */
  long activationTarget();
}
