package io.sparkscale.sizing;

import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import java.util.List;

/**
 * How executors of a given shape fill one node: the CPU each requests, the heap, and how many fit.
 *
 * @param executorsPerNode null when no node was given
 */
record Packing(int cores, long heapMiB, long cpuRequestMillis, Integer executorsPerNode) {

  /** A request below this share of the cores is not worth the extra slot: the executor would be starved. */
  static final double MIN_REQUEST_SHARE = 0.9;
  /** A fitted heap smaller than this is not a useful Spark executor. */
  static final long MIN_FITTED_HEAP_MIB = 1024;

  static Packing withoutNode(SizingRequest request, List<String> notes) {
    int cores = request.cores();
    long heap = request.executorHeapMiB() != null ? request.executorHeapMiB() : request.preset().heapMiB();
    notes.add("No node given: executors are sized from the " + describePreset(request)
        + "; add --cloud/--node-type or --node-cores/--node-memory to pack them onto nodes and price the cluster.");
    return new Packing(cores, heap, cores * 1000L, null);
  }

  static Packing onNode(SizingRequest request, List<String> notes) {
    NodeSpec node = request.node();
    ExecutorMemory memory = request.memory();
    int cores = request.cores();
    Reserve free = node.forExecutors();
    long coreMillis = cores * 1000L;

    int slots = (int) Math.max(0, free.cpuMillis() / coreMillis);
    long cpuRequest = coreMillis;
    int nominalSlots = node.vcpus() / cores;
    if (nominalSlots > slots && free.cpuMillis() / nominalSlots >= MIN_REQUEST_SHARE * coreMillis) {
      // Round down to 10m so the request reads cleanly and still fits.
      cpuRequest = free.cpuMillis() / nominalSlots / 10 * 10;
      notes.add("Reserved CPU would leave one " + cores + "-core executor slot per node unused, so each executor"
          + " requests " + Cpu.format(cpuRequest) + " CPU (spark.kubernetes.executor.request.cores) and "
          + nominalSlots + " fit instead of " + slots + "; Spark still runs " + cores + " tasks per executor.");
      slots = nominalSlots;
    }
    if (slots == 0) {
      throw tooSmall(node, "CPU: " + Cpu.format(free.cpuMillis()) + " left for executors, "
          + cores + " cores asked (lower --executor-cores or pick a bigger --node-type)");
    }

    if (request.executorHeapMiB() != null) {
      long heap = request.executorHeapMiB();
      long pod = memory.podMiB(heap);
      int bySpace = (int) Math.max(0, free.memoryMiB() / pod);
      if (bySpace == 0) {
        throw tooSmall(node, "memory: " + free.memoryMiB() + " MiB left for executors, the executor pod needs "
            + pod + " MiB (lower --executor-memory or pick a bigger --node-type)");
      }
      int perNode = Math.min(slots, bySpace);
      notes.add(perNode + " executors per node: " + slots + " fit by CPU and " + bySpace + " by memory ("
          + pod + " MiB pods in " + free.memoryMiB() + " MiB).");
      return new Packing(cores, heap, cpuRequest, perNode);
    }

    long budget = free.memoryMiB() / slots;
    long heap = memory.largestHeapWithin(budget);
    if (heap < MIN_FITTED_HEAP_MIB) {
      throw tooSmall(node, "memory: " + free.memoryMiB() + " MiB left for " + slots + " executors leaves "
          + heap + " MiB of heap each, below " + MIN_FITTED_HEAP_MIB + " MiB (use fewer --executor-cores"
          + " or a node with more memory)");
    }
    notes.add(slots + " executors per node by CPU; memory fitted to the node: (" + free.memoryMiB()
        + " MiB for executors) / " + slots + " = " + budget + " MiB per pod, of which " + heap
        + " MiB heap and " + memory.overheadMiB(heap) + " MiB overhead.");
    return new Packing(cores, heap, cpuRequest, slots);
  }

  private static InvalidInputException tooSmall(NodeSpec node, String detail) {
    return new InvalidInputException(
        "node " + node.type() + " (" + node.vcpus() + " vCPU, " + node.memoryMiB()
            + " MiB) is too small for one executor: " + detail);
  }

  private static String describePreset(SizingRequest request) {
    String preset = request.preset().name().toLowerCase(java.util.Locale.ROOT) + " preset";
    return request.executorCores() != null || request.executorHeapMiB() != null
        ? preset + " with your overrides"
        : preset;
  }
}
