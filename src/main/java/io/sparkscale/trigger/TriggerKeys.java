package io.sparkscale.trigger;

import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trigger metadata keys sparkscale reads, one row each (KEDA's scalers declare theirs the same way):
 * its name, what it accepts, its bounds, its default, how a value is read and how it is written. The rows
 * are the only spelling of a key: {@link TriggerParser} reads through them, {@code render}'s ScalerTrigger
 * writes through them, and error messages list them.
 *
 * <p>Adding a key is one row here plus the code that uses its value ({@link TriggerParser} reading it into
 * {@link io.sparkscale.backlog.CountKey} or {@link TriggerSpec}, and the renderer's option setting it).
 * A CountKey field that changes what is counted must also be in {@link CountKeyIdentity} (a test fails
 * until it is), so that two triggers counting different things never share a metric name.
 */
public final class TriggerKeys {

  /** Longer than any whole number we accept (Long.MAX_VALUE has 19 digits). */
  static final int NUMBER_LENGTH = 20;
  /** S3 keys are at most 1,024 bytes of UTF-8, so a longer prefix or suffix can never match. */
  static final int MAX_KEY_BYTES = 1024;
  static final int MAX_ENDPOINT_LENGTH = 256;
  static final int MAX_REGION_LENGTH = 32;

  static final long MAX_TARGET_OBJECTS = 1_000_000_000_000L;
  static final long DEFAULT_TARGET_OBJECTS = 5;
  static final long DEFAULT_SCAN_LIMIT = 100_000;
  static final long MAX_SCAN_LIMIT = 100_000_000;
  /** Objects still being written are minutes old; a month is far beyond any use and far from overflow. */
  static final Duration MAX_MIN_OBJECT_AGE = Duration.ofDays(30);

  public static final TriggerKey<String> BUCKET =
      new TriggerKey<>("bucket", BucketNames.HELP, 63, null, TriggerKeys::bucket);
  public static final TriggerKey<String> PREFIX = keyPart("prefix");
  public static final TriggerKey<String> SUFFIX = keyPart("suffix");
  public static final TriggerKey<Metric> METRIC =
      new TriggerKey<>("metric", "use objects or bytes", 16, Metric.OBJECTS, TriggerKeys::metric, Metric::label);
  public static final TriggerKey<Long> TARGET_OBJECT_COUNT =
      wholeNumber("targetObjectCount", DEFAULT_TARGET_OBJECTS, 1, MAX_TARGET_OBJECTS);
  public static final TriggerKey<Long> ACTIVATION_TARGET_OBJECT_COUNT =
      wholeNumber("activationTargetObjectCount", 0L, 0, MAX_TARGET_OBJECTS);
  public static final TriggerKey<Long> TARGET_BYTES =
      new TriggerKey<>("targetBytes", Sizes.DATA_SIZE_HELP, Sizes.MAX_LENGTH, null, Sizes::parseDataBytes);
  public static final TriggerKey<Long> ACTIVATION_TARGET_BYTES =
      new TriggerKey<>("activationTargetBytes", Sizes.DATA_SIZE_HELP, Sizes.MAX_LENGTH, 0L,
          Sizes::parseDataBytesOrZero);
  public static final TriggerKey<Duration> MIN_OBJECT_AGE =
      new TriggerKey<>("minObjectAge", Durations.HELP + " (at most " + Durations.format(MAX_MIN_OBJECT_AGE) + ")",
          Durations.MAX_LENGTH, Duration.ZERO, (name, value) -> Durations.parseAtMost(name, value, MAX_MIN_OBJECT_AGE),
          Durations::format);
  public static final TriggerKey<Long> SCAN_LIMIT =
      wholeNumber("scanLimit", DEFAULT_SCAN_LIMIT, 1, MAX_SCAN_LIMIT);
  /** Null when absent or blank: the server's default region. */
  public static final TriggerKey<String> REGION =
      new TriggerKey<>("region", Regions.HELP, MAX_REGION_LENGTH, null, Regions::read);
  /** Null when absent or blank: the server's endpoint. Whether it is allowed is the server's to say. */
  public static final TriggerKey<String> ENDPOINT =
      new TriggerKey<>("endpoint", ServerDefaults.ENDPOINT_HELP, MAX_ENDPOINT_LENGTH, null,
          (name, value) -> value.isBlank() ? null : ServerDefaults.normalizeEndpoint(name, value));
  /** Null when absent: the server's default. */
  public static final TriggerKey<Boolean> FORCE_PATH_STYLE =
      new TriggerKey<>("forcePathStyle", "use true or false", 5, null, TriggerKeys::bool);

  /** An SQS queue URL: its presence turns notification mode on; where it may point is the server's to say. */
  public static final TriggerKey<String> NOTIFICATION_QUEUE_URL =
      new TriggerKey<>("notificationQueueURL", NotificationOptions.QUEUE_URL_HELP, 256, null,
          (name, value) -> value.strip());
  public static final TriggerKey<Duration> RECONCILE_INTERVAL =
      new TriggerKey<>("reconcileInterval", Durations.HELP + ", or 0 for never (at most "
          + Durations.format(NotificationOptions.MAX_RECONCILE_INTERVAL) + ")", Durations.MAX_LENGTH,
          NotificationQueue.DEFAULT_RECONCILE_INTERVAL,
          (name, value) -> value.strip().equals("0")
              ? Duration.ZERO
              : Durations.parseAtMost(name, value, NotificationOptions.MAX_RECONCILE_INTERVAL),
          interval -> interval.isZero() ? "0" : Durations.format(interval));
  public static final TriggerKey<Duration> MAX_QUEUE_SILENCE =
      new TriggerKey<>("maxQueueSilence", Durations.HELP + " (greater than zero, at most "
          + Durations.format(NotificationOptions.MAX_QUEUE_SILENCE) + ")", Durations.MAX_LENGTH,
          NotificationQueue.DEFAULT_MAX_QUEUE_SILENCE,
          (name, value) -> NotificationOptions.positiveAtMost(name, value, NotificationOptions.MAX_QUEUE_SILENCE),
          Durations::format);

  /**
   * Keys under a live claim marker of `sparkscale claim` do not count (docs/keda.md); "" for none. The
   * claimers' --claims-prefix.
   */
  public static final TriggerKey<String> CLAIMS_PREFIX = keyPart("claimsPrefix");
  /** How long a claim marker holds its key after it was written: the claimers' --lease. */
  public static final TriggerKey<Duration> CLAIM_LEASE =
      new TriggerKey<>("claimLease", Durations.HELP + " (from " + Durations.format(ClaimRequest.MIN_LEASE) + " to "
          + Durations.format(ClaimRequest.MAX_LEASE) + ")", Durations.MAX_LENGTH, ClaimRequest.DEFAULT_LEASE,
          (name, value) -> ClaimRequest.checkLease(name, Durations.parse(name, value)), Durations::format);

  /** The table, in the order error messages list the keys. */
  public static final List<TriggerKey<?>> ALL =
      List.of(
          BUCKET, PREFIX, SUFFIX, METRIC, TARGET_OBJECT_COUNT, ACTIVATION_TARGET_OBJECT_COUNT, TARGET_BYTES,
          ACTIVATION_TARGET_BYTES, MIN_OBJECT_AGE, SCAN_LIMIT, REGION, ENDPOINT, FORCE_PATH_STYLE,
          NOTIFICATION_QUEUE_URL, RECONCILE_INTERVAL, MAX_QUEUE_SILENCE, CLAIMS_PREFIX, CLAIM_LEASE);

  /** Looked up for every key of every call's metadata. */
  private static final Map<String, TriggerKey<?>> BY_NAME =
      ALL.stream().collect(Collectors.toUnmodifiableMap(TriggerKey::name, key -> key));

  private TriggerKeys() {}

  /** The row of this name, or null. */
  public static TriggerKey<?> named(String name) {
    return BY_NAME.get(name);
  }

  static TriggerKey<Long> wholeNumber(String name, Long defaultValue, long min, long max) {
    String accepts = "use a whole number from " + min + " to " + max;
    return new TriggerKey<>(name, accepts, NUMBER_LENGTH, defaultValue, (key, value) -> {
      String text = value.strip();
      long number = 0;
      boolean valid = !text.isEmpty();
      for (int i = 0; valid && i < text.length(); i++) {
        char c = text.charAt(i);
        valid = c >= '0' && c <= '9';
        // max is far below Long.MAX_VALUE / 10, so this cannot overflow before the bound stops it
        number = valid ? number * 10 + (c - '0') : number;
        valid = valid && number <= max;
      }
      if (!valid || number < min) {
        throw InvalidInputException.badValue(key, value, accepts);
      }
      return number;
    });
  }

  private static TriggerKey<String> keyPart(String name) {
    return new TriggerKey<>(name, "use at most " + MAX_KEY_BYTES + " bytes (the longest an S3 key can be)",
        MAX_KEY_BYTES, "", TriggerKeys::keyPart);
  }

  private static String bucket(String name, String value) {
    if (value.isBlank()) {
      throw new InvalidInputException(name + ": required; " + BucketNames.HELP);
    }
    if (!BucketNames.isValid(value)) {
      throw InvalidInputException.badValue(name, value, BucketNames.HELP);
    }
    return value;
  }

  private static String keyPart(String name, String value) {
    if (name.equals("prefix") && value.regionMatches(true, 0, "s3://", 0, 5)) {
      // Would silently count nothing: keys never start with the URL of their own bucket.
      throw InvalidInputException.badValue(
          name, value, "give the key prefix inside the bucket, without s3:// and bucket, e.g. incoming/");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      // S3 lists such keys only URL-encoded, and in a log line they would start lines of the writer's choosing.
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        throw InvalidInputException.badValue(name, value,
            "control characters and line separators are not accepted in a key " + name);
      }
    }
    if (name.equals("prefix")) {
      LiteralPrefix.check(name, value, value);
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new InvalidInputException(
          name + ": too long; use at most " + MAX_KEY_BYTES + " bytes (the longest an S3 key can be)");
    }
    return value;
  }

  private static Metric metric(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "objects" -> Metric.OBJECTS;
      case "bytes" -> Metric.BYTES;
      default -> throw InvalidInputException.badValue(name, value, "use objects or bytes");
    };
  }

  private static Boolean bool(String name, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw InvalidInputException.badValue(name, value, "use true or false");
    };
  }
}
