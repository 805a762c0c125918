package io.sparkscale.simulate.cluster;

/** A replica's pod (or a Job's pod): unscheduled, starting on a node, or ready and processing. */
public final class Pod {

  final int id;
  final long createdAt;
  Node node;
  boolean ready;
  long boundAt = -1;
  long readyAt = -1;
  boolean removed;
  /** Whatever the scaling loop keeps with the pod (a Job's batch). */
  public Object work;

  Pod(int id, long createdAt) {
    this.id = id;
    this.createdAt = createdAt;
  }

  public int id() {
    return id;
  }

  public boolean isScheduled() {
    return node != null;
  }

  public boolean isReady() {
    return ready;
  }

  public boolean isRemoved() {
    return removed;
  }

  /** When the pod was bound to a node (PodScheduled became true), or -1. */
  public long boundAt() {
    return boundAt;
  }
}
