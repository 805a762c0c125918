package io.sparkscale.sizing;

import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Nouns;
import io.sparkscale.units.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;

/** Computes a {@link SizingPlan}; every formula is explained in docs/sizing.md. */
public final class Sizer {

  /**
   * How long an idle executor that still holds shuffle files is kept (from when it went idle). Without it
   * (Spark's default is infinity) shuffle tracking never releases such executors; past it, a later reader
   * recomputes the lost output, or finds it migrated when decommissioning is on.
   */
  static final String SHUFFLE_TRACKING_TIMEOUT = "30min";

  public SizingPlan plan(SizingRequest request) {
    return plan(request, null, null);
  }

  /**
   * Like {@link #plan(SizingRequest)}, but maxExecutors before the bounds (--max-executors, --max-nodes,
   * --budget-per-hour and their defaults) is the caller's evidence, e.g. an event log's replay, instead of
   * the --waves rule.
   */
  public SizingPlan plan(SizingRequest request, Integer uncappedMaxExecutors, String uncappedReason) {
    List<String> notes = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    NodeSpec node = request.node();
    Packing packing = node == null ? Packing.withoutNode(request, notes) : Packing.onNode(request, notes);
    ExecutorMemory memory = request.memory();
    int cores = packing.cores();
    ShapeWarnings.check(node, node == null ? null : node.executorBudget(request.headroom()), packing,
        memory.podMiB(packing.heapMiB()), warnings);

    ShufflePartitioning shuffle = ShufflePartitioning.of(request, notes, warnings);
    long inputTasks = shuffle.inputTasks();
    int maxExecutors = ExecutorCount.maxExecutors(
        request, packing, inputTasks, uncappedMaxExecutors, uncappedReason, notes, warnings);
    int initialExecutors = initialExecutors(request, maxExecutors);
    long totalCores = (long) maxExecutors * cores;
    long inputWaves = ceilDiv(inputTasks, totalCores);
    long shufflePartitions = shuffle.shufflePartitions();
    notes.add(Nouns.count(inputTasks, "input task") + " = " + Sizes.humanBytes(request.dataBytes()) + " / "
        + shuffle.maxPartitionBytes() + "-byte partitions, " + Nouns.count(inputWaves, "wave") + " on "
        + Nouns.count(totalCores, "executor core") + "; " + Nouns.count(shufflePartitions, "shuffle partition")
        + " = shuffle bytes / 200 MB"
        + (shufflePartitions < shuffle.uncappedShufflePartitions()
            ? ", capped at " + ShufflePartitioning.MAX_SHUFFLE_PARTITIONS : "")
        + ", which AQE coalesces where they come out small.");
    notes.add("Dynamic allocation with shuffle tracking (Kubernetes has no external shuffle service): executors"
        + " grow from " + initialExecutors + " to at most " + maxExecutors + " while tasks wait, and are released"
        + " when idle; one still holding shuffle files after " + SHUFFLE_TRACKING_TIMEOUT + " idle too"
        + " (spark.dynamicAllocation.shuffleTracking.timeout).");
    DriverSize driverSize = DriverSize.of(request, maxExecutors, inputTasks, notes);
    SizingPlan.LocalDisk localDisk =
        LocalDiskSizing.of(request, packing, maxExecutors, shufflePartitions, notes, warnings);

    Integer nodes = node == null ? null : (int) ceilDiv(maxExecutors, packing.executorsPerNode());
    SizingPlan.Executor executor = new SizingPlan.Executor(
        cores, packing.heapMiB(), memory.overheadMiB(packing.heapMiB()), memory.podMiB(packing.heapMiB()),
        packing.cpuRequestMillis());
    SizingPlan.Driver driver = new SizingPlan.Driver(
        driverSize.cores(), driverSize.heapMiB(), memory.overheadMiB(driverSize.heapMiB()));
    SizingPlan.DynamicAllocation dynamicAllocation =
        new SizingPlan.DynamicAllocation(true, 0, initialExecutors, maxExecutors);
    SizingPlan.Partitions partitions = new SizingPlan.Partitions(
        inputTasks, shuffle.maxPartitionBytes(), shufflePartitions, inputWaves, shuffle.shuffleBlocks());

    return new SizingPlan(
        new SizingPlan.Input(request.dataBytes(), null),
        executor,
        driver,
        node == null ? null : nodeSection(node, packing, request.headroom()),
        dynamicAllocation,
        partitions,
        new SizingPlan.Cluster(nodes, maxExecutors, totalCores),
        localDisk,
        cost(request, nodes, notes),
        sparkConf(executor, driver, dynamicAllocation, partitions),
        notes,
        warnings);
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

  private static SizingPlan.Node nodeSection(NodeSpec node, Packing packing, double headroom) {
    return new SizingPlan.Node(
        node.type(),
        node.cloud() == null ? null : node.cloud().id(),
        node.vcpus(),
        node.memoryMiB(),
        node.allocatableCpuMillis(),
        node.allocatableMemoryMiB(),
        node.daemonSetReserve().cpuMillis(),
        node.daemonSetReserve().memoryMiB(),
        packing.executorsPerNode(),
        node.arch() == null ? null : node.arch().id(),
        node.capacityMemoryMiB(),
        node.karpenterAllocatable() == null ? null : node.karpenterAllocatable().memoryMiB(),
        node.executorBudget(headroom).memoryMiB(),
        headroom,
        node.localNvmeGB());
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
    // Explicit too: spark-submit and the SparkApplication then agree, and a Python driver gets its 0.4.
    conf.put("spark.driver.memoryOverhead", driver.memoryOverheadMiB() + "m");
    conf.put("spark.dynamicAllocation.enabled", Boolean.toString(dynamicAllocation.enabled()));
    conf.put("spark.dynamicAllocation.shuffleTracking.enabled", "true");
    conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(dynamicAllocation.minExecutors()));
    conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(dynamicAllocation.initialExecutors()));
    conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(dynamicAllocation.maxExecutors()));
    conf.put("spark.dynamicAllocation.shuffleTracking.timeout", SHUFFLE_TRACKING_TIMEOUT);
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.sql.adaptive.coalescePartitions.enabled", "true");
    conf.put("spark.sql.files.maxPartitionBytes", Long.toString(partitions.maxPartitionBytes()));
    conf.put("spark.sql.shuffle.partitions", Long.toString(partitions.shufflePartitions()));
    return conf;
  }

  private static long ceilDiv(long a, long b) {
    return ExecutorCount.ceilDiv(a, b);
  }

  private static double round4(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
