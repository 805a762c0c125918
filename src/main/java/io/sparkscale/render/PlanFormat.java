package io.sparkscale.render;

import java.util.Locale;

/** The ways a sizing plan is printed. */
public enum PlanFormat {
  TABLE,
  JSON,
  YAML,
  SPARK_CONF,
  /** The sized part of a SparkApplication's spec; it was called helm-values, though no chart reads it. */
  SPARKAPPLICATION_FRAGMENT;

  /** The spelling users type: table, json, yaml, spark-conf, sparkapplication-fragment. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
