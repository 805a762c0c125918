package io.sparkscale.simulate.cluster;

import io.sparkscale.simulate.WorkModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Pods on nodes, with the parts of the scheduler and the Cluster Autoscaler that decide when a replica can
 * start and what the nodes cost.
 *
 * <ul>
 *   <li>A new pod is bound at once to the ready node with the most free slots (kube-scheduler's default
 *       NodeResourcesFit scoring strategy is LeastAllocated, kubernetes/kubernetes
 *       pkg/scheduler/apis/config/v1/defaults.go, SetDefaults_NodeResourcesFitArgs: it spreads pods); slots
 *       are {@code podsPerNode}.
 *   <li>A pod that finds no slot waits unscheduled. The Cluster Autoscaler packs unschedulable pods onto
 *       placeholders of the nodes still being provisioned before it asks for more (kubernetes/autoscaler
 *       cluster-autoscaler/core/static_autoscaler.go, RunOnce, clusterStateRegistry.GetUpcomingNodes): only
 *       the pods beyond the upcoming nodes' slots ask for new nodes, ready {@code nodeStartup} later (which
 *       includes the autoscaler's own reaction). Waiting pods take the first slots that free up, oldest first.
 *   <li>A node empty for {@code nodeScaleDownDelay} is removed while there are more than {@code minNodes}
 *       (the Cluster Autoscaler's scale-down-unneeded-time, 10 min by default, kubernetes/autoscaler
 *       cluster-autoscaler/FAQ.md "How does scale-down work?"). Draining under-used nodes onto others,
 *       scale-down-delay-after-add and node types are not modelled.
 * </ul>
 */
public final class Cluster {

  /** Event kinds the cluster asks its owner to schedule. */
  public static final int POD_READY = 1;
  public static final int NODE_READY = 2;
  public static final int NODE_EMPTY = 3;

  /** Receives the cluster's timers: at {@code time}, hand {@code ref} back to the matching method. */
  public interface Timers {
    void at(long time, int kind, Object ref);
  }

  private final Timers timers;
  private final int podsPerNode;
  private final int minNodes;
  private final long podStartupMillis;
  private final long nodeStartupMillis;
  private final long nodeScaleDownDelayMillis;
  private final List<Pod> pods = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private final ArrayDeque<Pod> waiting = new ArrayDeque<>();
  private int nextPodId;
  private int nextNodeId;
  private int unscheduled;
  private int readyPods;
  private int startingNodes;

  public Cluster(WorkModel work, Timers timers) {
    this.timers = timers;
    this.podsPerNode = work.podsPerNode();
    this.minNodes = work.minNodes();
    this.podStartupMillis = work.podStartup().toMillis();
    this.nodeStartupMillis = work.nodeStartup().toMillis();
    this.nodeScaleDownDelayMillis = work.nodeScaleDownDelay().toMillis();
  }

  /** The state at the start: {@code initialPods} ready on ready nodes, at least {@code minNodes} of them. */
  public List<Pod> start(int initialPods) {
    int nodeCount = Math.max(minNodes, (initialPods + podsPerNode - 1) / podsPerNode);
    for (int i = 0; i < nodeCount; i++) {
      nodes.add(new Node(nextNodeId++, true));
    }
    List<Pod> started = new ArrayList<>();
    for (int i = 0; i < initialPods; i++) {
      Pod p = new Pod(nextPodId++, 0);
      pods.add(p);
      Node n = leastAllocatedReadyNode();
      bind(p, n, 0, false);
      p.ready = true;
      p.readyAt = 0;
      readyPods++;
      started.add(p);
    }
    for (Node n : nodes) {
      if (n.pods == 0) {
        markEmpty(n, 0);
      }
    }
    return started;
  }

  /** A new pod: bound now if a ready node has room, else waiting for one (and perhaps a new node). */
  public Pod addPod(long now) {
    Pod p = new Pod(nextPodId++, now);
    pods.add(p);
    Node n = leastAllocatedReadyNode();
    if (n != null) {
      bind(p, n, now, true);
    } else {
      waiting.addLast(p);
      unscheduled++;
      provisionFor(now);
    }
    return p;
  }

  /** POD_READY: the pod's containers run. False when the pod was deleted meanwhile. */
  public boolean podReady(Pod p, long now) {
    if (p.removed || p.ready) {
      return false;
    }
    p.ready = true;
    p.readyAt = now;
    readyPods++;
    return true;
  }

  /** NODE_READY: the node joins and takes waiting pods. */
  public void nodeReady(Node n, long now) {
    if (n.removed || n.ready) {
      return;
    }
    n.ready = true;
    startingNodes--;
    bindWaiting(now);
    if (n.pods == 0) {
      markEmpty(n, now);
    }
  }

  /** NODE_EMPTY: the node has stayed empty for the scale-down delay; removed unless at the minimum. */
  public void nodeEmptyLongEnough(Node n, long now) {
    if (n.removed || n.pods > 0 || n.emptySince < 0 || n.emptySince + nodeScaleDownDelayMillis != now) {
      return;
    }
    if (nodes.size() > minNodes) {
      n.removed = true;
      nodes.remove(n);
    }
  }

  /** Deletes pods (a Deployment scaled down, or Jobs that ended); freed slots go to waiting pods. */
  public void remove(List<Pod> gone, long now) {
    for (Pod p : gone) {
      removeOne(p, now);
    }
    bindWaiting(now);
  }

  public void remove(Pod p, long now) {
    removeOne(p, now);
    bindWaiting(now);
  }

  private void removeOne(Pod p, long now) {
    if (p.removed) {
      return;
    }
    p.removed = true;
    pods.remove(p);
    if (p.ready) {
      readyPods--;
    }
    if (p.node == null) {
      unscheduled--;
      waiting.remove(p);
    } else {
      Node n = p.node;
      n.pods--;
      if (n.pods == 0) {
        markEmpty(n, now);
      }
    }
  }

  private void bindWaiting(long now) {
    while (unscheduled > 0) {
      Node n = leastAllocatedReadyNode();
      if (n == null) {
        return;
      }
      Pod p = waiting.pollFirst();
      unscheduled--;
      bind(p, n, now, true);
    }
  }

  private void bind(Pod p, Node n, long now, boolean starts) {
    p.node = n;
    p.boundAt = now;
    n.pods++;
    n.emptySince = -1;
    if (starts) {
      timers.at(now + podStartupMillis, POD_READY, p);
    }
  }

  private void provisionFor(long now) {
    long upcoming = (long) startingNodes * podsPerNode;
    if (unscheduled <= upcoming) {
      return;
    }
    long missing = unscheduled - upcoming;
    long newNodes = (missing + podsPerNode - 1) / podsPerNode;
    for (long i = 0; i < newNodes; i++) {
      Node n = new Node(nextNodeId++, false);
      nodes.add(n);
      startingNodes++;
      timers.at(now + nodeStartupMillis, NODE_READY, n);
    }
  }

  private void markEmpty(Node n, long now) {
    n.emptySince = now;
    timers.at(now + nodeScaleDownDelayMillis, NODE_EMPTY, n);
  }

  private Node leastAllocatedReadyNode() {
    Node best = null;
    for (Node n : nodes) {
      if (n.ready && n.pods < podsPerNode && (best == null || n.pods < best.pods)) {
        best = n;
      }
    }
    return best;
  }

  /** Pods that exist (status.replicas), ready or not. */
  public int pods() {
    return pods.size();
  }

  public int readyPods() {
    return readyPods;
  }

  public int unscheduledPods() {
    return unscheduled;
  }

  /** Nodes that exist, starting or ready. */
  public int nodes() {
    return nodes.size();
  }

  /** True when no node beyond the minimum is empty or starting: what is left would stay. */
  public boolean nodesSettled() {
    if (startingNodes > 0) {
      return false;
    }
    if (nodes.size() <= minNodes) {
      return true;
    }
    for (Node n : nodes) {
      if (n.pods == 0) {
        return false;
      }
    }
    return true;
  }

  /** The pods, oldest first (read-only). */
  public List<Pod> podList() {
    return Collections.unmodifiableList(pods);
  }
}
