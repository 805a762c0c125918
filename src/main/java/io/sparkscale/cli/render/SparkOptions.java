package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.SparkPreset;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.render.SparkVersion;
import io.sparkscale.render.SpotPlacement;
import io.sparkscale.render.SpotPlacement.NodeProvisioner;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.render.VersionedSettings;
import io.sparkscale.render.Workload;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.units.InvalidInputException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Preset flags shared by sparkapplication and spark-conf; --cloud comes from the rightsize flags. */
public class SparkOptions {

  @Option(
      names = "--preset",
      defaultValue = "base",
      paramLabel = "base|cost-optimized",
      converter = Converters.PresetName.class,
      description = {
        "base: dynamic allocation with shuffle tracking. cost-optimized (needs --cloud): executors on spot "
            + "nodes with graceful decommissioning, the driver kept off spot. Default: ${DEFAULT-VALUE}."
      })
  SparkPreset preset;

  @Option(
      names = "--node-provisioner",
      paramLabel = "karpenter|eks-managed|gke|aks|cluster-autoscaler",
      converter = Converters.NodeProvisionerName.class,
      description = {
        "cost-optimized: what makes your nodes, which decides the spot label (default: karpenter on aws, gke "
            + "on gcp, aks on azure; cluster-autoscaler uses the cloud's node-group label)."
      })
  NodeProvisioner nodeProvisioner;

  @Option(
      names = "--spot",
      paramLabel = "prefer|only",
      converter = Converters.SpotModeName.class,
      description = {
        "cost-optimized: prefer (default) lets executors fall back to on-demand nodes when spot is short;",
        "only keeps them pending until spot capacity comes."
      })
  SpotMode spot;

  @Option(
      names = "--fallback-storage-path",
      paramLabel = "URI",
      description = "cost-optimized: where blocks go when no executor can take them, e.g. s3a://b/spark/.")
  String fallbackStoragePath;

  @Option(
      names = "--executor-grace-period",
      paramLabel = "SECONDS",
      description = "cost-optimized: executor termination grace period (default: 120 on aws, 30 on gcp/azure).")
  Integer gracePeriodSeconds;

  @Mixin SparkVersionOption sparkVersion;

  @Option(
      names = "--event-log-dir",
      paramLabel = "URI",
      description = "Turn event logs on, written here (e.g. s3a://b/spark-events/); compressed and rolling.")
  String eventLogDir;

  @Option(
      names = "--memory-bound",
      description = "Spark 4.2+: raise an executor's memory limit in place when its use nears it"
          + " (ExecutorResizePlugin; needs Kubernetes 1.33+, metrics-server and RBAC for pods/resize).")
  boolean memoryBound;

  @Option(
      names = "--long-running",
      description = "A Spark Connect server or streaming job: no ceiling on the executor pods it creates over its"
          + " life (spark.kubernetes.allocation.maximum is left unset).")
  boolean longRunning;

  SparkVersion sparkVersion() {
    return sparkVersion.version();
  }

  /**
   * What sizing needs (--data-size, a custom node's other half), and the cloud with the cost-optimized
   * preset, which places pods by the cloud's spot labels.
   */
  void require(Requirements requirements, RightsizeOptions sizing) {
    sizing.requireDataSize(requirements);
    sizing.require(requirements);
    if (preset == SparkPreset.COST_OPTIMIZED) {
      requirements.option("--cloud", sizing.cloud(), "with --preset cost-optimized");
    }
  }

  /** Sizes the plan from the rightsize flags and applies the preset; all input errors surface here. */
  SparkSettings settings(RightsizeOptions sizing) {
    return settings(sizing, false);
  }

  /** @param nonJvmApplication a Python or R main file: the plan's overheads use Spark's 0.4 factor */
  SparkSettings settings(RightsizeOptions sizing, boolean nonJvmApplication) {
    VersionedSettings.eventLogDir("--event-log-dir", eventLogDir);
    return presetSettings(sizing, nonJvmApplication)
        .forVersion(sparkVersion.version(), eventLogDir, new Workload(memoryBound, longRunning));
  }

  boolean costOptimized() {
    return preset == SparkPreset.COST_OPTIMIZED;
  }

  private SparkSettings presetSettings(RightsizeOptions sizing, boolean nonJvmApplication) {
    SpotPlacement.Choice choice = new SpotPlacement.Choice(nodeProvisioner, spot);
    if (!choice.isDefault() && preset != SparkPreset.COST_OPTIMIZED) {
      throw new InvalidInputException(
          (spot != null ? "--spot" : "--node-provisioner") + ": only applies with --preset cost-optimized");
    }
    // Executors fit Karpenter's estimate of the nodes when it is the provisioner (the default on aws).
    Boolean karpenter = choice.provisioner() == null ? null : choice.provisioner() == NodeProvisioner.KARPENTER;
    var plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes(), nonJvmApplication, karpenter));
    return SparkSettings.of(plan, preset, sizing.cloud(), choice, fallbackStoragePath, gracePeriodSeconds);
  }
}
