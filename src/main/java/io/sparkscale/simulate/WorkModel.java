package io.sparkscale.simulate;

import java.time.Duration;
import java.util.Objects;

/**
 * The work the scaling loop drives and the nodes it runs on.
 *
 * @param podStartup from a pod being placed on a ready node to it processing
 * @param nodeStartup from a pod finding no room to its new node being ready
 * @param podsPerNode replicas (or Jobs) one node holds, from the same packing as rightsize
 * @param minNodes nodes that are always there (and always paid for)
 * @param nodeScaleDownDelay how long a node stays empty before it is removed (Cluster Autoscaler's
 *     scale-down-unneeded-time, Karpenter's consolidateAfter)
 * @param nodePricePerHour USD per node-hour, or null when no price is known
 */
public record WorkModel(
    Throughput throughput,
    Duration podStartup,
    Duration nodeStartup,
    int podsPerNode,
    int minNodes,
    Duration nodeScaleDownDelay,
    Double nodePricePerHour) {

  public WorkModel {
    Objects.requireNonNull(throughput, "throughput");
    Objects.requireNonNull(podStartup, "podStartup");
    Objects.requireNonNull(nodeStartup, "nodeStartup");
    Objects.requireNonNull(nodeScaleDownDelay, "nodeScaleDownDelay");
    if (podsPerNode < 1 || minNodes < 0) {
      throw new IllegalArgumentException("podsPerNode must be 1 or more and minNodes 0 or more");
    }
  }
}
