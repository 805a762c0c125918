package io.sparkscale.sizing;

/**
 * Executor shapes to start from; cores and heap may each be overridden. 4 GiB of heap per core, never more
 * than 31 GiB (compressed oops, {@link Packing#MAX_FITTED_HEAP_MIB}). On a node the heap is fitted to it
 * instead, and a preset whose cores would need a heap past 31 GiB there gets fewer cores per executor.
 */
public enum ExecutorPreset {
  SMALL(2, 8 * 1024),
  MEDIUM(4, 16 * 1024),
  LARGE(8, 31 * 1024),
  XLARGE(16, 31 * 1024);

  private final int cores;
  private final long heapMiB;

  ExecutorPreset(int cores, long heapMiB) {
    this.cores = cores;
    this.heapMiB = heapMiB;
  }

  public int cores() {
    return cores;
  }

  public long heapMiB() {
    return heapMiB;
  }
}
