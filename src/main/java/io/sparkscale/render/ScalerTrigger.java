package io.sparkscale.render;

import io.sparkscale.trigger.ServerDefaults;
import io.sparkscale.trigger.TriggerKey;
import io.sparkscale.trigger.TriggerKeys;
import io.sparkscale.trigger.TriggerParser;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.trigger.TriggerSpec.Metric;
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
   * Notification mode: the SQS queue that receives the bucket's events, how often a full listing
   * reconciles (null for the scaler's default of 15m, zero for never), and how long a silent queue is
   * trusted when a reconcile finds drift (null for the scaler's default).
   */
  public record Notifications(String queueUrl, Duration reconcileInterval, Duration maxQueueSilence) {

    /** With the scaler's default max queue silence. */
    public Notifications(String queueUrl, Duration reconcileInterval) {
      this(queueUrl, reconcileInterval, null);
    }
  }

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

  /** Metadata keys whose `render` flag is not the key in kebab case. */
  private static final Map<String, String> FLAG_NOT_KEBAB = Map.of(
      TriggerKeys.ENDPOINT.name(), "--s3-endpoint",
      TriggerKeys.NOTIFICATION_QUEUE_URL.name(), "--notification-queue-url",
      TriggerKeys.CLAIM_LEASE.name(), "--lease");

  /** targetObjectCount -> --target-object-count; endpoint is --s3-endpoint on the command line. */
  static String flagFor(String key) {
    String flag = FLAG_NOT_KEBAB.get(key);
    return flag != null ? flag : "--" + key.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
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
      put(m, TriggerKeys.NOTIFICATION_QUEUE_URL, notifications.queueUrl());
      put(m, TriggerKeys.RECONCILE_INTERVAL, notifications.reconcileInterval());
      put(m, TriggerKeys.MAX_QUEUE_SILENCE, notifications.maxQueueSilence());
    }
  }

  private static void putClaims(Map<String, String> m, Claims claims) {
    if (claims != null) {
      m.put(TriggerKeys.CLAIMS_PREFIX.name(), TriggerKeys.CLAIMS_PREFIX.write(claims.prefix()));
      put(m, TriggerKeys.CLAIM_LEASE, claims.lease());
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
    m.put("scalerAddress", scalerAddress); // KEDA's own key, not the scaler's
    m.put(TriggerKeys.BUCKET.name(), bucket);
    put(m, TriggerKeys.PREFIX, prefix);
    put(m, TriggerKeys.SUFFIX, suffix);
    put(m, TriggerKeys.METRIC, metric);
    put(m, TriggerKeys.TARGET_OBJECT_COUNT, targetObjectCount);
    put(m, TriggerKeys.ACTIVATION_TARGET_OBJECT_COUNT, activationTargetObjectCount);
    // Bytes are written as plain byte counts: unambiguous, and the scaler reads a bare number as bytes.
    put(m, TriggerKeys.TARGET_BYTES, targetBytes);
    put(m, TriggerKeys.ACTIVATION_TARGET_BYTES, activationTargetBytes);
    put(m, TriggerKeys.MIN_OBJECT_AGE, minObjectAge);
    put(m, TriggerKeys.SCAN_LIMIT, scanLimit);
    put(m, TriggerKeys.REGION, region);
    put(m, TriggerKeys.ENDPOINT, endpoint);
    put(m, TriggerKeys.FORCE_PATH_STYLE, forcePathStyle);
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

  /** The key's metadata spelling of the value, from its row; unset values (null, "") are left out. */
  private static <T> void put(Map<String, String> m, TriggerKey<T> key, T value) {
    if (value != null && !(value instanceof String text && text.isEmpty())) {
      m.put(key.name(), key.write(value));
    }
  }
}
