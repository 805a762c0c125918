package io.sparkscale.cli.simulate;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** --sweep and its ranges (filled in once the sweep core lands). */
public class SweepOptions {

  @Option(names = "--sweep", description = "Try many settings and print the Pareto front of cost against p95"
      + " time-to-drain, a recommended point and its manifest.")
  boolean sweep;

  public boolean given() {
    return sweep;
  }

  public void check() {}

  void run(SimulateCommand.Setup setup, PrintWriter out, PrintWriter err) {
    throw new UnsupportedOperationException("--sweep lands with the sweep core");
  }
}
