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
    return new SizingPlan(input, executor, driver, node, dynamicAllocation, partitions, cluster, cost, sparkConf,
        more, warnings);
  }

  public record Input(long dataBytes) {}

  /** memoryMiB is the JVM heap (spark.executor.memory); the pod requests podMemoryMiB. */
  public record Executor(
      int cores, long memoryMiB, long memoryOverheadMiB, long podMemoryMiB, long cpuRequestMillis) {}

  public record Driver(int cores, long memoryMiB, long memoryOverheadMiB) {}

  public record Node(
      String type,
      String cloud,
      int vcpus,
      long memoryMiB,
      long allocatableCpuMillis,
      long allocatableMemoryMiB,
      long daemonSetReservedCpuMillis,
      long daemonSetReservedMemoryMiB,
      int executorsPerNode) {}

  public record DynamicAllocation(
      boolean enabled, int minExecutors, int initialExecutors, int maxExecutors) {}

  /** inputWaves: rounds of input tasks at maxExecutors, ceil(inputTasks / executor cores). */
  public record Partitions(long inputTasks, long maxPartitionBytes, long shufflePartitions, long inputWaves) {}

  /** nodes is null without a node type. */
  public record Cluster(Integer nodes, int executors, long totalExecutorCores) {}

  public record Cost(String currency, double onDemandPerHour, double spotPerHour, String priceSource) {}
}
