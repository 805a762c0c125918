package io.sparkscale.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the benchmark table.
 *
 * @param figures measured values, in order, names carrying their unit (e.g. "median_ms")
 * @param goal the goal measured against, or "" for a row that only reports
 * @param goalMet null when there is no goal
 */
public record BenchResult(
    String benchCase, String variant, Map<String, Object> figures, String goal, Boolean goalMet, String note) {

  static Builder of(String benchCase, String variant) {
    return new Builder(benchCase, variant);
  }

  static final class Builder {
    private final String benchCase;
    private final String variant;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private String goal = "";
    private Boolean met;
    private String note = "";

    private Builder(String benchCase, String variant) {
      this.benchCase = benchCase;
      this.variant = variant;
    }

    Builder put(String name, Object value) {
      figures.put(name, value instanceof Double d ? Math.round(d * 1000) / 1000.0 : value);
      return this;
    }

    Builder goal(String goal, boolean met) {
      this.goal = goal;
      this.met = met;
      return this;
    }

    Builder note(String note) {
      this.note = note;
      return this;
    }

    BenchResult build() {
      // Insertion order kept: the table shows figures as the case recorded them.
      return new BenchResult(
          benchCase, variant, Collections.unmodifiableMap(new LinkedHashMap<>(figures)), goal, met, note);
    }
  }
}
