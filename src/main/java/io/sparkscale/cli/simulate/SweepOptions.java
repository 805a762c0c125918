package io.sparkscale.cli.simulate;

import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.ScaledObjectModel;
import io.sparkscale.simulate.Scaling;
import io.sparkscale.simulate.setup.ScalerSettings;
import io.sparkscale.simulate.sweep.SweepSpec;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * --sweep and the values it tries: every combination of the listed targets, polling intervals, cooldown periods
 * and max replicas (a flag left out keeps the scaler's own value). All checked before any arrival is read.
 */
public class SweepOptions {

  /** Settings one sweep may run: 500 over a day take about 5 s on 2 cores (docs/performance.md, case 16). */
  static final int MAX_SETTINGS = 10_000;

  @Option(names = "--sweep", description = "Try every combination of the --sweep-* values and print the Pareto"
      + " front of cost against p95 time-to-drain, a recommended point and why, and its manifest as `render`"
      + " writes it (--timeline and --plot then show the recommended point's run).")
  boolean sweep;

  @Option(names = "--sweep-target", paramLabel = "LIST", description = "targetObjectCount values, e.g. 10,20,50 or"
      + " 10..100:10 (FROM..TO:STEP); with --metric bytes, targetBytes sizes, e.g. 1GB,5GB.")
  String targets;

  @Option(names = "--sweep-polling-interval", paramLabel = "LIST",
      description = "pollingInterval values in seconds, e.g. 15,30,60.")
  String pollingIntervals;

  @Option(names = "--sweep-cooldown-period", paramLabel = "LIST",
      description = "ScaledObject: cooldownPeriod values in seconds, e.g. 60,300,900.")
  String cooldownPeriods;

  @Option(names = "--sweep-max-replicas", paramLabel = "LIST",
      description = "maxReplicaCount values, e.g. 10,20,40 or 10..50:10.")
  String maxReplicas;

  @Option(names = "--p95-goal", paramLabel = "DURATION", description = "Recommend the cheapest setting whose p95"
      + " time-to-drain is at most this, e.g. 15m. Default: none; the knee of the front is recommended.")
  String p95Goal;

  @Option(names = "--sweep-threads", paramLabel = "N",
      description = "Settings run at once. Default: one per available core.")
  Integer threads;

  public boolean given() {
    return sweep;
  }

  /** The p95 goal in seconds, or null. */
  public Double p95GoalSeconds() {
    return p95Goal == null ? null : Durations.parsePositive("--p95-goal", p95Goal).toMillis() / 1000.0;
  }

  /** How many runs at once; 0 for one per core. */
  public int threads() {
    return threads == null ? 0 : threads;
  }

  /** The checks that need no scaler settings: which flags go together. */
  public void check() {
    Map<String, Object> ranges = ranges();
    if (!sweep) {
      for (Map.Entry<String, Object> flag : withDependents(ranges).entrySet()) {
        if (flag.getValue() != null) {
          throw new InvalidInputException(flag.getKey() + ": applies to a sweep; add --sweep");
        }
      }
      return;
    }
    if (ranges.values().stream().allMatch(v -> v == null)) {
      throw new InvalidInputException("--sweep: give the values to try: one or more of " + String.join(", ",
          ranges.keySet()) + ", e.g. --sweep-target 10,20,50");
    }
    p95GoalSeconds();
    if (threads != null && threads < 1) {
      throw InvalidInputException.badValue("--sweep-threads", threads.toString(), "use a whole number of 1 or more");
    }
  }

  private Map<String, Object> ranges() {
    Map<String, Object> ranges = new LinkedHashMap<>();
    ranges.put("--sweep-target", targets);
    ranges.put("--sweep-polling-interval", pollingIntervals);
    ranges.put("--sweep-cooldown-period", cooldownPeriods);
    ranges.put("--sweep-max-replicas", maxReplicas);
    return ranges;
  }

  private Map<String, Object> withDependents(Map<String, Object> ranges) {
    Map<String, Object> all = new LinkedHashMap<>(ranges);
    all.put("--p95-goal", p95Goal);
    all.put("--sweep-threads", threads);
    return all;
  }

  /** What the sweep varies around {@code settings}, with one line describing it. */
  public record Plan(SweepSpec spec, String description) {}

  public Plan plan(ScalerSettings settings) {
    check();
    Scaling base = settings.model();
    boolean job = settings.isJob();
    if (job && cooldownPeriods != null) {
      throw new InvalidInputException("--sweep-cooldown-period: does not apply to a ScaledJob, whose Jobs end"
          + " with their work; sweep --sweep-target, --sweep-polling-interval and --sweep-max-replicas");
    }
    boolean bytes = base.metric() == Metric.BYTES;
    List<Long> targetValues = values("--sweep-target", targets,
        bytes ? SweepValues.SIZE : SweepValues.whole(1, 1_000_000_000_000L));
    List<Integer> polls = ints(values("--sweep-polling-interval", pollingIntervals,
        SweepValues.whole(1, Integer.MAX_VALUE)));
    List<Integer> cooldowns = ints(values("--sweep-cooldown-period", cooldownPeriods,
        SweepValues.whole(0, Integer.MAX_VALUE)));
    List<Integer> maxes = ints(values("--sweep-max-replicas", maxReplicas, SweepValues.whole(1, Integer.MAX_VALUE)));
    if (!job && !maxes.isEmpty()) {
      belowFloor(maxes.get(0), settings.objectSpec().minReplicas(), "--min-replicas");
      Integer fallback = settings.objectSpec().fallbackReplicas();
      if (fallback != null) {
        belowFloor(maxes.get(0), fallback, "--fallback-replicas");
      }
    }
    SweepSpec spec = new SweepSpec(base, targetValues, polls, cooldowns, maxes);
    if (spec.combinations() > MAX_SETTINGS) {
      throw new InvalidInputException("--sweep: " + spec.combinations() + " settings; at most " + MAX_SETTINGS
          + " in one sweep; list fewer values");
    }
    acceptedByKeda(settings, spec);
    List<String> parts = new ArrayList<>();
    describe(parts, bytes ? "targetBytes" : "targetObjectCount", targetValues,
        v -> bytes ? Sizes.humanBytes(v) : v.toString());
    describe(parts, "pollingInterval", polls, v -> v + "s");
    describe(parts, "cooldownPeriod", cooldowns, v -> v + "s");
    describe(parts, "maxReplicaCount", maxes, Object::toString);
    String description = String.join(" x ", parts) + ": " + spec.combinations() + " settings"
        + (p95Goal == null ? "" : ", p95 goal " + Durations.format(Durations.parsePositive("--p95-goal", p95Goal)));
    return new Plan(spec, description);
  }

  private static List<Long> values(String flag, String text, SweepValues.Unit unit) {
    return text == null ? List.of() : SweepValues.parse(flag, text, unit);
  }

  private static List<Integer> ints(List<Long> values) {
    return values.stream().map(Long::intValue).toList();
  }

  private static void belowFloor(int lowestMax, int floor, String floorFlag) {
    if (lowestMax < floor) {
      throw new InvalidInputException("--sweep-max-replicas: " + lowestMax + " is below " + floorFlag + " " + floor
          + "; list values of at least " + floor);
    }
  }

  /**
   * Every value on every axis, beside the scaler's other settings, makes a manifest KEDA and the scaler accept
   * (the axes are independent of one another, so the corners cover every combination).
   */
  private static void acceptedByKeda(ScalerSettings settings, SweepSpec spec) {
    Scaling base = settings.model();
    int poll = base.pollingIntervalSeconds();
    Integer cooldown = base instanceof ScaledObjectModel so ? so.cooldownPeriodSeconds() : null;
    int max = base instanceof ScaledObjectModel so ? so.maxReplicas() : ((ScaledJobModel) base).maxReplicas();
    check("--sweep-target", spec.targets(), v -> settings.with(v, poll, cooldown, max));
    check("--sweep-polling-interval", spec.pollingIntervalsSeconds(), v -> settings.with(base.target(), v, cooldown,
        max));
    check("--sweep-cooldown-period", spec.cooldownPeriodsSeconds(), v -> settings.with(base.target(), poll, v, max));
    check("--sweep-max-replicas", spec.maxReplicas(), v -> settings.with(base.target(), poll, cooldown, v));
  }

  private static <T> void check(String flag, List<T> values, Function<T, ScalerSettings> setting) {
    for (T value : values) {
      try {
        setting.apply(value);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(flag + ": " + value + " is refused: " + e.getMessage());
      }
    }
  }

  private static <T> void describe(List<String> parts, String field, List<T> values, Function<T, String> format) {
    if (!values.isEmpty()) {
      parts.add(field + " " + values.stream().map(format).collect(Collectors.joining(",")));
    }
  }
}
