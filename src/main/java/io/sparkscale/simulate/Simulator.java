package io.sparkscale.simulate;

/** Replays arrivals through KEDA, the HPA (or KEDA's job executor), the nodes and the work. */
public final class Simulator {

  private Simulator() {}

  /** Runs to the end; the timeline goes to the sink as it is made. */
  public static Summary run(SimulationInput input, TimelineSink sink) {
    throw new UnsupportedOperationException("the engine lands with issue 16 (branch sim-core)");
  }
}
