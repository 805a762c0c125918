package io.sparkscale.simulate;

import io.sparkscale.simulate.engine.Engine;

/** Replays arrivals through KEDA, the HPA (or KEDA's job executor), the nodes and the work. */
public final class Simulator {

  private Simulator() {}

  /**
   * Runs to the end; the timeline goes to the sink as it is made. Memory stays flat in the trace's length
   * unless the sink keeps the points. A model KEDA would refuse (minReplicaCount above maxReplicaCount,
   * idleReplicaCount not below minReplicaCount, a target of 0, a polling interval of 0) and arrivals out of
   * time order throw {@link io.sparkscale.units.InvalidInputException} with one line naming what is wrong.
   */
  public static Summary run(SimulationInput input, TimelineSink sink) {
    return Engine.run(input, sink == null ? TimelineSink.NONE : sink);
  }
}
