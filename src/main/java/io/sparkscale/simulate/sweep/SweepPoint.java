package io.sparkscale.simulate.sweep;

import io.sparkscale.simulate.Scaling;
import io.sparkscale.simulate.Summary;

/**
 * One setting of a sweep and what its run came to.
 *
 * @param cost what the front minimizes: costUsd, or nodeSeconds when no price is known
 * @param complete every arrival was processed; an incomplete run (objects left at or below the activation
 *     target, or a queue-length deduction) is reported but never on the front nor recommended
 */
public record SweepPoint(Scaling scaling, Summary summary, double cost, boolean complete) {

  public double p95Seconds() {
    return summary.drain().p95Seconds();
  }
}
