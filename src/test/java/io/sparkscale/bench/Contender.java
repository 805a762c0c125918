package io.sparkscale.bench;

/**
 * A scaler under an open-loop load in its own process: the packaged `serve` ({@link ServeProcess}) or the
 * reference scaler ({@link ReferenceScaler}), measured the same way in the same run.
 */
interface Contender {

  int grpcPort();

  long pid();

  /** What this scaler rightly answers to GetMetricSpec and IsActive for the fleet's triggers. */
  Fleet.Answers answers();

  default double cpuSeconds() {
    return ProcFs.cpuSeconds(pid());
  }

  default long peakRssKb() {
    return ProcFs.statusKb(pid(), "VmHWM:");
  }
}
