package io.sparkscale.simulate;

/**
 * What a run comes to. Field names are the JSON contract of `simulate --format json` (docs/simulate.md).
 *
 * @param costUsd nodeSeconds at the node price, or null when no price is known
 * @param scaleEvents changes of the replica count (or Jobs started, for a ScaledJob)
 * @param endSeconds when the run ended
 * @param jobsWithoutWork ScaledJob only: Jobs that found nothing left to take when their pod started and ended
 *     at once (their start-up was paid for nothing); 0 for a ScaledObject
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
    double endSeconds,
    long jobsWithoutWork) {

  /** The contract's constructor, for a ScaledObject (no Jobs). */
  public Summary(long arrivedObjects, long processedObjects, long maxBacklogObjects, int maxReplicas, int maxNodes,
      double replicaSeconds, double nodeSeconds, Double costUsd, Drain drain, long scaleEvents, double endSeconds) {
    this(arrivedObjects, processedObjects, maxBacklogObjects, maxReplicas, maxNodes, replicaSeconds, nodeSeconds,
        costUsd, drain, scaleEvents, endSeconds, 0);
  }

  /** From an object's arrival to the end of its processing. */
  public record Drain(double p50Seconds, double p95Seconds, double maxSeconds) {}
}
