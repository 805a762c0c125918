package io.sparkscale.simulate.engine;

import io.sparkscale.simulate.ScaledJobModel;
import io.sparkscale.simulate.SimulationInput;
import io.sparkscale.simulate.Summary;
import io.sparkscale.simulate.TimelineSink;

/** Picks the loop for the kind of scaling. */
public final class Engine {

  private Engine() {}

  public static Summary run(SimulationInput input, TimelineSink sink) {
    Run run = input.scaling() instanceof ScaledJobModel
        ? new ScaledJobRun(input, sink)
        : new ScaledObjectRun(input, sink);
    try (var arrivals = input.arrivals()) {
      return run.run();
    }
  }
}
