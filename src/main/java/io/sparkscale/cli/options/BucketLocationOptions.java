package io.sparkscale.cli.options;

import picocli.CommandLine.Option;

/**
 * Where an S3 bucket is: its region, an S3-compatible endpoint, path-style addressing. One set of flags per
 * command, whoever reads it: a trigger's bucket (render scaledobject, scaledjob, sparkcluster), an
 * s3:// --data-size being measured (rightsize and every render command that sizes Spark, through
 * {@link io.sparkscale.cli.RightsizeOptions}), or both (scaledjob, sparkcluster: the trigger watches the very
 * prefix the size is measured from). A command that has both gets the flags once, from its rightsize
 * options, and hands them to the trigger.
 */
public class BucketLocationOptions {

  @Option(names = "--region", paramLabel = "REGION",
      description = "Region of the S3 bucket (default: the scaler's for a trigger, the SDK's region chain for an"
          + " s3:// --data-size).")
  String region;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (MinIO, Ceph, R2); a scaler must allow it with --allow-endpoint.")
  String endpoint;

  @Option(names = "--force-path-style",
      description = "Path-style S3 addressing (MinIO and the like; always on with --s3-endpoint for an s3://"
          + " --data-size).")
  Boolean forcePathStyle;

  /** The bucket's region, or null for the reader's default. */
  public String region() {
    return region;
  }

  /** An S3-compatible endpoint, or null for AWS S3 (or the reader's default). */
  public String endpoint() {
    return endpoint;
  }

  /** True when path style was asked for; null when not given (the reader's default applies). */
  public Boolean forcePathStyle() {
    return forcePathStyle;
  }

  /** Whether any of the flags was given. */
  public boolean given() {
    return region != null || endpoint != null || forcePathStyle != null;
  }
}
