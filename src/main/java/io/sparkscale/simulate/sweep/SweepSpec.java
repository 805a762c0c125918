package io.sparkscale.simulate.sweep;

import io.sparkscale.simulate.Scaling;
import java.util.List;
import java.util.Objects;

/**
 * What a sweep varies around a base setting: every combination of the listed values (an empty list keeps the
 * base value). cooldownPeriod applies to a ScaledObject only.
 */
public record SweepSpec(
    Scaling base,
    List<Long> targets,
    List<Integer> pollingIntervalsSeconds,
    List<Integer> cooldownPeriodsSeconds,
    List<Integer> maxReplicas) {

  public SweepSpec {
    Objects.requireNonNull(base, "base");
    targets = List.copyOf(targets);
    pollingIntervalsSeconds = List.copyOf(pollingIntervalsSeconds);
    cooldownPeriodsSeconds = List.copyOf(cooldownPeriodsSeconds);
    maxReplicas = List.copyOf(maxReplicas);
  }

  /** How many settings the sweep runs (before any combination KEDA would refuse is skipped). */
  public int combinations() {
    return Math.max(1, targets.size()) * Math.max(1, pollingIntervalsSeconds.size())
        * Math.max(1, cooldownPeriodsSeconds.size()) * Math.max(1, maxReplicas.size());
  }
}
