package io.sparkscale.render;

import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The KEDA trigger that points at sparkscale: where the scaler is, and what it should count. Validated
 * by the scaler's own parser, so a rendered trigger is one the scaler accepts.
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
    Boolean forcePathStyle,
    Notifications notifications,
    Claims claims) {

  /**
   * Notification mode: the SQS queue that receives the bucket's events, and how often a full listing
   * reconciles (null for the scaler's default of 15m, zero for never).
   */
  public record Notifications(String queueUrl, Duration reconcileInterval) {}

  /** Keys under a live `sparkscale claim` marker do not count: the claimers' --claims-prefix and --lease. */
  public record Claims(String prefix, Duration lease) {}

  /** Without claims. */
  public ScalerTrigger(String scalerAddress, boolean push, String bucket, String prefix, String suffix,
      Metric metric, Long targetObjectCount, Long activationTargetObjectCount, Long targetBytes,
      Long activationTargetBytes, Duration minObjectAge, Long scanLimit, String region, String endpoint,
      Boolean forcePathStyle, Notifications notifications) {
    this(scalerAddress, push, bucket, prefix, suffix, metric, targetObjectCount, activationTargetObjectCount,
        targetBytes, activationTargetBytes, minObjectAge, scanLimit, region, endpoint, forcePathStyle, notifications,
        null);
  }

  /** A trigger counted by listing. */
  public ScalerTrigger(String scalerAddress, boolean push, String bucket, String prefix, String suffix,
      Metric metric, Long targetObjectCount, Long activationTargetObjectCount, Long targetBytes,
      Long activationTargetBytes, Duration minObjectAge, Long scanLimit, String region, String endpoint,
      Boolean forcePathStyle) {
    this(scalerAddress, push, bucket, prefix, suffix, metric, targetObjectCount, activationTargetObjectCount,
        targetBytes, activationTargetBytes, minObjectAge, scanLimit, region, endpoint, forcePathStyle, null, null);
  }

  /** What one replica's worth of pending work is measured in. */
  public enum Metric {
    OBJECTS,
    BYTES;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ScalerTrigger {
    Names.address("--scaler-address", scalerAddress);
    metric = metric == null ? Metric.OBJECTS : metric;
    Map<String, String> metadata = metadataOf(scalerAddress, bucket, prefix, suffix, metric,
        targetObjectCount, activationTargetObjectCount, targetBytes, activationTargetBytes, minObjectAge,
        scanLimit, region, endpoint, forcePathStyle);
    putNotifications(metadata, notifications);
    putClaims(metadata, claims);
    acceptedByTheScaler(metadata, endpoint, notifications);
  }

  /**
   * Runs the metadata through the scaler's own parser, so a rendered trigger is exactly one the scaler
   * accepts; its errors name metadata keys, which are turned into the flags that set them.
   */
  private static TriggerSpec acceptedByTheScaler(
      Map<String, String> metadata, String endpoint, Notifications notifications) {
    List<String> allowed =
        endpoint == null ? List.of() : List.of(ServerDefaults.normalizeEndpoint("--s3-endpoint", endpoint));
    try {
      // A queue off AWS is the scaler's --sqs-endpoint to allow, not the renderer's: its origin passes here.
      return new TriggerParser(new ServerDefaults("", "", false, allowed).withSqsEndpoint(sqsOrigin(notifications)))
          .parse(metadata);
    } catch (InvalidInputException e) {
      String message = e.getMessage();
      int colon = message.indexOf(':');
      throw colon < 0
          ? e
          : new InvalidInputException(flagFor(message.substring(0, colon)) + message.substring(colon));
    }
  }

  /** targetObjectCount -> --target-object-count; endpoint is --s3-endpoint on the command line. */
  static String flagFor(String key) {
    return switch (key) {
      case "endpoint" -> "--s3-endpoint";
      case "notificationQueueURL" -> "--notification-queue-url";
      case "claimLease" -> "--lease";
      default -> "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
    };
  }

  private static String sqsOrigin(Notifications notifications) {
    if (notifications == null || notifications.queueUrl() == null) {
      return "";
    }
    try {
      java.net.URI uri = new java.net.URI(notifications.queueUrl().strip());
      return uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null
          ? ""
          : ServerDefaults.normalizeEndpoint("--notification-queue-url",
              uri.getScheme() + "://" + uri.getRawAuthority());
    } catch (java.net.URISyntaxException | InvalidInputException e) {
      return ""; // the parser then says what is wrong with the URL
    }
  }

  private static void putNotifications(Map<String, String> m, Notifications notifications) {
    if (notifications != null) {
      putIfSet(m, "notificationQueueURL", notifications.queueUrl());
      if (notifications.reconcileInterval() != null) {
        m.put("reconcileInterval", notifications.reconcileInterval().isZero()
            ? "0" : Durations.format(notifications.reconcileInterval()));
      }
    }
  }

  private static void putClaims(Map<String, String> m, Claims claims) {
    if (claims != null) {
      m.put("claimsPrefix", claims.prefix());
      m.put("claimLease", Durations.format(claims.lease()));
    }
  }

  /**
   * What one replica (one ScaledJob Job) stands for, the scaler's default applied: objects or bytes, as
   * {@link #metric}.
   */
  public long perReplicaTarget() {
    Map<String, String> m = metadata();
    m.remove("scalerAddress");
    return acceptedByTheScaler(m, endpoint, notifications).target();
  }

  /** KEDA's trigger type: external-push also streams activation changes from the scaler. */
  public String type() {
    return push ? "external-push" : "external";
  }

  /** The trigger's metadata: every value a string, as KEDA requires; unset keys left out. */
  public Map<String, String> metadata() {
    Map<String, String> m = metadataOf(scalerAddress, bucket, prefix, suffix, metric, targetObjectCount,
        activationTargetObjectCount, targetBytes, activationTargetBytes, minObjectAge, scanLimit, region,
        endpoint, forcePathStyle);
    putNotifications(m, notifications);
    putClaims(m, claims);
    return m;
  }

  private static Map<String, String> metadataOf(String scalerAddress, String bucket, String prefix,
      String suffix, Metric metric, Long targetObjectCount, Long activationTargetObjectCount, Long targetBytes,
      Long activationTargetBytes, Duration minObjectAge, Long scanLimit, String region, String endpoint,
      Boolean forcePathStyle) {
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
        targetBytes, activationTargetBytes, minObjectAge, scanLimit, region, endpoint, forcePathStyle,
        notifications, claims);
  }

  /** The same trigger, not counting keys under a live claim. */
  public ScalerTrigger withClaims(Claims claims) {
    return new ScalerTrigger(
        scalerAddress, push, bucket, prefix, suffix, metric, targetObjectCount, activationTargetObjectCount,
        targetBytes, activationTargetBytes, minObjectAge, scanLimit, region, endpoint, forcePathStyle,
        notifications, claims);
  }

  private static void putIfSet(Map<String, String> m, String key, Object value) {
    if (value != null && !(value instanceof String s && s.isEmpty())) {
      m.put(key, value.toString());
    }
  }
}
