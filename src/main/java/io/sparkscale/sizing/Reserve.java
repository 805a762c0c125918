package io.sparkscale.sizing;

/** CPU and memory a node keeps from executors. */
public record Reserve(long cpuMillis, long memoryMiB) {
  public static final Reserve NONE = new Reserve(0, 0);

  public Reserve plus(Reserve other) {
    return new Reserve(cpuMillis + other.cpuMillis, memoryMiB + other.memoryMiB);
  }
}
