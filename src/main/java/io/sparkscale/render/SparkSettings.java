package io.sparkscale.render;

import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A sizing plan with a preset applied: the Spark configuration to run with, and for cost-optimized, where
 * executors and the driver go.
 *
 * @param placement null for the base preset
 * @param executorGracePeriodSeconds null for the base preset
 */
public record SparkSettings(
    SizingPlan plan,
    SparkPreset preset,
    SortedMap<String, String> sparkConf,
    SpotPlacement placement,
    Integer executorGracePeriodSeconds) {

  /**
   * @param cloud required for cost-optimized (spot labels differ per cloud)
   * @param spot the node provisioner and spot mode (cost-optimized only); null for the defaults
   * @param fallbackStoragePath where blocks go when no executor can take them, e.g. s3a://bucket/spark/; null
   *     for none
   * @param gracePeriodSeconds null for the cloud's default
   */
  public static SparkSettings of(
      SizingPlan plan,
      SparkPreset preset,
      Cloud cloud,
      SpotPlacement.Choice spot,
      String fallbackStoragePath,
      Integer gracePeriodSeconds) {
    SortedMap<String, String> conf = new TreeMap<>(plan.sparkConf());
    if (preset == SparkPreset.BASE) {
      refuseForBase("--fallback-storage-path", fallbackStoragePath);
      refuseForBase("--executor-grace-period", gracePeriodSeconds);
      return new SparkSettings(plan, preset, Collections.unmodifiableSortedMap(conf), null, null);
    }
    if (cloud == null) {
      throw new InvalidInputException(
          "--cloud: required with --preset cost-optimized (spot nodes are labelled per cloud); use aws, gcp"
              + " or azure");
    }
    // Executors may come and go with spot capacity: none are kept when idle...
    conf.put("spark.dynamicAllocation.minExecutors", "0");
    // ...and a reclaimed executor hands its shuffle and cached blocks to the others before it goes.
    conf.put("spark.decommission.enabled", "true");
    conf.put("spark.storage.decommission.enabled", "true");
    conf.put("spark.storage.decommission.shuffleBlocks.enabled", "true");
    conf.put("spark.storage.decommission.rddBlocks.enabled", "true");
    if (fallbackStoragePath != null) {
      if (!fallbackStoragePath.matches("[a-zA-Z][a-zA-Z0-9+.-]*://\\S+/")) {
        throw InvalidInputException.badValue(
            "--fallback-storage-path", fallbackStoragePath,
            "use a URI ending with '/', e.g. s3a://bucket/spark-fallback/ (Spark requires the slash)");
      }
      conf.put("spark.storage.decommission.fallbackStorage.path", fallbackStoragePath);
    }
    int grace = gracePeriodSeconds == null ? SpotPlacement.defaultGracePeriodSeconds(cloud) : gracePeriodSeconds;
    if (grace < 1 || grace > 3600) {
      throw InvalidInputException.badValue(
          "--executor-grace-period", Integer.toString(grace), "use seconds from 1 to 3600, e.g. 120");
    }
    SpotPlacement placement = SpotPlacement.of(cloud, spot == null ? SpotPlacement.Choice.DEFAULTS : spot);
    return new SparkSettings(plan, preset, Collections.unmodifiableSortedMap(conf), placement, grace);
  }

  /** These settings for one Spark release, for a batch job. */
  public SparkSettings forVersion(SparkVersion version, String eventLogDir) {
    return forVersion(version, eventLogDir, Workload.BATCH);
  }

  /** These settings for one Spark release and workload: the version-gated keys of {@link VersionedSettings}. */
  public SparkSettings forVersion(SparkVersion version, String eventLogDir, Workload workload) {
    workload.requireSupportedBy(version);
    SortedMap<String, String> conf = new TreeMap<>(sparkConf);
    conf.putAll(VersionedSettings.forApplication(this, version, eventLogDir, workload));
    return new SparkSettings(plan, preset, Collections.unmodifiableSortedMap(conf), placement, executorGracePeriodSeconds);
  }

  private static void refuseForBase(String option, Object value) {
    if (value != null) {
      throw new InvalidInputException(option + ": only applies with --preset cost-optimized");
    }
  }
}
