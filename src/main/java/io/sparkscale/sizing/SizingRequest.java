package io.sparkscale.sizing;

import io.sparkscale.units.InvalidInputException;

/**
 * Everything a plan is computed from, validated once where it is built.
 *
 * @param executorHeapMiB null: the preset's heap, or fitted to the node when one is given
 * @param executorCores null: the preset's cores
 * @param node null: size executors without packing them onto nodes
 * @param maxNodes, maxExecutors null: the default ceilings ({@link #DEFAULT_MAX_NODES}, {@link
 *     #DEFAULT_MAX_EXECUTORS}); given, they replace them, above or below
 * @param initialExecutors, budgetPerHour null when not set
 * @param waves how many rounds of tasks the input stage may take at maxExecutors
 * @param driverCores, driverHeapMiB null: sized from the executor count ({@link DriverSize})
 * @param maxPartitionBytes null: {@link #DEFAULT_MAX_PARTITION_BYTES}, raised at scale to bound the shuffle's
 *     blocks ({@link ShufflePartitioning}); given, it is kept as it is
 * @param headroom share of the memory a node leaves for executors that the packing keeps unrequested
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
    Long maxPartitionBytes,
    double shuffleRatio,
    int waves,
    Integer driverCores,
    Long driverHeapMiB,
    double headroom) {

  public static final long DEFAULT_MAX_PARTITION_BYTES = 128L * 1024 * 1024;
  public static final double DEFAULT_SPOT_DISCOUNT = 0.65;
  public static final double DEFAULT_SHUFFLE_RATIO = 1.0;
  /** Each executor core runs about four input tasks in turn: fewer pods, still a short first stage. */
  public static final int DEFAULT_WAVES = 4;
  public static final int MAX_WAVES = 1000;
  /**
   * 3 % of the memory a node leaves for executors stays unrequested: room for DaemonSets larger than
   * --daemonset-memory or added later, and for kubelet capacity a little below the measured VM overhead
   * (docs/sizing.md, "Headroom").
   */
  public static final double DEFAULT_HEADROOM = 0.03;
  public static final double MAX_HEADROOM = 0.5;
  /** Kubernetes' published scale limits are 5,000 nodes and 150,000 pods per cluster. */
  public static final int DEFAULT_MAX_EXECUTORS = 5000;
  public static final int DEFAULT_MAX_NODES = 5000;
  /**
   * Spark refuses executors whose spark.executor.memory is under 1.5 x its 300 MiB reserved memory
   * (UnifiedMemoryManager, SPARK-12759); the driver's heap is held to the same floor.
   */
  public static final long MIN_HEAP_MIB = 450;

  public SizingRequest {
    require(dataBytes > 0, "--data-size: must be greater than zero");
    require(preset != null, "--executor-preset: use small, medium, large or xlarge");
    require(executorCores == null || executorCores > 0, "--executor-cores: use a whole number of 1 or more");
    require(executorHeapMiB == null || executorHeapMiB >= MIN_HEAP_MIB,
        "--executor-memory: " + executorHeapMiB + " MiB is below Spark's minimum executor memory of "
            + MIN_HEAP_MIB + " MiB (450m); use 450m or more, e.g. 4g");
    require(memory.overheadFactor() >= 0 && memory.overheadFactor() <= 1,
        "--memory-overhead-factor: out of range; use 0 to 1, e.g. 0.1");
    require(memory.minOverheadMiB() > 0, "--min-memory-overhead: must be greater than zero");
    require(maxNodes == null || maxNodes > 0, "--max-nodes: use a whole number of 1 or more");
    require(maxExecutors == null || maxExecutors > 0, "--max-executors: use a whole number of 1 or more");
    require(initialExecutors == null || initialExecutors >= 0,
        "--initial-executors: use a whole number of 0 or more");
    require(budgetPerHour == null || budgetPerHour > 0, "--budget-per-hour: use an amount in USD above 0");
    require(spotDiscount >= 0 && spotDiscount < 1,
        "--spot-discount: out of range; use a fraction from 0 to below 1, e.g. 0.65");
    require(maxPartitionBytes == null || maxPartitionBytes > 0, "--max-partition-bytes: must be greater than zero");
    require(headroom >= 0 && headroom <= MAX_HEADROOM,
        "--headroom: out of range; use a percentage from 0 to " + Math.round(MAX_HEADROOM * 100) + ", e.g. 3%");
    require(shuffleRatio > 0 && Double.isFinite(shuffleRatio),
        "--shuffle-ratio: use a positive number, e.g. 1.0 (shuffle bytes per input byte)");
    require(waves >= 1 && waves <= MAX_WAVES, "--waves: use a whole number from 1 to " + MAX_WAVES + ", e.g. 4");
    require(driverCores == null || driverCores > 0, "--driver-cores: use a whole number of 1 or more");
    require(driverHeapMiB == null || driverHeapMiB >= MIN_HEAP_MIB,
        "--driver-memory: " + driverHeapMiB + " MiB is below Spark's minimum of " + MIN_HEAP_MIB
            + " MiB (450m); use 450m or more, e.g. 4g");
  }

  public int cores() {
    return executorCores != null ? executorCores : preset.cores();
  }

  /** The input split size: as given, or the default before any raise at scale. */
  public long partitionBytesOrDefault() {
    return maxPartitionBytes != null ? maxPartitionBytes : DEFAULT_MAX_PARTITION_BYTES;
  }

  /** The same request with another executor shape (an event log's recorded one). */
  public SizingRequest withExecutorShape(Integer cores, Long heapMiB) {
    return new SizingRequest(dataBytes, preset, cores, heapMiB, memory, node, maxNodes, maxExecutors,
        initialExecutors, budgetPerHour, spotDiscount, maxPartitionBytes, shuffleRatio, waves, driverCores,
        driverHeapMiB, headroom);
  }

  /** The same request on another node, with another node ceiling (a standalone worker per node). */
  public SizingRequest withNode(NodeSpec other, Integer otherMaxNodes) {
    return new SizingRequest(dataBytes, preset, executorCores, executorHeapMiB, memory, other, otherMaxNodes,
        maxExecutors, initialExecutors, budgetPerHour, spotDiscount, maxPartitionBytes, shuffleRatio, waves,
        driverCores, driverHeapMiB, headroom);
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new InvalidInputException(message);
    }
  }
}
