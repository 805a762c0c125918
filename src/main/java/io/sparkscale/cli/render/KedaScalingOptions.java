package io.sparkscale.cli.render;

import io.sparkscale.render.HpaBehavior;
import io.sparkscale.render.ScaledObjectSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How KEDA scales a ScaledObject once it has the count: polling interval, cooldown before scaling to zero,
 * the pace of scale-down, fallback replicas when the scaler fails. Every ScaledObject sparkscale writes scales
 * a long-running target (a Spark Connect server, standalone workers), so all take
 * {@link ScaledObjectSpec#longRunning}'s behaviour. Defaults are KEDA's own (ScaledObjectSpec). Shared by
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

  @Option(names = "--scale-down-period", paramLabel = "SECONDS",
      defaultValue = "" + ScaledObjectSpec.DEFAULT_SCALE_DOWN_PERIOD,
      description = "At most one replica removed per period, after as long a stable low, so servers holding"
          + " sessions and workers holding shuffle data go slowly (" + ScaledObjectSpec.MIN_SCALE_DOWN_PERIOD
          + " to " + HpaBehavior.MAX_PERIOD_SECONDS + "; default: ${DEFAULT-VALUE}).")
  int scaleDownPeriodSeconds;

  @Option(names = "--fallback-replicas", paramLabel = "N",
      description = "After 3 failed scaler calls in a row, at least N replicas and never fewer than are running"
          + " (default: none, the HPA keeps the replicas it has).")
  Integer fallbackReplicas;

  public int pollingIntervalSeconds() {
    return polling.seconds();
  }

  public int cooldownPeriodSeconds() {
    return cooldownPeriodSeconds;
  }

  public int scaleDownPeriodSeconds() {
    return scaleDownPeriodSeconds;
  }

  /** Null: no fallback section, KEDA keeps the replicas it has. */
  public Integer fallbackReplicas() {
    return fallbackReplicas;
  }
}
