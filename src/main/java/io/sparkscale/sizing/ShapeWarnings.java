package io.sparkscale.sizing;

import io.sparkscale.units.Cpu;
import java.util.List;
import java.util.Locale;

/** Executor shapes that work but waste money or time: stranded node capacity, heaps past compressed oops. */
final class ShapeWarnings {

  /** More than this share of a node's executor CPU or memory left unrequested is worth a warning. */
  static final double STRANDED_SHARE = 0.25;
  /** The fitter's own cap; a heap given with --executor-memory above it is warned about. */
  static final long COMPRESSED_OOPS_HEAP_MIB = Packing.MAX_FITTED_HEAP_MIB;

  private ShapeWarnings() {}

  /** @param free what the packing could fill on the node ({@link NodeSpec#executorBudget}) */
  static void check(NodeSpec node, Reserve free, Packing packing, long podMiB, List<String> warnings) {
    if (packing.heapMiB() > COMPRESSED_OOPS_HEAP_MIB) {
      warnings.add("Executor heap " + packing.heapMiB() + " MiB is above " + COMPRESSED_OOPS_HEAP_MIB
          + " MiB: near 32 GiB the JVM turns compressed object pointers off, so the larger heap holds fewer"
          + " objects and GC pauses grow; guidance is 20-30 GB. Use fewer --executor-cores or a smaller"
          + " --executor-memory.");
    }
    if (node == null) {
      return;
    }
    int perNode = packing.executorsPerNode();
    strandedWarning("CPU", free.cpuMillis(), perNode * packing.cpuRequestMillis(), node, warnings,
        Cpu::format, "memory bounds the executors per node: lower --executor-memory or pick a type with more"
            + " memory per vCPU");
    strandedWarning("memory", free.memoryMiB(), perNode * podMiB, node, warnings,
        mib -> mib + " MiB", "CPU bounds the executors per node: fewer --executor-cores, a larger"
            + " --executor-memory, or a type with less memory per vCPU");
  }

  private static void strandedWarning(String resource, long free, long requested, NodeSpec node,
      List<String> warnings, java.util.function.LongFunction<String> format, String advice) {
    if (free <= 0) {
      return;
    }
    double stranded = (double) (free - requested) / free;
    if (stranded > STRANDED_SHARE) {
      warnings.add(String.format(Locale.ROOT, "%.0f%% of each %s node's %s for executors is stranded"
          + " (%s of %s requested); %s.", stranded * 100, node.type(), resource, format.apply(requested),
          format.apply(free), advice));
    }
  }
}
