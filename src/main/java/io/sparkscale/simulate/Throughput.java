package io.sparkscale.simulate;

import io.sparkscale.trigger.TriggerSpec.Metric;
import java.util.Objects;

/** What one ready replica (or one running Job) processes per second: objects, or bytes. */
public record Throughput(double perSecond, Metric unit) {
  public Throughput {
    Objects.requireNonNull(unit, "unit");
    if (!(perSecond > 0) || !Double.isFinite(perSecond)) {
      throw new IllegalArgumentException("throughput must be a positive number, got " + perSecond);
    }
  }
}
