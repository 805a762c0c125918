package io.sparkscale.simulate.hpa;

import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;
import java.util.ArrayList;
import java.util.List;

/**
 * The helpers of kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go, so its vectors read as
 * they are written there: generateScalingRules, generateEventsUniformDistribution, and the defaulting of
 * pkg/apis/autoscaling/v2/defaults.go (GenerateHPAScaleUpRules / GenerateHPAScaleDownRules: unset policies take
 * the default ones).
 */
final class KubeRules {

  static final long NOW = 10_000_000L;

  private KubeRules() {}

  /** generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow) with Max select. */
  static List<Policy> policies(int pods, int podsPeriod, int percent, int percentPeriod) {
    List<Policy> policies = new ArrayList<>();
    if (pods != 0) {
      policies.add(new Policy(PolicyType.PODS, pods, podsPeriod));
    }
    if (percent != 0) {
      policies.add(new Policy(PolicyType.PERCENT, percent, percentPeriod));
    }
    return policies;
  }

  /** GenerateHPAScaleUpRules(generateScalingRules(...)), or the defaults for null. */
  static Rules up(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    List<Policy> p = policies(pods, podsPeriod, percent, percentPeriod);
    return new Rules(window, SelectPolicy.MAX, p.isEmpty() ? Rules.defaultScaleUp().policies() : p);
  }

  static Rules down(int pods, int podsPeriod, int percent, int percentPeriod, int window) {
    List<Policy> p = policies(pods, podsPeriod, percent, percentPeriod);
    return new Rules(window, SelectPolicy.MAX, p.isEmpty() ? Rules.defaultScaleDown().policies() : p);
  }

  /**
   * generateEventsUniformDistribution(rawEvents, periodSeconds): events at the centres of equal segments of the
   * last periodSeconds (Go truncates the offset to whole seconds before multiplying by time.Second).
   */
  static ScaleEvents events(int[] raw, int periodSeconds) {
    ScaleEvents events = new ScaleEvents();
    double segment = (double) periodSeconds / raw.length;
    for (int i = 0; i < raw.length; i++) {
      long boundarySeconds = (long) (periodSeconds - segment * (i + 1) + segment / 2);
      events.add(raw[i], NOW - boundarySeconds * 1000L, false);
    }
    return events;
  }
}
