package io.sparkscale.simulate.keda;

import io.sparkscale.render.ScaledJobStrategy;

/**
 * KEDA's ScaledJob scaling strategies: from the metric's maxScale and the Jobs already there, how many Jobs may
 * be created (effective max scale) and how many are asked for (scaleTo).
 *
 * <p>Source: kedacore/keda pkg/scaling/executor/scale_jobs.go, {@code NewScalingStrategy} and the four
 * {@code GetEffectiveMaxScale} implementations. A custom strategy whose customScalingRunningJobPercentage does
 * not parse as a number (unset included) falls back to the default strategy, as NewScalingStrategy does.
 */
public final class JobScalingStrategy {

  /** effectiveMaxScale and scaleTo as GetEffectiveMaxScale returns them. */
  public record Decision(long effectiveMaxScale, long scaleTo) {}

  private final ScaledJobStrategy.Kind kind;
  private final long deduction;
  private final double runningPercentage;

  public JobScalingStrategy(ScaledJobStrategy strategy) {
    boolean custom = strategy.kind() == ScaledJobStrategy.Kind.CUSTOM;
    if (custom && strategy.customRunningJobPercentage() == null) {
      this.kind = ScaledJobStrategy.Kind.DEFAULT;
    } else {
      this.kind = strategy.kind();
    }
    this.deduction = custom && strategy.customQueueLengthDeduction() != null
        ? strategy.customQueueLengthDeduction() : 0;
    this.runningPercentage = custom && strategy.customRunningJobPercentage() != null
        ? strategy.customRunningJobPercentage() : 0;
  }

  /** The strategy in effect (custom without a percentage is the default one). */
  public ScaledJobStrategy.Kind kind() {
    return kind;
  }

  public Decision effectiveMaxScale(long maxScale, long running, long pending, long maxReplicaCount, long scaleTo) {
    return switch (kind) {
      case DEFAULT -> new Decision(maxScale - running, scaleTo);
      case CUSTOM -> new Decision(
          Math.min(maxScale - deduction - (long) (running * runningPercentage), maxReplicaCount), scaleTo);
      case ACCURATE -> maxScale + running - pending > maxReplicaCount
          ? new Decision(maxReplicaCount - running, scaleTo)
          : new Decision(maxScale - pending, scaleTo);
      case EAGER -> new Decision(Math.min(maxReplicaCount - running - pending, maxScale), maxReplicaCount);
    };
  }
}
