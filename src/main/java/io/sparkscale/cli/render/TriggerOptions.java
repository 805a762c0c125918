package io.sparkscale.cli.render;

import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * What the scaler counts: the flags shared by scaledobject, scaledjob, sparkcluster and keda-sidecar. Where
 * the bucket is (region, endpoint, path style) is {@link BucketLocationOptions}, given to
 * {@link #toTrigger}, because scaledjob and sparkcluster share those flags with their rightsize flags.
 */
public class TriggerOptions {

  @Option(names = "--bucket", paramLabel = "B", description = "S3 bucket to watch (required).")
  String bucket;

  @Option(names = "--prefix", paramLabel = "P", description = "Key prefix to count under.")
  String prefix;

  @Option(names = "--suffix", paramLabel = "S", description = "Count only keys ending with S.")
  String suffix;

  @Option(names = "--metric", paramLabel = "objects|bytes", converter = Converters.MetricName.class,
      description = "Count objects (default) or bytes.")
  Metric metric;

  @Option(names = "--target-object-count", paramLabel = "N", description = "Objects per replica.")
  Long targetObjectCount;

  @Option(names = "--activation-target-object-count", paramLabel = "N",
      description = "Objects above which the target is active (scales from zero).")
  Long activationTargetObjectCount;

  @Option(names = "--target-bytes", paramLabel = "SIZE", converter = Converters.DataBytes.class,
      description = "Bytes per replica, e.g. 10GB.")
  Long targetBytes;

  @Option(names = "--activation-target-bytes", paramLabel = "SIZE", converter = Converters.DataBytesOrZero.class,
      description = "Bytes above which the target is active.")
  Long activationTargetBytes;

  @Option(names = "--scan-limit", paramLabel = "N", description = "Stop counting after N keys.")
  Long scanLimit;

  @Option(names = "--min-object-age", paramLabel = "DURATION", converter = Converters.AnyDuration.class,
      description = "Count only objects older than this (e.g. 30s), so half-uploaded batches wait.")
  Duration minObjectAge;

  @Option(names = "--notification-queue-url", paramLabel = "URL",
      description = "Keep the count from S3 event notifications in this SQS queue (see docs/notifications.md).")
  String notificationQueueUrl;

  @Option(names = "--reconcile-interval", paramLabel = "DURATION", converter = Converters.DurationOrZero.class,
      description = "With --notification-queue-url: a full listing this often corrects drift (scaler default"
          + " 15m; 0 for never).")
  Duration reconcileInterval;

  @Option(names = "--max-queue-silence", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
      description = "With --notification-queue-url: a queue silent this long while a reconcile finds changes"
          + " counts as broken, and the count falls back to listing (scaler default 10m).")
  Duration maxQueueSilence;

  @Option(names = "--push",
      description = "Use an external-push trigger: the scaler streams activation changes to KEDA.")
  boolean push;

  /** Whether the bucket was named: keda-sidecar renders its ScaledObject only then. */
  boolean bucketGiven() {
    return bucket != null;
  }

  /**
   * What a trigger cannot do without: the bucket. The rules between trigger keys (a byte target with
   * --metric bytes) are the scaler's own, checked by its parser when the trigger is built.
   */
  public void require(Requirements requirements) {
    require(requirements, "");
  }

  /** @param condition why the trigger is needed at all, e.g. "for the ScaledObject"; "" when always */
  public void require(Requirements requirements, String condition) {
    requirements.option("--bucket", bucket, condition);
  }

  /** The trigger, with the bucket's region, endpoint and path style as the flags give them. */
  public ScalerTrigger toTrigger(String scalerAddress, BucketLocationOptions location) {
    return toTrigger(scalerAddress, location.region(), location.endpoint(), location.forcePathStyle());
  }

  /**
   * @param region the bucket's region, or null for the scaler's default
   * @param endpoint an S3-compatible endpoint, or null for the scaler's default
   * @param forcePathStyle null for the scaler's default
   */
  public ScalerTrigger toTrigger(String scalerAddress, String region, String endpoint, Boolean forcePathStyle) {
    if (bucket == null) {
      throw new IllegalStateException("--bucket: the command did not require it");
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
        targetBytes,
        activationTargetBytes,
        minObjectAge,
        scanLimit,
        region,
        endpoint,
        forcePathStyle,
        notifications());
  }

  private ScalerTrigger.Notifications notifications() {
    if (notificationQueueUrl == null) {
      onlyWithQueue("--reconcile-interval", reconcileInterval);
      onlyWithQueue("--max-queue-silence", maxQueueSilence);
      return null;
    }
    return new ScalerTrigger.Notifications(notificationQueueUrl, reconcileInterval, maxQueueSilence);
  }

  private static void onlyWithQueue(String flag, Object value) {
    if (value != null) {
      throw new InvalidInputException(
          flag + ": only applies with --notification-queue-url; add it or remove this flag");
    }
  }
}
