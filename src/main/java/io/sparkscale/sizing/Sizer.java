package io.sparkscale.sizing;

import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/** Computes a {@link SizingPlan}; every formula is explained in docs/sizing.md. */
public final class Sizer {

  /** Databricks' rule of thumb: about 200 MB of shuffle data per partition. */
  static final long SHUFFLE_BYTES_PER_PARTITION = 200_000_000L;
  static final int DRIVER_CORES = 1;
  static final long DRIVER_HEAP_MIB = 4096;

  public SizingPlan plan(SizingRequest request) {
    return plan(request, null, null);
  }

  /**
   * Like {@link #plan(SizingRequest)}, but maxExecutors before the caps (--max-executors, --max-nodes,
   * --budget-per-hour) is the caller's evidence, e.g. an event log's replay, instead of one core per input task.
   */
  public SizingPlan plan(SizingRequest request, Integer uncappedMaxExecutors, String uncappedReason) {
    List<String> notes = new ArrayList<>();
    NodeSpec node = request.node();
    Packing packing = node == null ? Packing.withoutNode(request, notes) : Packing.onNode(request, notes);
    ExecutorMemory memory = request.memory();
    int cores = packing.cores();

    long inputTasks = ceilDiv(request.dataBytes(), request.maxPartitionBytes());
    int maxExecutors = maxExecutors(request, packing, inputTasks, uncappedMaxExecutors, uncappedReason, notes);
    int initialExecutors = initialExecutors(request, maxExecutors);
    long totalCores = (long) maxExecutors * cores;
    long shufflePartitions = Math.max(
        (long) Math.ceil(request.dataBytes() * request.shuffleRatio() / SHUFFLE_BYTES_PER_PARTITION), totalCores);
    notes.add(inputTasks + " input tasks = " + Sizes.humanBytes(request.dataBytes()) + " / "
        + request.maxPartitionBytes() + "-byte partitions; " + shufflePartitions
        + " shuffle partitions = max(shuffle bytes / 200 MB, " + totalCores + " executor cores).");
    notes.add("Dynamic allocation with shuffle tracking (Kubernetes has no external shuffle service): executors"
        + " grow from " + initialExecutors + " to at most " + maxExecutors + " while tasks wait, and are released"
        + " when idle.");

    Integer nodes = node == null ? null : (int) ceilDiv(maxExecutors, packing.executorsPerNode());
    SizingPlan.Executor executor = new SizingPlan.Executor(
        cores, packing.heapMiB(), memory.overheadMiB(packing.heapMiB()), memory.podMiB(packing.heapMiB()),
        packing.cpuRequestMillis());
    SizingPlan.Driver driver =
        new SizingPlan.Driver(DRIVER_CORES, DRIVER_HEAP_MIB, memory.overheadMiB(DRIVER_HEAP_MIB));
    SizingPlan.DynamicAllocation dynamicAllocation =
        new SizingPlan.DynamicAllocation(true, 0, initialExecutors, maxExecutors);
    SizingPlan.Partitions partitions =
        new SizingPlan.Partitions(inputTasks, request.maxPartitionBytes(), shufflePartitions);

    return new SizingPlan(
        new SizingPlan.Input(request.dataBytes()),
        executor,
        driver,
        node == null ? null : nodeSection(node, packing),
        dynamicAllocation,
        partitions,
        new SizingPlan.Cluster(nodes, maxExecutors, totalCores),
        cost(request, nodes, notes),
        sparkConf(executor, driver, dynamicAllocation, partitions),
        List.copyOf(notes));
  }

  private static int maxExecutors(SizingRequest request, Packing packing, long inputTasks,
      Integer uncappedMaxExecutors, String uncappedReason, List<String> notes) {
    long byTasks = uncappedMaxExecutors != null ? uncappedMaxExecutors : ceilDiv(inputTasks, packing.cores());
    long max = byTasks;
    String boundBy = uncappedMaxExecutors != null
        ? uncappedReason
        : "one executor core per input task (every task in one wave)";
    if (request.maxExecutors() != null && request.maxExecutors() < max) {
      max = request.maxExecutors();
      boundBy = "--max-executors";
    }
    Integer perNode = packing.executorsPerNode();
    if (request.maxNodes() != null) {
      if (perNode == null) {
        throw new InvalidInputException("--max-nodes: needs a node to pack onto; add --cloud/--node-type or"
            + " --node-cores and --node-memory");
      }
      long byNodes = (long) request.maxNodes() * perNode;
      if (byNodes < max) {
        max = byNodes;
        boundBy = "--max-nodes " + request.maxNodes() + " x " + perNode + " executors per node";
      }
    }
    if (request.budgetPerHour() != null) {
      NodeSpec node = request.node();
      if (node == null || node.onDemandPerHour() == null) {
        throw new InvalidInputException("--budget-per-hour: needs a node price; add --cloud/--node-type, or"
            + " --node-price with --node-cores and --node-memory");
      }
      long affordableNodes = (long) Math.floor(request.budgetPerHour() / node.onDemandPerHour() + 1e-9);
      if (affordableNodes == 0) {
        throw new InvalidInputException(String.format(Locale.ROOT,
            "--budget-per-hour: %.2f USD buys no %s node (%.3f USD/h on demand); raise the budget or pick a"
                + " smaller --node-type", request.budgetPerHour(), node.type(), node.onDemandPerHour()));
      }
      long byBudget = affordableNodes * perNode;
      if (byBudget < max) {
        max = byBudget;
        boundBy = String.format(Locale.ROOT, "--budget-per-hour %.2f USD: %d nodes x %d executors",
            request.budgetPerHour(), affordableNodes, perNode);
      }
    }
    if (max > Integer.MAX_VALUE) {
      throw new InvalidInputException("--data-size: needs more than " + Integer.MAX_VALUE
          + " executors; cap it with --max-executors or --max-nodes");
    }
    notes.add("maxExecutors " + max + " bound by " + boundBy
        + (max < byTasks ? " (uncapped it would be " + byTasks + ")." : "."));
    return (int) max;
  }

  private static int initialExecutors(SizingRequest request, int maxExecutors) {
    Integer initial = request.initialExecutors();
    if (initial == null) {
      return 0; // Spark's default: initialExecutors = minExecutors
    }
    if (initial > maxExecutors) {
      throw new InvalidInputException("--initial-executors: " + initial + " is above maxExecutors "
          + maxExecutors + "; use 0 to " + maxExecutors);
    }
    return initial;
  }

  private static SizingPlan.Node nodeSection(NodeSpec node, Packing packing) {
    return new SizingPlan.Node(
        node.type(),
        node.cloud() == null ? null : node.cloud().id(),
        node.vcpus(),
        node.memoryMiB(),
        node.allocatableCpuMillis(),
        node.allocatableMemoryMiB(),
        node.daemonSetReserve().cpuMillis(),
        node.daemonSetReserve().memoryMiB(),
        packing.executorsPerNode());
  }

  private static SizingPlan.Cost cost(SizingRequest request, Integer nodes, List<String> notes) {
    NodeSpec node = request.node();
    if (node == null) {
      return null;
    }
    if (node.onDemandPerHour() == null) {
      notes.add("No price for a custom node: add --node-price USD to see the cost per hour.");
      return null;
    }
    double onDemand = round4(nodes * node.onDemandPerHour());
    double spot = round4(onDemand * (1 - request.spotDiscount()));
    notes.add(String.format(Locale.ROOT, "Cost at full scale: %d x %s at %.4f USD/h on demand; spot assumes a %.0f%%"
        + " discount (an assumption: set --spot-discount to your own).",
        nodes, node.type(), node.onDemandPerHour(), request.spotDiscount() * 100));
    return new SizingPlan.Cost("USD", onDemand, spot, node.priceSource());
  }

  private static SortedMap<String, String> sparkConf(
      SizingPlan.Executor executor, SizingPlan.Driver driver, SizingPlan.DynamicAllocation dynamicAllocation,
      SizingPlan.Partitions partitions) {
    SortedMap<String, String> conf = new TreeMap<>();
    conf.put("spark.executor.cores", Integer.toString(executor.cores()));
    conf.put("spark.executor.memory", executor.memoryMiB() + "m");
    // Explicit, so the pod is exactly as planned whatever the Spark version's overhead defaults.
    conf.put("spark.executor.memoryOverhead", executor.memoryOverheadMiB() + "m");
    if (executor.cpuRequestMillis() != executor.cores() * 1000L) {
      conf.put("spark.kubernetes.executor.request.cores", Cpu.format(executor.cpuRequestMillis()));
    }
    conf.put("spark.driver.cores", Integer.toString(driver.cores()));
    conf.put("spark.driver.memory", driver.memoryMiB() + "m");
    conf.put("spark.dynamicAllocation.enabled", Boolean.toString(dynamicAllocation.enabled()));
    conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
    conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(dynamicAllocation.minExecutors()));
    conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(dynamicAllocation.initialExecutors()));
    conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(dynamicAllocation.maxExecutors()));
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.sql.files.maxPartitionBytes", Long.toString(partitions.maxPartitionBytes()));
    conf.put("spark.sql.shuffle.partitions", Long.toString(partitions.shufflePartitions()));
    return conf;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
