package io.sparkscale.cli.options;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options a command still needs, gathered so that one error names all of them: those picocli marks
 * required and those only a command knows it needs (--bucket for a trigger, --region with --cloud gcp,
 * --cloud or --node-type for Karpenter). Printed as
 * {@code --name and --bucket: required; --region: required with --cloud gcp}.
 */
public final class Requirements {

  /** Missing options, grouped by the condition that makes them needed ("" for always), in order. */
  private final Map<String, List<String>> missing = new LinkedHashMap<>();

  /** Requires {@code option} when {@code value} is null. */
  public Requirements option(String option, Object value) {
    return option(option, value, "");
  }

  /** Requires {@code option} when {@code value} is null, because of {@code condition}, e.g. "with --cloud gcp". */
  public Requirements option(String option, Object value, String condition) {
    if (value == null) {
      missing.computeIfAbsent(condition, c -> new ArrayList<>()).add(option);
    }
    return this;
  }

  /** Requires one of {@code options} when none is given. */
  public Requirements oneOf(boolean anyGiven, String first, String... others) {
    return oneOf("", anyGiven, first, others);
  }

  /** Requires one of {@code options} when none is given, because of {@code condition}. */
  public Requirements oneOf(String condition, boolean anyGiven, String first, String... others) {
    if (!anyGiven) {
      missing.computeIfAbsent(condition, c -> new ArrayList<>())
          .add(first + " (or " + String.join(" or ", others) + ")");
    }
    return this;
  }

  public boolean met() {
    return missing.isEmpty();
  }

  /** One line, e.g. "--data-size and --cloud (or --node-type): required". */
  public String message() {
    List<String> parts = new ArrayList<>();
    missing.forEach((condition, options) -> parts.add(
        list(options) + ": required" + (condition.isEmpty() ? "" : " " + condition)));
    return String.join("; ", parts);
  }

  private static String list(List<String> options) {
    return options.size() == 1
        ? options.get(0)
        : String.join(", ", options.subList(0, options.size() - 1)) + " and " + options.get(options.size() - 1);
  }

  /**
   * A command (or what it is made of) that needs options picocli cannot mark required: a mixin's option only
   * some commands need, or one needed only with another's value. Checked before the command runs, and
   * joined with picocli's own missing options when there are some, so one error names them all.
   */
  public interface Needed {
    void require(Requirements requirements);
  }
}
