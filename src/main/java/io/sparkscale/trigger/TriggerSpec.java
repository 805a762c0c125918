package io.sparkscale.trigger;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * One validated KEDA trigger: what to count, which number to report, and the thresholds.
 *
 * @param target the per-replica target KEDA divides the value by (GetMetricSpec's targetSize)
 * @param activationTarget the trigger is active when the value is above this
 */
public record TriggerSpec(CountKey key, Metric metric, long target, long activationTarget) {

  /** Which number of a listing the trigger reports. */
  public enum Metric {
    OBJECTS,
    BYTES;

    /** The spelling used in trigger metadata and metric names. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Kubernetes metric names must stay short; KEDA adds its own "sN-" in front. */
  static final int MAX_METRIC_NAME_LENGTH = 63;

  private static final int HASH_HEX_CHARS = 10;

  public TriggerSpec {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(metric, "metric");
    if (target <= 0) {
      throw new IllegalArgumentException("target must be positive, got " + target);
    }
    if (activationTarget < 0) {
      throw new IllegalArgumentException("activationTarget must not be negative, got " + activationTarget);
    }
  }

  /**
   * "s3-objects-bucket-prefix-0123456789": lowercase [a-z0-9-], at most 63 characters, the same for the
   * same trigger on every server and restart. The readable part may be cut short, so a hash of everything
   * that changes the reported number keeps two triggers that count different things apart (KEDA has had
   * collisions when names were derived from the bucket alone).
   */
  public String metricName() {
    String head = "s3-" + metric.label() + "-";
    String hash = hash();
    int room = MAX_METRIC_NAME_LENGTH - head.length() - 1 - hash.length();
    String readable = sanitize(key.bucket() + "-" + key.prefix());
    if (readable.length() > room) {
      readable = trimDashes(readable.substring(0, room));
    }
    return readable.isEmpty() ? head + hash : head + readable + "-" + hash;
  }

  /** The number this trigger reports from a listing. */
  public long valueOf(BacklogCount count) {
    return metric == Metric.OBJECTS ? count.objects() : count.bytes();
  }

  /** KEDA's activation rule: active when the value is strictly above the activation target. */
  public boolean isActive(BacklogCount count) {
    return valueOf(count) > activationTarget;
  }

  /** For logs: "objects of s3://bucket/prefix (target 5, active above 0)". */
  public String describe() {
    return metric.label() + " of " + key.describe() + " (target " + target + ", active above "
        + activationTarget + ")";
  }

  private String hash() {
    String canonical = CountKeyIdentity.of(key, metric);
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  private static String sanitize(String text) {
    return trimDashes(text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"));
  }

  private static String trimDashes(String text) {
    return text.replaceAll("^-+|-+$", "");
  }
}
