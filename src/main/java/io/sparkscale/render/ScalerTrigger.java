package io.sparkscale.render;

import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KEDA trigger that points at sparkscale: where the scaler is, and what it should count. Validated
 * here with the rules the scaler applies, so a rendered trigger is one the scaler accepts.
 *
 * <p>Optional values are null when not given; the scaler's own defaults then apply (5 objects per
 * replica, a 100,000-key scan cap), and the trigger stays short.
 */
public record ScalerTrigger(
    String scalerAddress,
    boolean push,
    String bucket,
    String prefix,
    String suffix,
    Metric metric,
    Long targetObjectCount,
    Long activationTargetObjectCount,
    Long targetBytes,
    Long activationTargetBytes,
    Duration minObjectAge,
    Long scanLimit,
    String region,
    String endpoint,
    Boolean forcePathStyle) {

  /** What one replica's worth of pending work is measured in. */
  public enum Metric {
    OBJECTS,
    BYTES;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static final long MAX_SCAN_LIMIT = 100_000_000;

  public ScalerTrigger {
    Names.address("--scaler-address", scalerAddress);
    Names.bucket("--bucket", bucket);
    metric = metric == null ? Metric.OBJECTS : metric;
    if (metric == Metric.OBJECTS) {
      refuse("--target-bytes", targetBytes, "objects");
      refuse("--activation-target-bytes", activationTargetBytes, "objects");
      positive("--target-object-count", targetObjectCount, 1);
      positive("--activation-target-object-count", activationTargetObjectCount, 0);
    } else {
      refuse("--target-object-count", targetObjectCount, "bytes");
      refuse("--activation-target-object-count", activationTargetObjectCount, "bytes");
      if (targetBytes == null) {
        throw new InvalidInputException(
            "--target-bytes: required with --metric bytes; use a size such as 10GB");
      }
    }
    positive("--scan-limit", scanLimit, 1);
    if (scanLimit != null && scanLimit > MAX_SCAN_LIMIT) {
      throw InvalidInputException.badValue(
          "--scan-limit", scanLimit.toString(), "use a whole number from 1 to " + MAX_SCAN_LIMIT);
    }
    if (region != null && !region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw InvalidInputException.badValue(
          "--region", region, "use a region name such as us-east-1 (lowercase letters, digits, hyphens)");
    }
    if (endpoint != null && !endpoint.matches("https?://\\S+")) {
      throw InvalidInputException.badValue(
          "--s3-endpoint", endpoint, "use an http:// or https:// URL, e.g. https://minio.storage:9000");
    }
  }

  private static void refuse(String option, Long value, String metric) {
    if (value != null) {
      throw new InvalidInputException(
          option + ": does not apply with --metric " + metric + "; remove it or change --metric");
    }
  }

  private static void positive(String option, Long value, long min) {
    if (value != null) {
      Names.atLeast(option, value, min);
    }
  }

  /** KEDA's trigger type: external-push also streams activation changes from the scaler. */
  public String type() {
    return push ? "external-push" : "external";
  }

  /** The trigger's metadata: every value a string, as KEDA requires; unset keys left out. */
  public Map<String, String> metadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("scalerAddress", scalerAddress);
    m.put("bucket", bucket);
    putIfSet(m, "prefix", prefix);
    putIfSet(m, "suffix", suffix);
    m.put("metric", metric.label());
    putIfSet(m, "targetObjectCount", targetObjectCount);
    putIfSet(m, "activationTargetObjectCount", activationTargetObjectCount);
    // Bytes are written as plain byte counts: unambiguous, and the scaler reads a bare number as bytes.
    putIfSet(m, "targetBytes", targetBytes);
    putIfSet(m, "activationTargetBytes", activationTargetBytes);
    if (minObjectAge != null) {
      m.put("minObjectAge", Durations.format(minObjectAge));
    }
    putIfSet(m, "scanLimit", scanLimit);
    putIfSet(m, "region", region);
    putIfSet(m, "endpoint", endpoint);
    putIfSet(m, "forcePathStyle", forcePathStyle);
    return m;
  }

  /** The same trigger pointed at another scaler address (the KEDA sidecar uses localhost). */
  public ScalerTrigger withScalerAddress(String address) {
    return new ScalerTrigger(
        address, push, bucket, prefix, suffix, metric, targetObjectCount, activationTargetObjectCount,
        targetBytes, activationTargetBytes, minObjectAge, scanLimit, region, endpoint, forcePathStyle);
  }

  private static void putIfSet(Map<String, String> m, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty())) {
      m.put(key, value.toString());
    }
  }
}
