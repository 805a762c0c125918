package io.sparkscale.simulate.cluster;

/** A node: starting (provisioned for pods that found no room) or ready, holding up to podsPerNode pods. */
public final class Node {

  final int id;
  boolean ready;
  int pods;
  long emptySince = -1;
  boolean removed;

  Node(int id, boolean ready) {
    this.id = id;
    this.ready = ready;
  }

  public int id() {
    return id;
  }

  public boolean isReady() {
    return ready;
  }

  public int pods() {
    return pods;
  }
}
