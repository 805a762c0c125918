package io.sparkscale.cli.render;

import picocli.CommandLine.Option;

/** Where the watched bucket is, for the trigger's region and endpoint keys (scaledobject). */
public class S3LocationOptions {

  @Option(names = "--region", paramLabel = "R", description = "Bucket region (default: the scaler's).")
  String region;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "S3-compatible endpoint; the scaler must allow it with --allow-endpoint.")
  String endpoint;
}
