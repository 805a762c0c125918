package io.sparkscale.sizing;

import java.util.List;
import java.util.SortedMap;

/**
 * A rightsizing result. Field names are the JSON contract scripts rely on (docs/sizing.md); node and cost
 * are null when no node was given. warnings are the notes that need a person's decision (a bound that
 * binds, stranded node capacity, a heap past compressed oops).
 */
public record SizingPlan(
    Input input,
    Executor executor,
    Driver driver,
    Node node,
    DynamicAllocation dynamicAllocation,
    Partitions partitions,
    Cluster cluster,
    LocalDisk localDisk,
    Cost cost,
    SortedMap<String, String> sparkConf,
    List<String> notes,
    List<String> warnings) {

  public SizingPlan {
    notes = List.copyOf(notes);
    warnings = List.copyOf(warnings);
  }

  /** The same plan with one more note at the end. */
  public SizingPlan withNote(String note) {
    List<String> more = new java.util.ArrayList<>(notes);
    more.add(note);
    return new SizingPlan(input, executor, driver, node, dynamicAllocation, partitions, cluster, localDisk, cost,
        sparkConf, more, warnings);
  }

  /** The same plan with one more warning at the end. */
  public SizingPlan withWarning(String warning) {
    List<String> more = new java.util.ArrayList<>(warnings);
    more.add(warning);
    return new SizingPlan(input, executor, driver, node, dynamicAllocation, partitions, cluster, localDisk, cost,
        sparkConf, notes, more);
  }

  /** The same plan with the input size marked as assumed (it was not measured), saying why. */
  public SizingPlan withAssumedInput(String why) {
    return new SizingPlan(new Input(input.dataBytes(), why), executor, driver, node, dynamicAllocation,
        partitions, cluster, localDisk, cost, sparkConf, notes, warnings);
  }

  /** @param assumedBecause null when dataBytes is the data's size; else why it is only an assumption */
  public record Input(long dataBytes, String assumedBecause) {}

  /** memoryMiB is the JVM heap (spark.executor.memory); the pod requests podMemoryMiB. */
  public record Executor(
      int cores, long memoryMiB, long memoryOverheadMiB, long podMemoryMiB, long cpuRequestMillis) {}

  public record Driver(int cores, long memoryMiB, long memoryOverheadMiB) {}

  /**
   * allocatable* is the real node's (kubelet capacity less the provider's reserve); karpenterAllocatableMemoryMiB
   * what Karpenter assumes before it has seen such a node (null when it does not provision them);
   * executorMemoryBudgetMiB what the packing filled at most (headroom and Karpenter's estimate applied).
   */
  public record Node(
      String type,
      String cloud,
      int vcpus,
      long memoryMiB,
      long allocatableCpuMillis,
      long allocatableMemoryMiB,
      long daemonSetReservedCpuMillis,
      long daemonSetReservedMemoryMiB,
      int executorsPerNode,
      String arch,
      long capacityMemoryMiB,
      Long karpenterAllocatableMemoryMiB,
      long executorMemoryBudgetMiB,
      double headroom,
      int localNvmeGB) {}

  public record DynamicAllocation(
      boolean enabled, int minExecutors, int initialExecutors, int maxExecutors) {}

  /**
   * inputWaves: rounds of input tasks at maxExecutors, ceil(inputTasks / executor cores); shuffleBlocks: map
   * tasks x shuffle partitions, the blocks one shuffle of the input writes and fetches.
   */
  public record Partitions(long inputTasks, long maxPartitionBytes, long shufflePartitions, long inputWaves,
      long shuffleBlocks) {}

  /** nodes is null without a node type. */
  public record Cluster(Integer nodes, int executors, long totalExecutorCores) {}

  /**
   * Local disk for shuffle files and spills. executorRequestMiB is the executor pod's ephemeral-storage request:
   * executorNeedMiB, unless the node's disk cannot hold that for every executor on it (then a warning says so).
   *
   * @param nodeDiskBytes null without a node, or a custom node without --node-disk
   */
  public record LocalDisk(
      long shuffleBytes,
      long executorNeedMiB,
      long executorRequestMiB,
      Long nodeDiskBytes,
      Long nodeAllocatableDiskBytes,
      String nodeDiskSource) {}

  public record Cost(String currency, double onDemandPerHour, double spotPerHour, String priceSource) {}
}
