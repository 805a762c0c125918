package io.sparkscale.sizing;

/** Executor shapes to start from; cores and heap may each be overridden. */
public enum ExecutorPreset {
  SMALL(2, 8 * 1024),
  MEDIUM(4, 16 * 1024),
  LARGE(8, 32 * 1024),
  XLARGE(16, 64 * 1024);

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
