package io.sparkscale.sizing;

import java.util.List;

/**
 * The driver's cores and heap, from how much it has to track: executors it talks to and tasks it schedules.
 * Spark's own defaults (1 core, 1 GiB) only suit small jobs; the tiers and their sources are in
 * docs/sizing.md. --driver-cores / --driver-memory replace them.
 */
record DriverSize(int cores, long heapMiB) {

  /** A tier applies while both the executor count and the input task count stay within it. */
  private record Tier(int maxExecutors, long maxInputTasks, int cores, long heapMiB) {}

  private static final List<Tier> TIERS =
      List.of(
          new Tier(100, 20_000, 1, 4096),
          new Tier(1000, 200_000, 2, 8192),
          new Tier(Integer.MAX_VALUE, Long.MAX_VALUE, 4, 16_384));

  static DriverSize of(SizingRequest request, int maxExecutors, long inputTasks, List<String> notes) {
    Tier tier = TIERS.stream()
        .filter(t -> maxExecutors <= t.maxExecutors() && inputTasks <= t.maxInputTasks())
        .findFirst()
        .orElseThrow();
    int cores = request.driverCores() != null ? request.driverCores() : tier.cores();
    long heap = request.driverHeapMiB() != null ? request.driverHeapMiB() : tier.heapMiB();
    String rule = tier.maxExecutors() == Integer.MAX_VALUE
        ? "more than " + TIERS.get(TIERS.size() - 2).maxExecutors() + " executors or "
            + TIERS.get(TIERS.size() - 2).maxInputTasks() + " input tasks"
        : "up to " + tier.maxExecutors() + " executors and " + tier.maxInputTasks() + " input tasks";
    String given = request.driverCores() != null || request.driverHeapMiB() != null
        ? " (--driver-cores/--driver-memory as given)"
        : "";
    notes.add("Driver " + cores + (cores == 1 ? " core, " : " cores, ") + heap + " MiB heap" + given + ": the tier for "
        + rule + " (it tracks every executor and task); raise --driver-memory for jobs that collect() or"
        + " broadcast large results.");
    return new DriverSize(cores, heap);
  }
}
