package io.sparkscale.simulate;

/**
 * The state after a change, at t seconds from the start.
 *
 * @param backlogObjects arrived and not yet processed (pending plus in progress)
 * @param replicas replicas (or Jobs) that exist, starting or running
 * @param readyReplicas replicas (or Jobs) processing
 * @param nodes nodes that exist, starting or ready
 */
public record TimelinePoint(
    double t, long backlogObjects, long backlogBytes, int replicas, int readyReplicas, int nodes) {}
