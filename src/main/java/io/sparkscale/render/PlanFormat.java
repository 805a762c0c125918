package io.sparkscale.render;

import java.util.Locale;

/** The ways a sizing plan is printed. */
public enum PlanFormat {
  TABLE,
  JSON,
  YAML,
  SPARK_CONF,
  HELM_VALUES;

  /** The spelling users type: table, json, yaml, spark-conf, helm-values. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
