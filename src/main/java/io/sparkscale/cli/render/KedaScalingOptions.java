package io.sparkscale.cli.render;

import io.sparkscale.render.ScaledObjectSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How KEDA scales a ScaledObject once it has the count: polling interval, cooldown before scaling to zero,
 * fallback replicas when the scaler fails. Defaults are KEDA's own (ScaledObjectSpec). Shared by
 * scaledobject, sparkcluster and keda-sidecar; the replica range is {@link ReplicaRangeOptions} (sparkcluster
 * counts workers instead). A ScaledJob polls too but has neither cooldown nor fallback, so it takes
 * {@link PollingIntervalOption} alone.
 */
public class KedaScalingOptions {

  @Mixin PollingIntervalOption polling;

  @Option(names = "--cooldown-period", paramLabel = "SECONDS",
      defaultValue = "" + ScaledObjectSpec.DEFAULT_COOLDOWN_PERIOD,
      description = "Idle time before scaling to zero (default: ${DEFAULT-VALUE}).")
  int cooldownPeriodSeconds;

  @Option(names = "--fallback-replicas", paramLabel = "N",
      description = "Replicas to hold after 3 failed scaler calls in a row (default: keep the replicas).")
  Integer fallbackReplicas;

  public int pollingIntervalSeconds() {
    return polling.seconds();
  }

  public int cooldownPeriodSeconds() {
    return cooldownPeriodSeconds;
  }

  /** Null: no fallback section, KEDA keeps the replicas it has. */
  public Integer fallbackReplicas() {
    return fallbackReplicas;
  }
}
