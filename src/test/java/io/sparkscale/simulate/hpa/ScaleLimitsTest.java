package io.sparkscale.simulate.hpa;

import static io.sparkscale.simulate.hpa.KubeRules.NOW;
import static io.sparkscale.simulate.hpa.KubeRules.down;
import static io.sparkscale.simulate.hpa.KubeRules.events;
import static io.sparkscale.simulate.hpa.KubeRules.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Vectors from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go. */
class ScaleLimitsTest {

  /** TestConvertDesiredReplicasWithRules: the HPA without behavior. */
  @ParameterizedTest(name = "{6}")
  @CsvSource({
    "5, 7, 3, 8, 7, DesiredWithinRange, prenormalized desired replicas within range",
    "3, 1, 2, 8, 2, TooFewReplicas, prenormalized desired replicas < minReplicas",
    "1, 0, 0, 10, 0, DesiredWithinRange, prenormalized desired zeroed replicas within range",
    "20, 1000, 1, 10, 10, TooManyReplicas, maxReplicas is the limit because maxReplicas < scaleUpLimit",
    "3, 1000, 1, 2000, 6, ScaleUpLimit, scaleUpLimit is the limit because scaleUpLimit < maxReplicas",
  })
  void convertDesiredReplicasWithRules(int current, int desired, int min, int max, int expected, String reason,
      String name) {
    ScaleLimits.Limited limited = ScaleLimits.withoutBehavior(current, desired, min, max);
    assertThat(limited.replicas()).isEqualTo(expected);
    assertThat(limited.reason()).isEqualTo(reason);
  }

  static Stream<Arguments> scalingWithRules() {
    ScaleEvents none = new ScaleEvents();
    Rules defUp = Rules.defaultScaleUp();
    Rules defDown = Rules.defaultScaleDown();
    int[] e159 = {1, 5, 9};
    int[] e8129 = {8, 12, 9, 11};
    // name, up events, down events, min, max, up rules, down rules, current, desired, expected, reason
    return Stream.of(
        Arguments.of("prenormalized desired replicas within range", none, none, 3, 8, defUp, defDown, 5, 7, 7,
            "DesiredWithinRange"),
        Arguments.of("prenormalized desired replicas < minReplicas", none, none, 2, 8, defUp, defDown, 3, 1, 2,
            "TooFewReplicas"),
        Arguments.of("prenormalized desired replicas within range when minReplicas is 0", none, none, 0, 10, defUp,
            defDown, 1, 0, 0, "DesiredWithinRange"),
        Arguments.of("maxReplicas is the limit because maxReplicas < scaleUpLimit", none, none, 1, 10, defUp,
            defDown, 20, 1000, 10, "TooManyReplicas"),
        Arguments.of("desired replica count is more than the maximum replica count", none, none, 100, 150, defUp,
            defDown, 100, 1000, 150, "TooManyReplicas"),
        Arguments.of("scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies", none, none,
            1, 2000, up(0, 0, 1, 60, 0), defDown, 3, 1000, 4, "ScaleUpLimit"),
        Arguments.of("scaleUp with default behavior", none, none, 1, 1000, defUp, defDown, 10, 50, 20,
            "ScaleUpLimit"),
        Arguments.of("scaleUp with pods policy larger than percent policy", none, none, 1, 1000,
            up(100, 60, 100, 60, 0), defDown, 10, 500, 110, "ScaleUpLimit"),
        Arguments.of("scaleUp with percent policy larger than pods policy", none, none, 1, 1000,
            up(2, 60, 100, 60, 0), defDown, 10, 500, 20, "ScaleUpLimit"),
        Arguments.of("scaleUp with spec MaxReplicas limitation with large pod policy", none, none, 1, 1000,
            up(100, 60, 0, 0, 0), defDown, 10, 50, 50, "DesiredWithinRange"),
        Arguments.of("scaleUp with spec MaxReplicas limitation with large percent policy", none, none, 1, 1000,
            up(10000, 60, 0, 0, 0), defDown, 10, 50, 50, "DesiredWithinRange"),
        Arguments.of("scaleUp with pod policy limitation", none, none, 1, 1000, up(30, 60, 0, 0, 0), defDown, 10,
            50, 40, "ScaleUpLimit"),
        Arguments.of("scaleUp with percent policy limitation", none, none, 1, 1000, up(0, 0, 200, 60, 0), defDown,
            10, 50, 30, "ScaleUpLimit"),
        Arguments.of("scaleDown with percent policy larger than pod policy", none, none, 1, 1000, defUp,
            down(20, 60, 1, 60, 300), 100, 2, 80, "ScaleDownLimit"),
        Arguments.of("scaleDown with pod policy larger than percent policy", none, none, 1, 1000, defUp,
            down(2, 60, 1, 60, 300), 100, 2, 98, "ScaleDownLimit"),
        Arguments.of("scaleDown with spec MinReplicas=nil limitation with large pod policy", none, none, 1, 1000,
            defUp, down(100, 60, 0, 0, 300), 10, 0, 1, "TooFewReplicas"),
        Arguments.of("scaleDown with spec MinReplicas limitation with large percent policy", none, none, 5, 1000,
            defUp, down(0, 0, 100, 60, 300), 10, 2, 5, "TooFewReplicas"),
        Arguments.of("scaleDown with pod policy limitation", none, none, 1, 1000, defUp, down(5, 60, 0, 0, 300), 10,
            2, 5, "ScaleDownLimit"),
        Arguments.of("scaleDown with percent policy limitation", none, none, 1, 1000, defUp,
            down(0, 0, 50, 60, 300), 10, 5, 5, "DesiredWithinRange"),
        Arguments.of("scaleUp with spec MaxReplicas limitation with large pod policy and events",
            events(e159, 120), none, 1, 200, up(300, 60, 0, 0, 0), defDown, 100, 500, 200, "TooManyReplicas"),
        Arguments.of("scaleUp with spec MaxReplicas limitation with large percent policy and events",
            events(e159, 120), none, 1, 200, up(0, 0, 10000, 60, 0), defDown, 100, 500, 200, "TooManyReplicas"),
        Arguments.of("scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up"
            + " events", events(e159, 120), none, 1, 1000, up(5, 120, 0, 0, 0), defDown, 100, 500, 100,
            "ScaleUpLimit"),
        Arguments.of("scaleUp with pod policy and previous scale up events", events(e159, 120), none, 1, 1000,
            up(150, 120, 0, 0, 0), defDown, 100, 500, 235, "ScaleUpLimit"),
        Arguments.of("scaleUp with percent policy and previous scale up events", events(e159, 120), none, 1, 1000,
            up(0, 0, 200, 120, 0), defDown, 100, 500, 255, "ScaleUpLimit"),
        Arguments.of("scaleUp with percent policy and previous scale up and down events", events(new int[] {4}, 120),
            events(new int[] {2}, 120), 1, 1000, up(0, 0, 300, 300, 0), defDown, 6, 24, 16, "ScaleUpLimit"),
        Arguments.of("scaleDown with default policy and previous events", none, events(e159, 120), 1, 1000, defUp,
            defDown, 10, 5, 5, "DesiredWithinRange"),
        Arguments.of("scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events",
            none, events(e159, 120), 1, 1000, defUp, down(115, 120, 0, 0, 300), 100, 0, 1, "TooFewReplicas"),
        Arguments.of("scaleDown with spec MinReplicas limitation with large pod policy and previous events", none,
            events(e159, 120), 5, 1000, defUp, down(130, 120, 0, 0, 300), 100, 0, 5, "TooFewReplicas"),
        Arguments.of("scaleDown with spec MinReplicas limitation with large percent policy and previous events",
            none, events(e159, 120), 5, 1000, defUp, down(0, 0, 100, 120, 300), 100, 2, 5, "TooFewReplicas"),
        Arguments.of("scaleDown with pod policy limitation and previous events", none, events(e159, 120), 1, 1000,
            defUp, down(5, 120, 0, 0, 300), 100, 2, 100, "ScaleDownLimit"),
        Arguments.of("scaleDown with percent policy limitation and previous events", none,
            events(new int[] {2, 4, 6}, 120), 1, 1000, defUp, down(0, 0, 50, 120, 300), 100, 0, 56,
            "ScaleDownLimit"),
        Arguments.of("scaleDown with percent policy and previous scale up and down events",
            events(new int[] {2}, 120), events(new int[] {4}, 120), 1, 1000, defUp, down(0, 0, 50, 180, 0), 10, 1, 6,
            "ScaleDownLimit"),
        Arguments.of("scaleDown with previous events preventing further scale down", none,
            events(new int[] {10, 10, 10}, 120), 1, 1000, defUp, down(0, 0, 10, 120, 300), 100, 0, 100,
            "ScaleDownLimit"),
        Arguments.of("scaleDown with with previous events still allowing more scale down", none,
            events(new int[] {10, 10, 10}, 120), 1, 1000, defUp, down(0, 0, 1000, 120, 300), 10, 5, 5,
            "DesiredWithinRange"),
        Arguments.of("check 'outdated' flag for events for one behavior for up", events(e8129, 120), none, 1, 1000,
            up(1000, 60, 0, 0, 0), defDown, 100, 200, 200, "DesiredWithinRange"),
        Arguments.of("check that events were not marked 'outdated' for two different policies in the behavior for"
            + " up", events(e8129, 120), none, 1, 1000, up(1000, 120, 100, 60, 0), defDown, 100, 200, 200,
            "DesiredWithinRange"),
        Arguments.of("check that events were marked 'outdated' for two different policies in the behavior for up",
            events(e8129, 120), none, 1, 1000, up(1000, 30, 100, 60, 0), defDown, 100, 200, 200,
            "DesiredWithinRange"),
        Arguments.of("check 'outdated' flag for events for one behavior for down", none, events(e8129, 120), 1,
            1000, defUp, down(1000, 60, 0, 0, 300), 100, 5, 5, "DesiredWithinRange"),
        Arguments.of("check that events were not marked 'outdated' for two different policies in the behavior for"
            + " down", none, events(e8129, 120), 1, 1000, defUp, down(1000, 120, 100, 60, 300), 100, 5, 5,
            "DesiredWithinRange"),
        Arguments.of("check that events were marked 'outdated' for two different policies in the behavior for"
            + " down", none, events(e8129, 120), 1, 1000, defUp, down(1000, 30, 100, 60, 300), 100, 5, 5,
            "DesiredWithinRange"));
  }

  /** TestScalingWithRules (convertDesiredReplicasWithBehaviorRate), every case Kubernetes asserts. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scalingWithRules")
  void scalingWithRules(String name, ScaleEvents upEvents, ScaleEvents downEvents, int min, int max, Rules upRules,
      Rules downRules, int current, int desired, int expected, String reason) {
    ScaleLimits.Limited limited = ScaleLimits.withBehavior(current, desired, min, max, upRules, downRules, upEvents,
        downEvents, NOW);
    assertThat(limited.replicas()).isEqualTo(expected);
    assertThat(limited.reason()).isEqualTo(reason);
  }

  /** TestCalculateScaleUpLimitWithScalingRules: Min select picks the smaller of 1 + 2 and ceil(1 x 1.5). */
  @Test
  void scaleUpLimitWithMinSelect() {
    Rules rules = new Rules(300, SelectPolicy.MIN,
        List.of(new Policy(PolicyType.PODS, 2, 60), new Policy(PolicyType.PERCENT, 50, 60)));
    assertThat(ScaleLimits.scaleUpLimit(1, new ScaleEvents(), new ScaleEvents(), rules, NOW)).isEqualTo(2);
  }

  /** TestCalculateScaleDownLimitWithBehaviors: Min select keeps the larger of 5 - 2 and 5 x 0.5 (truncated). */
  @Test
  void scaleDownLimitWithMinSelect() {
    Rules rules = new Rules(300, SelectPolicy.MIN,
        List.of(new Policy(PolicyType.PODS, 2, 60), new Policy(PolicyType.PERCENT, 50, 60)));
    assertThat(ScaleLimits.scaleDownLimit(5, new ScaleEvents(), new ScaleEvents(), rules, NOW)).isEqualTo(3);
  }

  @Test
  void disabledSelectPolicyHoldsTheReplicas() {
    Rules disabled = new Rules(0, SelectPolicy.DISABLED, List.of());
    ScaleLimits.Limited up = ScaleLimits.withBehavior(3, 10, 1, 20, disabled, Rules.defaultScaleDown(),
        new ScaleEvents(), new ScaleEvents(), NOW);
    ScaleLimits.Limited down = ScaleLimits.withBehavior(3, 1, 1, 20, Rules.defaultScaleUp(), disabled,
        new ScaleEvents(), new ScaleEvents(), NOW);
    assertThat(up.replicas()).isEqualTo(3);
    assertThat(down.replicas()).isEqualTo(3);
  }
}
