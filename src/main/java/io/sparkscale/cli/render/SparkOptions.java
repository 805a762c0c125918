package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.render.SparkPreset;
import io.sparkscale.render.SparkSettings;
import io.sparkscale.render.SparkVersion;
import io.sparkscale.render.VersionedSettings;
import io.sparkscale.render.SpotPlacement.AwsCapacityLabel;
import io.sparkscale.sizing.Cloud;
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
      names = "--aws-capacity-label",
      paramLabel = "karpenter|eks",
      description = "AWS spot label: karpenter.sh/capacity-type (default) or eks.amazonaws.com/capacityType.")
  AwsCapacityLabel awsLabel;

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
    SparkVersion version = sparkVersion();
    VersionedSettings.eventLogDir("--event-log-dir", eventLogDir);
    return presetSettings(sizing).forVersion(version, eventLogDir);
  }

  private SparkSettings presetSettings(RightsizeOptions sizing) {
    SparkPreset chosen = SparkPreset.parse("--preset", preset);
    if (awsLabel != null && (chosen != SparkPreset.COST_OPTIMIZED || sizing.cloud() != Cloud.AWS)) {
      throw new InvalidInputException(
          "--aws-capacity-label: only applies with --preset cost-optimized --cloud aws");
    }
    var plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes()));
    return SparkSettings.of(plan, chosen, sizing.cloud(), awsLabel, fallbackStoragePath, gracePeriodSeconds);
  }
}
