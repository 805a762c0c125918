package io.sparkscale.simulate.hpa;

import java.util.Arrays;

/**
 * The HPA's log of unstabilized recommendations for one autoscaler, with both ways of reading it.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go. The log is a slice of
 * (recommendation, timestamp); an entry too old for every window is overwritten in place by the next
 * recommendation (the last such entry found), otherwise the new one is appended, so the log stays as long as
 * the longest window holds syncs. Times are milliseconds; Go's {@code After}/{@code Before} are strict and are
 * kept strict here, because a deterministic replay hits the window edges exactly.
 */
public final class Recommendations {

  private int[] values = new int[8];
  private long[] times = new long[8];
  private int size;

  /** recordInitialRecommendation: the current replicas become the first entry, once. */
  public void recordInitial(int currentReplicas, long now) {
    if (size == 0) {
      append(currentReplicas, now);
    }
  }

  /** Puts an entry as it was at a given time (tests start from the logs of Kubernetes' own tests). */
  public void add(int recommendation, long at) {
    append(recommendation, at);
  }

  public int size() {
    return size;
  }

  public int valueAt(int index) {
    return values[index];
  }

  /**
   * stabilizeRecommendationWithBehaviors: the recommendation is held between the lowest entry of the scale-up
   * window and the highest of the scale-down window (both including the new one), starting from the current
   * replicas; then the new unstabilized recommendation is recorded.
   */
  public int stabilizeWithBehaviors(
      long now, int currentReplicas, int desiredReplicas, int upWindowSeconds, int downWindowSeconds) {
    int upRecommendation = desiredReplicas;
    long upCutoff = now - upWindowSeconds * 1000L;
    int downRecommendation = desiredReplicas;
    long downCutoff = now - downWindowSeconds * 1000L;
    int oldIndex = -1;
    for (int i = 0; i < size; i++) {
      long at = times[i];
      if (at > upCutoff) {
        upRecommendation = Math.min(values[i], upRecommendation);
      }
      if (at > downCutoff) {
        downRecommendation = Math.max(values[i], downRecommendation);
      }
      if (at < upCutoff && at < downCutoff) {
        oldIndex = i;
      }
    }
    int recommendation = currentReplicas;
    if (recommendation < upRecommendation) {
      recommendation = upRecommendation;
    }
    if (recommendation > downRecommendation) {
      recommendation = downRecommendation;
    }
    record(oldIndex, desiredReplicas, now);
    return recommendation;
  }

  /**
   * stabilizeRecommendation, the path of an HPA without {@code behavior} (KEDA creates one when the
   * ScaledObject names none): the highest recommendation not older than the downscale stabilization window
   * (--horizontal-pod-autoscaler-downscale-stabilization, 5 min). An entry exactly at the cutoff still counts.
   */
  public int stabilizeWithoutBehavior(long now, int desiredReplicas, long windowMillis) {
    int maxRecommendation = desiredReplicas;
    long cutoff = now - windowMillis;
    int oldIndex = -1;
    for (int i = 0; i < size; i++) {
      if (times[i] < cutoff) {
        oldIndex = i;
      } else if (values[i] > maxRecommendation) {
        maxRecommendation = values[i];
      }
    }
    record(oldIndex, desiredReplicas, now);
    return maxRecommendation;
  }

  private void record(int oldIndex, int recommendation, long now) {
    if (oldIndex >= 0) {
      values[oldIndex] = recommendation;
      times[oldIndex] = now;
    } else {
      append(recommendation, now);
    }
  }

  private void append(int recommendation, long at) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
      times = Arrays.copyOf(times, size * 2);
    }
    values[size] = recommendation;
    times[size] = at;
    size++;
  }
}
