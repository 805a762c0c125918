package io.sparkscale.sizing;

/**
 * Executor pod memory as Spark on Kubernetes computes it (BasicExecutorFeatureStep): overhead =
 * max(floor(factor x heap), minOverhead); pod request = limit = heap + overhead.
 */
public record ExecutorMemory(double overheadFactor, long minOverheadMiB) {

  public static final double JVM_FACTOR = 0.10;
  public static final double PYSPARK_FACTOR = 0.40;
  public static final long MIN_OVERHEAD_MIB = 384;

  public long overheadMiB(long heapMiB) {
    return Math.max((long) Math.floor(overheadFactor * heapMiB), minOverheadMiB);
  }

  public long podMiB(long heapMiB) {
    return heapMiB + overheadMiB(heapMiB);
  }

  /** The largest heap whose pod fits the budget, or 0 if none does. */
  public long largestHeapWithin(long budgetMiB) {
    long heap = Math.max(0, (long) Math.floor(budgetMiB / (1 + overheadFactor)));
    // floor() in the overhead makes the estimate off by a few MiB either way: walk to the exact edge.
    while (heap > 0 && podMiB(heap) > budgetMiB) {
      heap--;
    }
    while (podMiB(heap + 1) <= budgetMiB) {
      heap++;
    }
    return heap;
  }
}
