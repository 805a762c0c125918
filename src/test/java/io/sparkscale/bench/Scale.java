package io.sparkscale.bench;

import java.util.List;
import java.util.Locale;

/**
 * How big the benchmark runs. SMOKE runs inside every `./mvnw verify` (behaviour only: it produced figures
 * and the counts agree); FULL is the documented run (`./mvnw -B -Pbench verify`).
 */
public enum Scale {
  SMOKE(List.of(1_000), 2_000, 3, 1, List.of(1, 10), 1, 300, 2, 10),
  FULL(List.of(10_000, 100_000), 100_000, 11, 3, List.of(1, 10, 100), 4, 20_000, 11, 1_000);

  /** Objects counted in the throughput case. */
  final List<Integer> countSizes;
  /** Objects in the sharded-vs-sequential case. */
  final int shardObjects;
  /** Measured rounds per comparison (medians over these). */
  final int rounds;
  /** Unmeasured warm-up rounds. */
  final int warmups;
  final List<Integer> scaledObjects;
  final int pollCycles;
  final int latencyCalls;
  final int startRuns;
  final int triggers;

  Scale(List<Integer> countSizes, int shardObjects, int rounds, int warmups, List<Integer> scaledObjects,
      int pollCycles, int latencyCalls, int startRuns, int triggers) {
    this.countSizes = countSizes;
    this.shardObjects = shardObjects;
    this.rounds = rounds;
    this.warmups = warmups;
    this.scaledObjects = scaledObjects;
    this.pollCycles = pollCycles;
    this.latencyCalls = latencyCalls;
    this.startRuns = startRuns;
    this.triggers = triggers;
  }

  /** From the system property bench.scale (smoke when unset). */
  public static Scale fromSystemProperty() {
    return valueOf(System.getProperty("bench.scale", "smoke").trim().toUpperCase(Locale.ROOT));
  }
}
