package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A ScaledJob's {@code spec.scalingStrategy}: how KEDA turns the pending count and the Jobs already there into
 * new Jobs (kedacore/keda pkg/scaling/executor/scale_jobs.go). Written by {@code render}, read back from a
 * ScaledJob and replayed by {@code simulate}.
 *
 * @param customQueueLengthDeduction custom only: subtracted from the Jobs the count asks for; null when unset
 * @param customRunningJobPercentage custom only: the share of running Jobs subtracted; null when unset
 * @param pendingPodConditions pod conditions that must all be true for a Job to stop counting as pending
 *     (accurate only; empty: KEDA's default, a Job is pending until its pod runs)
 */
public record ScaledJobStrategy(
    Kind kind,
    Integer customQueueLengthDeduction,
    Double customRunningJobPercentage,
    List<String> pendingPodConditions) {

  public enum Kind {
    DEFAULT,
    CUSTOM,
    ACCURATE,
    EAGER;

    /** The spelling in the ScaledJob CRD. */
    public String spelling() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind parse(String option, String value) {
      for (Kind k : values()) {
        if (k.spelling().equalsIgnoreCase(value == null ? "" : value.strip())) {
          return k;
        }
      }
      throw InvalidInputException.badValue(option, String.valueOf(value), "use default, custom, accurate or eager");
    }
  }

  public ScaledJobStrategy {
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.CUSTOM && (customQueueLengthDeduction != null || customRunningJobPercentage != null)) {
      throw new InvalidInputException("scalingStrategy: customScalingQueueLengthDeduction and"
          + " customScalingRunningJobPercentage apply only to the custom strategy");
    }
    if (customRunningJobPercentage != null
        && !(customRunningJobPercentage >= 0 && Double.isFinite(customRunningJobPercentage))) {
      throw new InvalidInputException("customScalingRunningJobPercentage: " + customRunningJobPercentage
          + "; use a number of 0 or more, e.g. 0.5");
    }
    pendingPodConditions = pendingPodConditions == null ? List.of() : List.copyOf(pendingPodConditions);
  }

  public static ScaledJobStrategy of(Kind kind) {
    return new ScaledJobStrategy(kind, null, null, List.of());
  }

  ObjectNode toYaml() {
    ObjectNode node = Yaml.object();
    node.put("strategy", kind.spelling());
    if (customQueueLengthDeduction != null) {
      node.put("customScalingQueueLengthDeduction", customQueueLengthDeduction);
    }
    if (customRunningJobPercentage != null) {
      // The CRD types it as a string (KEDA parses it with strconv.ParseFloat).
      node.put("customScalingRunningJobPercentage", customRunningJobPercentage.toString());
    }
    if (!pendingPodConditions.isEmpty()) {
      node.set("pendingPodConditions", Yaml.strings(pendingPodConditions));
    }
    return node;
  }
}
