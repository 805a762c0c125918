package io.sparkscale.render;

import io.sparkscale.units.InvalidInputException;

/**
 * What kind of application the settings are for, beyond its size and placement.
 *
 * @param memoryBound executors whose memory use grows past their limit (large Python workers, native or
 *     off-heap buffers): Spark 4.2's ExecutorResizePlugin raises the limit in place instead of letting the
 *     kernel kill the executor
 * @param longRunning a Spark Connect server or a streaming query: no end, so no ceiling on the executor pods
 *     it may create over its life
 */
public record Workload(boolean memoryBound, boolean longRunning) {

  /** A batch job with no special memory needs: what the settings assume unless told. */
  public static final Workload BATCH = new Workload(false, false);

  /** Refuses what the release cannot do, naming the flag: the resize plugin came with Spark 4.2.0. */
  void requireSupportedBy(SparkVersion version) {
    if (memoryBound && !version.atLeast(VersionedSettings.V4_2)) {
      throw new InvalidInputException("--memory-bound: needs --spark-version 4.2.0 or later (ExecutorResizePlugin"
          + " came in Spark 4.2.0); " + version + " has no in-place executor resize");
    }
  }
}
