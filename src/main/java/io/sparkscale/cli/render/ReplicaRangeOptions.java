package io.sparkscale.cli.render;

import picocli.CommandLine.Option;

/** The replicas KEDA keeps a ScaledObject's target between (scaledobject, keda-sidecar). */
public class ReplicaRangeOptions {

  @Option(names = "--min-replicas", paramLabel = "N", defaultValue = "0",
      description = "Fewest replicas; 0 lets KEDA scale to zero when nothing waits (default: ${DEFAULT-VALUE}).")
  int min;

  @Option(names = "--max-replicas", paramLabel = "N", defaultValue = "10",
      description = "Most replicas (default: ${DEFAULT-VALUE}).")
  int max;

  public int min() {
    return min;
  }

  public int max() {
    return max;
  }
}
