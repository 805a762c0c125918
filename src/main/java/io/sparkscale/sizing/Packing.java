package io.sparkscale.sizing;

import io.sparkscale.units.Cpu;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Nouns;
import java.util.List;
import java.util.Locale;

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
  /**
   * The largest heap the fitter gives: HotSpot turns compressed object pointers off near 32 GiB (OpenJDK 17,
   * G1: on at -Xmx32736m, off at -Xmx32760m), and a heap just past it holds fewer objects than one below.
   */
  static final long MAX_FITTED_HEAP_MIB = 31 * 1024;

  static Packing withoutNode(SizingRequest request, List<String> notes) {
    int cores = request.cores();
    long heap = request.executorHeapMiB() != null ? request.executorHeapMiB() : request.preset().heapMiB();
    notes.add("No node given: executors are sized from the " + describePreset(request)
        + "; add --cloud/--node-type or --node-cores/--node-memory to pack them onto nodes and price the cluster.");
    return new Packing(cores, heap, cores * 1000L, null);
  }

  static Packing onNode(SizingRequest request, List<String> notes) {
    NodeSpec node = request.node();
    Reserve free = node.executorBudget(request.headroom());
    notes.add(budgetNote(node, free, request.headroom()));
    if (request.executorHeapMiB() != null) {
      return givenHeap(request, node, free, slots(node, free, request.cores(), notes), notes);
    }
    int cores = request.cores();
    Slots slots = slots(node, free, cores, null);
    long heap = fittedHeap(request, node, free, slots);
    if (heap > MAX_FITTED_HEAP_MIB && request.executorCores() == null) {
      // The preset's cores would need a heap past compressed oops: fewer cores each, more executors per node.
      for (int fewer = cores - 1; fewer >= 1 && heap > MAX_FITTED_HEAP_MIB; fewer--) {
        Slots candidate = slots(node, free, fewer, null);
        long candidateHeap = fittedHeap(request, node, free, candidate);
        if (candidateHeap <= MAX_FITTED_HEAP_MIB) {
          notes.add(String.format(Locale.ROOT, "The %s preset's %s per executor would give each a %d MiB"
              + " heap on %s, past compressed oops (%d MiB): %s per executor instead, %d per node.",
              request.preset().name().toLowerCase(Locale.ROOT), Nouns.count(cores, "core"), heap, node.type(),
              MAX_FITTED_HEAP_MIB, Nouns.count(fewer, "core"), candidate.count()));
          cores = fewer;
          slots = candidate;
          heap = candidateHeap;
        }
      }
    }
    slots = slots(node, free, cores, notes);
    long budget = free.memoryMiB() / slots.count();
    if (heap > MAX_FITTED_HEAP_MIB) {
      notes.add("Heap capped at " + MAX_FITTED_HEAP_MIB + " MiB (compressed oops) instead of the " + heap
          + " MiB the node's memory would give each executor (" + slots.count() + " per node); fewer"
          + " --executor-cores would put the rest to work.");
      heap = MAX_FITTED_HEAP_MIB;
    } else {
      notes.add(Nouns.count(slots.count(), "executor") + " per node by CPU; memory fitted to the node: ("
          + free.memoryMiB() + " MiB for executors) / " + slots.count() + " = " + budget + " MiB per pod, of which "
          + heap + " MiB heap and " + request.memory().overheadMiB(heap) + " MiB overhead.");
    }
    return new Packing(cores, heap, slots.cpuRequestMillis(), slots.count());
  }

  /** Executor slots by CPU, and the CPU each requests. */
  private record Slots(int count, long cpuRequestMillis) {}

  /** @param notes where to say so when the CPU request is shared out; null for a trial */
  private static Slots slots(NodeSpec node, Reserve free, int cores, List<String> notes) {
    long coreMillis = cores * 1000L;
    int slots = (int) Math.max(0, free.cpuMillis() / coreMillis);
    long cpuRequest = coreMillis;
    int nominalSlots = node.vcpus() / cores;
    if (nominalSlots > slots && free.cpuMillis() / nominalSlots >= MIN_REQUEST_SHARE * coreMillis) {
      // Round down to 10m so the request reads cleanly and still fits.
      cpuRequest = free.cpuMillis() / nominalSlots / 10 * 10;
      if (notes != null) {
        notes.add("Reserved CPU would leave one " + cores + "-core executor slot per node unused, so each executor"
            + " requests " + Cpu.format(cpuRequest) + " CPU (spark.kubernetes.executor.request.cores) and "
            + nominalSlots + " fit instead of " + slots + "; Spark still runs " + Nouns.count(cores, "task")
            + " per executor.");
      }
      slots = nominalSlots;
    }
    if (slots == 0) {
      throw tooSmall(node, "CPU: " + Cpu.format(free.cpuMillis()) + " left for executors, "
          + Nouns.count(cores, "core") + " asked (lower --executor-cores or pick a bigger --node-type)");
    }
    return new Slots(slots, cpuRequest);
  }

  private static long fittedHeap(SizingRequest request, NodeSpec node, Reserve free, Slots slots) {
    long heap = request.memory().largestHeapWithin(free.memoryMiB() / slots.count());
    if (heap < MIN_FITTED_HEAP_MIB) {
      throw tooSmall(node, "memory: " + free.memoryMiB() + " MiB left for "
          + Nouns.count(slots.count(), "executor") + " leaves " + heap + " MiB of heap each, below "
          + MIN_FITTED_HEAP_MIB + " MiB (use fewer --executor-cores or a node with more memory)");
    }
    return heap;
  }

  private static Packing givenHeap(SizingRequest request, NodeSpec node, Reserve free, Slots slots,
      List<String> notes) {
    long heap = request.executorHeapMiB();
    long pod = request.memory().podMiB(heap);
    int bySpace = (int) Math.max(0, free.memoryMiB() / pod);
    if (bySpace == 0) {
      throw tooSmall(node, "memory: " + free.memoryMiB() + " MiB left for executors, the executor pod needs "
          + pod + " MiB (lower --executor-memory or pick a bigger --node-type)");
    }
    int perNode = Math.min(slots.count(), bySpace);
    notes.add(Nouns.count(perNode, "executor") + " per node: " + slots.count() + " fit by CPU and " + bySpace
        + " by memory (" + pod + " MiB pods in " + free.memoryMiB() + " MiB).");
    return new Packing(request.cores(), heap, slots.cpuRequestMillis(), perNode);
  }

  /** How the memory the packing may fill was arrived at: real node, headroom, Karpenter's estimate. */
  private static String budgetNote(NodeSpec node, Reserve budget, double headroom) {
    Reserve real = node.forExecutors();
    StringBuilder note = new StringBuilder(String.format(Locale.ROOT,
        "Memory for executors: %d MiB on the node (kubelet capacity %d MiB less %d MiB reserved and %d MiB of"
            + " DaemonSets), less %.0f%% headroom (--headroom)", real.memoryMiB(), node.capacityMemoryMiB(),
        node.systemReserve().memoryMiB(), node.daemonSetReserve().memoryMiB(), headroom * 100));
    Reserve karpenter = node.karpenterForExecutors();
    if (karpenter != null) {
      note.append(String.format(Locale.ROOT, "; Karpenter assumes %d MiB for %s until it has seen one"
          + " (vmMemoryOverheadPercent), %d MiB after DaemonSets", node.karpenterAllocatable().memoryMiB(),
          node.type(), karpenter.memoryMiB()));
    }
    return note.append(": ").append(budget.memoryMiB()).append(" MiB are packed.").toString();
  }

  private static InvalidInputException tooSmall(NodeSpec node, String detail) {
    return new InvalidInputException(
        "node " + node.type() + " (" + node.vcpus() + " vCPU, " + node.memoryMiB()
            + " MiB) is too small for one executor: " + detail);
  }

  private static String describePreset(SizingRequest request) {
    String preset = request.preset().name().toLowerCase(Locale.ROOT) + " preset";
    return request.executorCores() != null || request.executorHeapMiB() != null
        ? preset + " with your overrides"
        : preset;
  }
}
