package io.sparkscale.simulate.hpa;

import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;

/**
 * How far the HPA may move the replicas in one sync: with {@code behavior} (rate policies over the scale-event
 * history) and without it (the fixed scale-up limit). Each answer carries the reason Kubernetes puts in the
 * ScalingLimited condition, so tests can check it against Kubernetes' own expectations.
 *
 * <p>Source: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go:
 * {@code convertDesiredReplicasWithBehaviorRate}, {@code calculateScaleUpLimitWithScalingRules},
 * {@code calculateScaleDownLimitWithBehaviors}, {@code convertDesiredReplicasWithRules},
 * {@code calculateScaleUpLimit}.
 */
public final class ScaleLimits {

  /** Replicas after the limits, and the ScalingLimited reason. */
  public record Limited(int replicas, String reason) {}

  private ScaleLimits() {}

  /** convertDesiredReplicasWithBehaviorRate: the rate policies, then min and max. */
  public static Limited withBehavior(int current, int desired, int min, int max, Rules scaleUp, Rules scaleDown,
      ScaleEvents upEvents, ScaleEvents downEvents, long now) {
    if (desired > current) {
      int scaleUpLimit = scaleUpLimit(current, upEvents, downEvents, scaleUp, now);
      if (scaleUpLimit < current) {
        // No further scale-up until the history has aged out.
        scaleUpLimit = current;
      }
      int maximumAllowed = max;
      String reason;
      if (maximumAllowed > scaleUpLimit) {
        maximumAllowed = scaleUpLimit;
        reason = "ScaleUpLimit";
      } else {
        reason = "TooManyReplicas";
      }
      if (desired > maximumAllowed) {
        return new Limited(maximumAllowed, reason);
      }
    } else if (desired < current) {
      int scaleDownLimit = scaleDownLimit(current, upEvents, downEvents, scaleDown, now);
      if (scaleDownLimit > current) {
        scaleDownLimit = current;
      }
      int minimumAllowed = min;
      String reason;
      if (minimumAllowed < scaleDownLimit) {
        minimumAllowed = scaleDownLimit;
        reason = "ScaleDownLimit";
      } else {
        reason = "TooFewReplicas";
      }
      if (desired < minimumAllowed) {
        return new Limited(minimumAllowed, reason);
      }
    }
    return new Limited(desired, "DesiredWithinRange");
  }

  /** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
  public static int scaleUpLimit(int current, ScaleEvents upEvents, ScaleEvents downEvents, Rules rules, long now) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return current;
    }
    boolean pickMin = rules.selectPolicy() == SelectPolicy.MIN;
    long result = pickMin ? Integer.MAX_VALUE : Integer.MIN_VALUE;
    for (Policy policy : rules.policies()) {
      int periodStart = periodStart(current, upEvents, downEvents, policy, now);
      long proposed = policy.type() == PolicyType.PODS
          ? (long) periodStart + policy.value()
          // Rounded up, or a small percentage of few replicas would never add one.
          : (long) Math.ceil(periodStart * (1 + policy.value() / 100.0));
      result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
    }
    return (int) result;
  }

  /** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
  public static int scaleDownLimit(int current, ScaleEvents upEvents, ScaleEvents downEvents, Rules rules, long now) {
    if (rules.selectPolicy() == SelectPolicy.DISABLED) {
      return current;
    }
    boolean pickMin = rules.selectPolicy() == SelectPolicy.MIN;
    // For scaling down, the smallest change is the highest replica count.
    long result = pickMin ? Integer.MIN_VALUE : Integer.MAX_VALUE;
    for (Policy policy : rules.policies()) {
      int periodStart = periodStart(current, upEvents, downEvents, policy, now);
      long proposed = policy.type() == PolicyType.PODS
          ? (long) periodStart - policy.value()
          // Go's int32(float64) conversion truncates toward zero.
          : (long) (periodStart * (1 - policy.value() / 100.0));
      result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
    }
    return (int) result;
  }

  /** The replicas at the start of the policy's period: now's, less what was added, plus what was removed. */
  private static int periodStart(int current, ScaleEvents upEvents, ScaleEvents downEvents, Policy policy, long now) {
    return current - upEvents.changeWithin(policy.periodSeconds(), now)
        + downEvents.changeWithin(policy.periodSeconds(), now);
  }

  /** convertDesiredReplicasWithRules: without behavior, at most max(2 x current, 4), and min and max. */
  public static Limited withoutBehavior(int current, int desired, int min, int max) {
    int scaleUpLimit = scaleUpLimitWithoutBehavior(current);
    int maximumAllowed;
    String reason;
    if (max > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      reason = "ScaleUpLimit";
    } else {
      maximumAllowed = max;
      reason = "TooManyReplicas";
    }
    if (desired < min) {
      return new Limited(min, "TooFewReplicas");
    } else if (desired > maximumAllowed) {
      return new Limited(maximumAllowed, reason);
    }
    return new Limited(desired, "DesiredWithinRange");
  }

  /** calculateScaleUpLimit: scaleUpLimitFactor 2.0, scaleUpLimitMinimum 4.0. */
  public static int scaleUpLimitWithoutBehavior(int current) {
    return (int) Math.max(2.0 * current, 4.0);
  }

  /** getLongestPolicyPeriod: how long this direction's events matter. */
  public static int longestPeriodSeconds(Rules rules) {
    int longest = 0;
    for (Policy policy : rules.policies()) {
      longest = Math.max(longest, policy.periodSeconds());
    }
    return longest;
  }
}
