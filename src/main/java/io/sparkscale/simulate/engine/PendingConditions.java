package io.sparkscale.simulate.engine;

import io.sparkscale.simulate.cluster.Pod;
import java.util.List;

/**
 * When KEDA counts a Job as pending.
 *
 * <p>Source: kedacore/keda pkg/scaling/executor/scale_jobs.go, {@code getPendingJobCount}: without
 * pendingPodConditions a Job is pending until one of its pods is Running or Succeeded
 * ({@code isAnyPodRunningOrCompleted}); with them, until one pod has every listed condition True
 * ({@code areAllPendingPodConditionsFulfilled}). The pod conditions are modelled from the pod's life here:
 * PodScheduled and PodReadyToStartContainers turn True when the pod is bound to a node; Initialized,
 * ContainersReady and Ready when it runs. A condition of another name never turns True, so the Job stays
 * pending until it ends, as KEDA would see it.
 */
final class PendingConditions {

  private final List<String> conditions;

  PendingConditions(List<String> conditions) {
    this.conditions = List.copyOf(conditions);
  }

  boolean isPending(Pod jobPod) {
    if (conditions.isEmpty()) {
      return !jobPod.isReady();
    }
    for (String c : conditions) {
      if (!holds(c, jobPod)) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(String condition, Pod pod) {
    // KEDA matches condition types exactly, case included.
    return switch (condition) {
      case "PodScheduled", "PodReadyToStartContainers" -> pod.isScheduled();
      case "Initialized", "ContainersReady", "Ready" -> pod.isReady();
      default -> false;
    };
  }
}
