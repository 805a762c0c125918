package io.sparkscale.render;

import java.util.Locale;

/** How a Spark application is placed and protected beyond its size. */
public enum SparkPreset {
  /** Dynamic allocation with shuffle tracking, sized by the core; nodes left to the scheduler. */
  BASE,
  /** Opt-in: executors on spot nodes with graceful decommissioning, the driver kept off spot. */
  COST_OPTIMIZED;

  /** The spelling users type: base, cost-optimized. */
  public String id() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
