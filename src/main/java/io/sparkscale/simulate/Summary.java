package io.sparkscale.simulate;

/**
 * What a run comes to. Field names are the JSON contract of `simulate --format json` (docs/simulate.md).
 *
 * @param costUsd nodeSeconds at the node price, or null when no price is known
 * @param scaleEvents changes of the replica count (or Jobs started, for a ScaledJob)
 * @param endSeconds when the run ended
 */
public record Summary(
    long arrivedObjects,
    long processedObjects,
    long maxBacklogObjects,
    int maxReplicas,
    int maxNodes,
    double replicaSeconds,
    double nodeSeconds,
    Double costUsd,
    Drain drain,
    long scaleEvents,
    double endSeconds) {

  /** From an object's arrival to the end of its processing. */
  public record Drain(double p50Seconds, double p95Seconds, double maxSeconds) {}
}
