package io.sparkscale.cli.render;

import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.render.ScalerTrigger.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import picocli.CommandLine.Option;

/**
 * What the scaler counts: the flags shared by scaledobject, scaledjob and keda-sidecar. Where the bucket is
 * (region, endpoint) comes separately, because scaledjob shares those flags with its rightsize flags.
 */
public class TriggerOptions {

  @Option(names = "--bucket", paramLabel = "B", description = "S3 bucket to watch (required).")
  String bucket;

  @Option(names = "--prefix", paramLabel = "P", description = "Key prefix to count under.")
  String prefix;

  @Option(names = "--suffix", paramLabel = "S", description = "Count only keys ending with S.")
  String suffix;

  @Option(
      names = "--metric",
      paramLabel = "objects|bytes",
      description = "Count objects (default) or bytes.")
  Metric metric;

  @Option(names = "--target-object-count", paramLabel = "N", description = "Objects per replica.")
  Long targetObjectCount;

  @Option(
      names = "--activation-target-object-count",
      paramLabel = "N",
      description = "Objects above which the target is active (scales from zero).")
  Long activationTargetObjectCount;

  @Option(names = "--target-bytes", paramLabel = "SIZE", description = "Bytes per replica, e.g. 10GB.")
  String targetBytes;

  @Option(
      names = "--activation-target-bytes",
      paramLabel = "SIZE",
      description = "Bytes above which the target is active.")
  String activationTargetBytes;

  @Option(names = "--scan-limit", paramLabel = "N", description = "Stop counting after N keys.")
  Long scanLimit;

  @Option(
      names = "--min-object-age",
      paramLabel = "DURATION",
      description = "Count only objects older than this (e.g. 30s), so half-uploaded batches wait.")
  String minObjectAge;

  @Option(names = "--force-path-style", description = "Path-style S3 addressing (MinIO and the like).")
  Boolean forcePathStyle;

  @Option(names = "--notification-queue-url", paramLabel = "URL",
      description = "Keep the count from S3 event notifications in this SQS queue (see docs/notifications.md).")
  String notificationQueueUrl;

  @Option(names = "--reconcile-interval", paramLabel = "DURATION",
      description = "With --notification-queue-url: a full listing this often corrects drift (scaler default"
          + " 15m; 0 for never).")
  String reconcileInterval;

  @Option(
      names = "--push",
      description = "Use an external-push trigger: the scaler streams activation changes to KEDA.")
  boolean push;

  /**
   * @param region the bucket's region, or null for the scaler's default
   * @param endpoint an S3-compatible endpoint, or null for the scaler's default
   */
  public ScalerTrigger toTrigger(String scalerAddress, String region, String endpoint) {
    if (bucket == null) {
      throw new InvalidInputException("--bucket: required; name the S3 bucket whose pending data to count");
    }
    return new ScalerTrigger(
        scalerAddress,
        push,
        bucket,
        prefix,
        suffix,
        metric,
        targetObjectCount,
        activationTargetObjectCount,
        targetBytes == null ? null : Sizes.parseDataBytes("--target-bytes", targetBytes),
        activationTargetBytes == null
            ? null
            : Sizes.parseDataBytesOrZero("--activation-target-bytes", activationTargetBytes),
        minObjectAge == null ? null : Durations.parse("--min-object-age", minObjectAge),
        scanLimit,
        region,
        endpoint,
        forcePathStyle,
        notifications());
  }

  private ScalerTrigger.Notifications notifications() {
    if (notificationQueueUrl == null) {
      if (reconcileInterval != null) {
        throw new InvalidInputException(
            "--reconcile-interval: only applies with --notification-queue-url; add it or remove this flag");
      }
      return null;
    }
    return new ScalerTrigger.Notifications(notificationQueueUrl,
        reconcileInterval == null ? null
            : reconcileInterval.strip().equals("0") ? java.time.Duration.ZERO
            : Durations.parse("--reconcile-interval", reconcileInterval));
  }

}
