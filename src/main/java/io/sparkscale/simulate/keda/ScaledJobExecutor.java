package io.sparkscale.simulate.keda;

import io.sparkscale.render.ScaledJobStrategy;

/**
 * What KEDA does with a ScaledJob at each polling interval: turn the trigger's value into maxScale and scaleTo,
 * let the strategy weigh the running and pending Jobs, and create Jobs while the trigger is active.
 *
 * <p>Sources: kedacore/keda pkg/scaling/scaledjob/metrics.go ({@code CalculateQueueLengthAndMaxValue}:
 * maxValue = min(queueLength / target, maxReplicaCount); {@code IsScaledJobActive}, default "max"
 * calculation: a scaler counts only when active with a queue above 0, then scaleTo = ceil(queueLength) and
 * maxScale = ceil(maxValue)); pkg/scaling/executor/scale_jobs.go ({@code RequestJobScale},
 * {@code getScalingDecision}, {@code createJobs}: nothing when the effective max scale is 0 or less, else
 * min(scaleTo, effective max scale) Jobs). minReplicaCount is 0 here, so maxReplicaCount() is the
 * ScaledJob's maxReplicaCount.
 */
public final class ScaledJobExecutor {

  private final long target;
  private final long maxReplicaCount;
  private final JobScalingStrategy strategy;

  public ScaledJobExecutor(long target, int maxReplicaCount, ScaledJobStrategy strategy) {
    if (target <= 0) {
      throw new IllegalArgumentException("the ScaledJob's target must be above 0, got " + target);
    }
    this.target = target;
    this.maxReplicaCount = maxReplicaCount;
    this.strategy = new JobScalingStrategy(strategy);
  }

  /**
   * Jobs to create at one poll.
   *
   * @param queueLength the trigger's value (objects or bytes)
   * @param triggerActive the trigger's IsActive answer
   * @param running Jobs not finished (pending ones included)
   * @param pending Jobs whose pod is not running yet (or misses a pendingPodCondition)
   */
  public long jobsToCreate(long queueLength, boolean triggerActive, long running, long pending) {
    boolean active = triggerActive && queueLength > 0;
    if (!active) {
      return 0;
    }
    double maxValue = Math.min((double) queueLength / target, maxReplicaCount);
    long scaleTo = queueLength;
    long maxScale = (long) Math.ceil(maxValue);
    JobScalingStrategy.Decision decision = strategy.effectiveMaxScale(maxScale, running, pending, maxReplicaCount,
        scaleTo);
    long effectiveMaxScale = Math.max(decision.effectiveMaxScale(), 0);
    if (effectiveMaxScale <= 0) {
      return 0;
    }
    return Math.min(decision.scaleTo(), effectiveMaxScale);
  }
}
