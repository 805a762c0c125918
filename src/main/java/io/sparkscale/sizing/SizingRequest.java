package io.sparkscale.sizing;

import io.sparkscale.units.InvalidInputException;

/**
 * Everything a plan is computed from, validated once where it is built.
 *
 * @param executorHeapMiB null: the preset's heap, or fitted to the node when one is given
 * @param executorCores null: the preset's cores
 * @param node null: size executors without packing them onto nodes
 * @param maxNodes, maxExecutors, initialExecutors, budgetPerHour null when not capped
 */
public record SizingRequest(
    long dataBytes,
    ExecutorPreset preset,
    Integer executorCores,
    Long executorHeapMiB,
    ExecutorMemory memory,
    NodeSpec node,
    Integer maxNodes,
    Integer maxExecutors,
    Integer initialExecutors,
    Double budgetPerHour,
    double spotDiscount,
    long maxPartitionBytes,
    double shuffleRatio) {

  public static final long DEFAULT_MAX_PARTITION_BYTES = 128L * 1024 * 1024;
  public static final double DEFAULT_SPOT_DISCOUNT = 0.65;
  public static final double DEFAULT_SHUFFLE_RATIO = 1.0;

  public SizingRequest {
    require(dataBytes > 0, "--data-size: must be greater than zero");
    require(preset != null, "--executor-preset: use small, medium, large or xlarge");
    require(executorCores == null || executorCores > 0, "--executor-cores: use a whole number of 1 or more");
    require(executorHeapMiB == null || executorHeapMiB > 0, "--executor-memory: must be greater than zero");
    require(memory.overheadFactor() >= 0 && memory.overheadFactor() <= 1,
        "--memory-overhead-factor: '" + memory.overheadFactor() + "' is out of range; use 0 to 1, e.g. 0.1");
    require(memory.minOverheadMiB() > 0, "--min-memory-overhead: must be greater than zero");
    require(maxNodes == null || maxNodes > 0, "--max-nodes: use a whole number of 1 or more");
    require(maxExecutors == null || maxExecutors > 0, "--max-executors: use a whole number of 1 or more");
    require(initialExecutors == null || initialExecutors >= 0,
        "--initial-executors: use a whole number of 0 or more");
    require(budgetPerHour == null || budgetPerHour > 0, "--budget-per-hour: use an amount in USD above 0");
    require(spotDiscount >= 0 && spotDiscount < 1,
        "--spot-discount: '" + spotDiscount + "' is out of range; use a fraction from 0 to below 1, e.g. 0.65");
    require(maxPartitionBytes > 0, "--max-partition-bytes: must be greater than zero");
    require(shuffleRatio > 0 && Double.isFinite(shuffleRatio),
        "--shuffle-ratio: use a positive number, e.g. 1.0 (shuffle bytes per input byte)");
  }

  public int cores() {
    return executorCores != null ? executorCores : preset.cores();
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidInputException(message);
    }
  }
}
