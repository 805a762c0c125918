package io.sparkscale.simulate.hpa;

import java.util.Arrays;

/**
 * The HPA's history of scale events in one direction (replicas added, or replicas removed, as a positive
 * number), read by the rate policies.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go: {@code storeScaleEvent} marks
 * events older than the direction's longest policy period as outdated (markScaleEventsOutdated) and overwrites
 * the last outdated one, else appends; {@code getReplicasChangePerPeriod} sums events strictly after
 * {@code now - periodSeconds}, outdated or not. An outdated event that was not yet overwritten is still read by
 * the other direction's policies when their period is longer: kept as Kubernetes does it.
 */
public final class ScaleEvents {

  private int[] changes = new int[8];
  private long[] times = new long[8];
  private boolean[] outdated = new boolean[8];
  private int size;

  /** Stores a change (positive) made at {@code now}; {@code longestPolicyPeriodSeconds} of this direction. */
  public void store(int change, long now, int longestPolicyPeriodSeconds) {
    long cutoff = now - longestPolicyPeriodSeconds * 1000L;
    int oldIndex = -1;
    for (int i = 0; i < size; i++) {
      if (times[i] < cutoff) {
        outdated[i] = true;
      }
      if (outdated[i]) {
        oldIndex = i;
      }
    }
    if (oldIndex >= 0) {
      put(oldIndex, change, now, false);
    } else {
      add(change, now, false);
    }
  }

  /** Puts an event as it was (tests start from the histories of Kubernetes' own tests). */
  public void add(int change, long at, boolean isOutdated) {
    if (size == changes.length) {
      changes = Arrays.copyOf(changes, size * 2);
      times = Arrays.copyOf(times, size * 2);
      outdated = Arrays.copyOf(outdated, size * 2);
    }
    put(size, change, at, isOutdated);
    size++;
  }

  /** getReplicasChangePerPeriod: the changes made strictly within the last {@code periodSeconds}. */
  public int changeWithin(int periodSeconds, long now) {
    long cutoff = now - periodSeconds * 1000L;
    int sum = 0;
    for (int i = 0; i < size; i++) {
      if (times[i] > cutoff) {
        sum += changes[i];
      }
    }
    return sum;
  }

  public int size() {
    return size;
  }

  public int changeAt(int index) {
    return changes[index];
  }

  public boolean outdatedAt(int index) {
    return outdated[index];
  }

  private void put(int index, int change, long at, boolean isOutdated) {
    changes[index] = change;
    times[index] = at;
    outdated[index] = isOutdated;
  }
}
