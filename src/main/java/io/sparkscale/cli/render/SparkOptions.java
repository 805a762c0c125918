package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.render.SparkPreset;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.render.SparkVersion;
import io.sparkscale.render.SpotPlacement;
import io.sparkscale.render.SpotPlacement.NodeProvisioner;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.render.VersionedSettings;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.units.InvalidInputException;
import picocli.CommandLine.Option;

/** Preset flags shared by sparkapplication and spark-conf; --cloud comes from the rightsize flags. */
public class SparkOptions {

  @Option(
      names = "--preset",
      defaultValue = "base",
      paramLabel = "base|cost-optimized",
      description = {
        "base: dynamic allocation with shuffle tracking. cost-optimized (needs --cloud): executors on spot",
        "nodes with graceful decommissioning, the driver kept off spot. Default: ${DEFAULT-VALUE}."
      })
  String preset;

  @Option(
      names = "--node-provisioner",
      paramLabel = "karpenter|eks-managed|gke|aks|cluster-autoscaler",
      description = {
        "cost-optimized: what makes your nodes, which decides the spot label (default: karpenter on aws, gke",
        "on gcp, aks on azure; cluster-autoscaler uses the cloud's node-group label)."
      })
  String nodeProvisioner;

  @Option(
      names = "--spot",
      paramLabel = "prefer|only",
      description = {
        "cost-optimized: prefer (default) lets executors fall back to on-demand nodes when spot is short;",
        "only keeps them pending until spot capacity comes."
      })
  String spot;

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

  @Option(
      names = "--spark-version",
      defaultValue = SparkVersion.DEFAULT,
      paramLabel = "X.Y.Z",
      description = "Spark release: decides which settings are written (default: ${DEFAULT-VALUE}).")
  String sparkVersion;

  @Option(
      names = "--event-log-dir",
      paramLabel = "URI",
      description = "Turn event logs on, written here (e.g. s3a://b/spark-events/); compressed and rolling.")
  String eventLogDir;

  SparkVersion sparkVersion() {
    return SparkVersion.parse("--spark-version", sparkVersion);
  }

  /** Sizes the plan from the rightsize flags and applies the preset; all input errors surface here. */
  SparkSettings settings(RightsizeOptions sizing) {
    return settings(sizing, false);
  }

  /** @param nonJvmApplication a Python or R main file: the plan's overheads use Spark's 0.4 factor */
  SparkSettings settings(RightsizeOptions sizing, boolean nonJvmApplication) {
    SparkVersion version = sparkVersion();
    VersionedSettings.eventLogDir("--event-log-dir", eventLogDir);
    return presetSettings(sizing, nonJvmApplication).forVersion(version, eventLogDir);
  }

  private SparkSettings presetSettings(RightsizeOptions sizing, boolean nonJvmApplication) {
    SparkPreset chosen = SparkPreset.parse("--preset", preset);
    SpotPlacement.Choice choice =
        new SpotPlacement.Choice(
            nodeProvisioner == null ? null : NodeProvisioner.parse("--node-provisioner", nodeProvisioner),
            spot == null ? null : SpotMode.parse("--spot", spot));
    if (!choice.isDefault() && chosen != SparkPreset.COST_OPTIMIZED) {
      throw new InvalidInputException(
          (spot != null ? "--spot" : "--node-provisioner") + ": only applies with --preset cost-optimized");
    }
    // Executors fit Karpenter's estimate of the nodes when it is the provisioner (the default on aws).
    Boolean karpenter = choice.provisioner() == null ? null : choice.provisioner() == NodeProvisioner.KARPENTER;
    var plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes(), nonJvmApplication, karpenter));
    return SparkSettings.of(plan, chosen, sizing.cloud(), choice, fallbackStoragePath, gracePeriodSeconds);
  }
}
