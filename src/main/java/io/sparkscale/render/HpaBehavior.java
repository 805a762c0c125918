package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * The HPA's scaling behavior (autoscaling/v2 HorizontalPodAutoscalerBehavior), as KEDA passes it through
 * {@code spec.advanced.horizontalPodAutoscalerConfig.behavior}. Written by {@code render}, read back from a
 * ScaledObject, and replayed by {@code simulate}: one model for all three.
 *
 * <p>Defaults and bounds are Kubernetes' (pkg/apis/autoscaling/v2/defaults.go and
 * pkg/apis/autoscaling/validation/validation.go): scale up at once by the larger of 100 % or 4 pods per
 * 15 s; scale down after a 300 s stabilization window by up to 100 % per 15 s.
 */
public record HpaBehavior(Rules scaleUp, Rules scaleDown) {

  public static final int MAX_STABILIZATION_WINDOW_SECONDS = 3600;
  public static final int MAX_PERIOD_SECONDS = 1800;

  /** How the HPA picks among policies: the largest change, the smallest, or no change in this direction. */
  public enum SelectPolicy {
    MAX("Max"),
    MIN("Min"),
    DISABLED("Disabled");

    private final String spelling;

    SelectPolicy(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }

    public static SelectPolicy parse(String option, String value) {
      for (SelectPolicy p : values()) {
        if (p.spelling.equalsIgnoreCase(value == null ? "" : value.strip())) {
          return p;
        }
      }
      throw InvalidInputException.badValue(option, String.valueOf(value), "use Max, Min or Disabled");
    }
  }

  public enum PolicyType {
    PODS("Pods"),
    PERCENT("Percent");

    private final String spelling;

    PolicyType(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }

    public static PolicyType parse(String option, String value) {
      for (PolicyType p : values()) {
        if (p.spelling.equalsIgnoreCase(value == null ? "" : value.strip())) {
          return p;
        }
      }
      throw InvalidInputException.badValue(option, String.valueOf(value), "use Pods or Percent");
    }
  }

  /** At most value pods (or value percent of the current replicas) per periodSeconds. */
  public record Policy(PolicyType type, int value, int periodSeconds) {
    public Policy {
      Objects.requireNonNull(type, "type");
      if (value <= 0) {
        throw new InvalidInputException("behavior policy value: " + value + "; use a whole number above 0");
      }
      if (periodSeconds <= 0 || periodSeconds > MAX_PERIOD_SECONDS) {
        throw new InvalidInputException("behavior policy periodSeconds: " + periodSeconds
            + "; use 1 to " + MAX_PERIOD_SECONDS);
      }
    }
  }

  /** One direction's rules, with every field set (defaults already applied). */
  public record Rules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<Policy> policies) {
    public Rules {
      if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > MAX_STABILIZATION_WINDOW_SECONDS) {
        throw new InvalidInputException("behavior stabilizationWindowSeconds: " + stabilizationWindowSeconds
            + "; use 0 to " + MAX_STABILIZATION_WINDOW_SECONDS);
      }
      Objects.requireNonNull(selectPolicy, "selectPolicy");
      policies = List.copyOf(policies);
      if (policies.isEmpty() && selectPolicy != SelectPolicy.DISABLED) {
        throw new InvalidInputException("behavior policies: at least one policy is required unless selectPolicy"
            + " is Disabled");
      }
    }

    /** Kubernetes' default scale-up: no window, max of 100 % and 4 pods per 15 s. */
    public static Rules defaultScaleUp() {
      return new Rules(0, SelectPolicy.MAX,
          List.of(new Policy(PolicyType.PERCENT, 100, 15), new Policy(PolicyType.PODS, 4, 15)));
    }

    /** Kubernetes' default scale-down: a 300 s window, up to 100 % per 15 s. */
    public static Rules defaultScaleDown() {
      return new Rules(300, SelectPolicy.MAX, List.of(new Policy(PolicyType.PERCENT, 100, 15)));
    }
  }

  public HpaBehavior {
    scaleUp = scaleUp == null ? Rules.defaultScaleUp() : scaleUp;
    scaleDown = scaleDown == null ? Rules.defaultScaleDown() : scaleDown;
  }

  /** What the HPA does when a ScaledObject names no behavior. */
  public static HpaBehavior defaults() {
    return new HpaBehavior(null, null);
  }

  /**
   * Long-running targets that hold state (Spark Connect sessions, standalone workers with shuffle): remove
   * at most one replica per period, after the backlog has stayed low for that period.
   */
  public static HpaBehavior gentleScaleDown(int periodSeconds) {
    return new HpaBehavior(null,
        new Rules(Math.min(periodSeconds, MAX_STABILIZATION_WINDOW_SECONDS), SelectPolicy.MAX,
            List.of(new Policy(PolicyType.PODS, 1, Math.min(periodSeconds, MAX_PERIOD_SECONDS)))));
  }

  /** The behavior object, both directions written in full so what applies is visible. */
  public ObjectNode toYaml() {
    ObjectNode behavior = Yaml.object();
    behavior.set("scaleUp", rules(scaleUp));
    behavior.set("scaleDown", rules(scaleDown));
    return behavior;
  }

  private static ObjectNode rules(Rules rules) {
    ObjectNode node = Yaml.object();
    node.put("stabilizationWindowSeconds", rules.stabilizationWindowSeconds());
    node.put("selectPolicy", rules.selectPolicy().spelling());
    var policies = node.putArray("policies");
    for (Policy p : rules.policies()) {
      ObjectNode policy = policies.addObject();
      policy.put("type", p.type().spelling());
      policy.put("value", p.value());
      policy.put("periodSeconds", p.periodSeconds());
    }
    return node;
  }
}
