package io.sparkscale.cli.render;

import io.sparkscale.cli.options.Converters;
import io.sparkscale.render.SparkVersion;
import picocli.CommandLine.Option;

/** --spark-version: the release the image runs, which decides what is written (render/VersionedSettings). */
public class SparkVersionOption {

  @Option(
      names = "--spark-version",
      defaultValue = SparkVersion.DEFAULT,
      paramLabel = "X.Y.Z",
      converter = Converters.SparkRelease.class,
      description = "Spark release of the image: decides which settings are written (default: ${DEFAULT-VALUE}).")
  SparkVersion version;

  public SparkVersion version() {
    return version;
  }
}
