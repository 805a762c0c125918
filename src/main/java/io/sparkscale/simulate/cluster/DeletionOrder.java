package io.sparkscale.simulate.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a ReplicaSet deletes first when the Deployment is scaled down.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/replicaset/replica_set.go, {@code getPodsToDelete} and
 * {@code getPodsRankedByRelatedPodsOnSameNode}, and pkg/controller/controller_utils.go,
 * {@code ActivePodsWithRanks.Less}: (1) unscheduled before scheduled; (2) phase Pending before Running (a
 * starting pod is Pending here); (3) not ready before ready; (4) pod-deletion-cost, not used here; (5) more
 * pods of the same ReplicaSet on the same node first; (6) of two ready pods, the one ready for less time, on a
 * logarithmic scale (LogarithmicScaleDown); (7) more restarts first (none here); (8) newer first, also
 * logarithmic. Kubernetes breaks logarithmic ties by pod UID, a pseudo-random order; here the newer pod goes
 * first, so runs repeat exactly.
 */
public final class DeletionOrder {

  private DeletionOrder() {}

  /** The {@code count} pods to delete among {@code pods} at {@code now}. */
  public static List<Pod> podsToDelete(List<Pod> pods, int count, long now) {
    Map<Node, Integer> onNode = new HashMap<>();
    int unscheduled = 0;
    for (Pod p : pods) {
      if (p.node == null) {
        unscheduled++;
      } else {
        onNode.merge(p.node, 1, Integer::sum);
      }
    }
    int unscheduledRank = unscheduled;
    List<Pod> ranked = new ArrayList<>(pods);
    ranked.sort(comparator(now, p -> p.node == null ? unscheduledRank : onNode.get(p.node)));
    return new ArrayList<>(ranked.subList(0, Math.min(count, ranked.size())));
  }

  /** A rank: the pod's colocated pods of the same ReplicaSet (itself included). */
  public interface Rank {
    int of(Pod pod);
  }

  static Comparator<Pod> comparator(long now, Rank rank) {
    return (a, b) -> {
      if ((a.node == null) != (b.node == null)) {
        return a.node == null ? -1 : 1;
      }
      // Phase and readiness coincide here: a pod is Running exactly when it is ready.
      if (a.ready != b.ready) {
        return a.ready ? 1 : -1;
      }
      int ra = rank.of(a);
      int rb = rank.of(b);
      if (ra != rb) {
        return ra > rb ? -1 : 1;
      }
      if (a.ready && b.ready && a.readyAt != b.readyAt) {
        long diff = logRank(now - a.readyAt) - logRank(now - b.readyAt);
        if (diff != 0) {
          return diff < 0 ? -1 : 1;
        }
        return Integer.compare(b.id, a.id);
      }
      if (a.createdAt != b.createdAt) {
        long diff = logRank(now - a.createdAt) - logRank(now - b.createdAt);
        if (diff != 0) {
          return diff < 0 ? -1 : 1;
        }
      }
      return Integer.compare(b.id, a.id);
    };
  }

  /** logarithmicRankDiff's rank: floor(log2(age in nanoseconds)), -1 for no age. */
  static long logRank(long ageMillis) {
    if (ageMillis <= 0) {
      return -1;
    }
    double nanos = ageMillis * 1_000_000.0;
    return (long) (Math.log(nanos) / Math.log(2));
  }
}
