package io.sparkscale.cli.render;

import io.sparkscale.render.ScaledObjectSpec;
import picocli.CommandLine.Option;

/** How often KEDA asks the scaler: every ScaledObject and ScaledJob has it (KEDA's default, 30 s). */
public class PollingIntervalOption {

  @Option(names = "--polling-interval", paramLabel = "SECONDS",
      defaultValue = "" + ScaledObjectSpec.DEFAULT_POLLING_INTERVAL,
      description = "How often KEDA asks the scaler (default: ${DEFAULT-VALUE}).")
  int seconds;

  public int seconds() {
    return seconds;
  }
}
