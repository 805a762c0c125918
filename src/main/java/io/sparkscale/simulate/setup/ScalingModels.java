package io.sparkscale.simulate.setup;

import io.sparkscale.render.ScaledJobSpec;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manifests' model turned into what the simulator replays. Targets come from the scaler's own parser, so
 * an unset targetObjectCount is the scaler's default of 5 and an unset activation target its 0, exactly as
 * the running scaler would report them to KEDA.
 */
public final class ScalingModels {

  /** The trigger keys that decide the metric and its targets; where the bucket is does not matter here. */
  private static final List<String> TARGET_KEYS = List.of("bucket", "prefix", "metric", "targetObjectCount",
      "activationTargetObjectCount", "targetBytes", "activationTargetBytes");

  private ScalingModels() {}

  /**
   * @param idleReplicas KEDA's idleReplicaCount, or null when unset
   * @param useCachedMetrics the trigger's useCachedMetrics: the HPA reads KEDA's last poll
   */
  public static ScaledObjectModel of(ScaledObjectSpec spec, Integer idleReplicas, boolean useCachedMetrics) {
    TriggerSpec targets = targets(spec.trigger());
    // A behavior in the spec is copied into the HPA; none leaves the HPA on its older path (sim-core's model).
    return new ScaledObjectModel(spec.pollingIntervalSeconds(), spec.cooldownPeriodSeconds(), spec.minReplicas(),
        spec.maxReplicas(), idleReplicas, targets.metric(), targets.target(), targets.activationTarget(),
        spec.behavior(), spec.behavior() != null, useCachedMetrics);
  }

  /** @param claimsAtStart each Job claims its batch as its pod starts (`sparkscale claim`, issue 19) */
  public static ScaledJobModel of(ScaledJobSpec spec, boolean claimsAtStart) {
    TriggerSpec targets = targets(spec.trigger());
    return new ScaledJobModel(spec.pollingIntervalSeconds(), spec.maxReplicas(), targets.metric(), targets.target(),
        targets.activationTarget(), spec.scalingStrategy(), claimsAtStart);
  }

  static TriggerSpec targets(ScalerTrigger trigger) {
    Map<String, String> metadata = new LinkedHashMap<>();
    trigger.metadata().forEach((key, value) -> {
      if (TARGET_KEYS.contains(key)) {
        metadata.put(key, value);
      }
    });
    return new TriggerParser(ServerDefaults.aws()).parse(metadata);
  }
}
