package io.sparkscale.trigger;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.Sizes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a trigger's scalerMetadata into a {@link TriggerSpec}, or one line saying which key is wrong and
 * what it accepts.
 *
 * <p>Unknown keys are refused: a typo such as {@code prefx} would otherwise silently count the whole
 * bucket. KEDA sends the trigger's whole metadata map, so the keys KEDA itself reads from it
 * (scalerAddress, enableTLS, unsafeSsl) are accepted and ignored; a key written {@code <key>FromEnv} arrives
 * under that name with the environment value already resolved (kedacore/keda
 * pkg/scalers/external_scaler.go), so it stands for {@code <key>}.
 */
public final class TriggerParser {

  static final String FROM_ENV = "FromEnv";

  /** Keys KEDA itself uses and forwards with the rest; they say nothing about what to count. */
  static final Set<String> KEDA_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl");

  static final List<String> KEYS =
      List.of(
          "bucket", "prefix", "suffix", "metric", "targetObjectCount", "activationTargetObjectCount",
          "targetBytes", "activationTargetBytes", "minObjectAge", "scanLimit", "region", "endpoint",
          "forcePathStyle", NotificationOptions.QUEUE_URL, NotificationOptions.RECONCILE_INTERVAL,
          NotificationOptions.MAX_QUEUE_SILENCE);

  /** Lowercased fragments of key names that carry secrets (awsSecretAccessKey, sessionToken, ...). */
  private static final List<String> CREDENTIAL_FRAGMENTS =
      List.of(
          "accesskey", "secret", "token", "password", "passwd", "credential", "privatekey", "clientkey",
          "apikey");

  static final long DEFAULT_TARGET_OBJECTS = 5;
  static final long DEFAULT_SCAN_LIMIT = 100_000;
  static final long MAX_SCAN_LIMIT = 100_000_000;
  /** S3 keys are at most 1,024 bytes of UTF-8, so a longer prefix or suffix can never match. */
  static final int MAX_KEY_BYTES = 1024;

  private static final Pattern WHOLE_NUMBER = Pattern.compile("\\d{1,18}");
  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final ServerDefaults defaults;

  public TriggerParser(ServerDefaults defaults) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
  }

  /**
   * @throws InvalidInputException with a one-line message naming the key and what it accepts
   */
  public TriggerSpec parse(Map<String, String> metadata) {
    Map<String, String> values = canonicalKeys(metadata == null ? Map.of() : metadata);

    String bucket = values.get("bucket");
    if (bucket == null || bucket.isBlank()) {
      throw new InvalidInputException("bucket: required; " + BucketNames.HELP);
    }
    if (!BucketNames.isValid(bucket)) {
      throw InvalidInputException.badValue("bucket", bucket, BucketNames.HELP);
    }
    String prefix = keyPart(values, "prefix");
    String suffix = keyPart(values, "suffix");
    Metric metric = metric(values.get("metric"));
    Duration minObjectAge =
        values.containsKey("minObjectAge")
            ? Durations.parse("minObjectAge", values.get("minObjectAge"))
            : Duration.ZERO;
    long scanLimit = scanLimit(values.get("scanLimit"));
    String region = region(values.get("region"));
    String endpoint = endpoint(values.get("endpoint"));
    boolean forcePathStyle = forcePathStyle(values.get("forcePathStyle"));

    NotificationQueue notifications = NotificationOptions.parse(values, defaults);

    CountKey key =
        new CountKey(
            endpoint, region, forcePathStyle, bucket, prefix, suffix, minObjectAge, scanLimit,
            notifications);
    return metric == Metric.OBJECTS ? objectsTrigger(key, values) : bytesTrigger(key, values);
  }

  /** Maps {@code <key>FromEnv} to {@code <key>}, drops KEDA's own keys, refuses unknown and secret keys. */
  private static Map<String, String> canonicalKeys(Map<String, String> metadata) {
    // Secrets first, so that a credential is refused as such even when its key is also unknown.
    for (String name : new TreeSet<>(metadata.keySet())) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (CREDENTIAL_FRAGMENTS.stream().anyMatch(lower::contains)) {
        throw new InvalidInputException(
            name + ": refused: trigger metadata travels to the scaler in plaintext and must not carry"
                + " credentials; give the scaler's pod an identity instead (IRSA, EKS Pod Identity or"
                + " GKE Workload Identity)");
      }
    }
    Map<String, String> values = new HashMap<>();
    for (String name : new TreeSet<>(metadata.keySet())) {
      if (KEDA_KEYS.contains(name)) {
        continue;
      }
      String key = name.endsWith(FROM_ENV) ? name.substring(0, name.length() - FROM_ENV.length()) : name;
      if (!KEYS.contains(key)) {
        throw new InvalidInputException(
            name + ": unknown trigger metadata key; accepted keys: " + String.join(", ", KEYS)
                + " (each also as <key>FromEnv), and KEDA's " + String.join(", ", new TreeSet<>(KEDA_KEYS)));
      }
      if (values.containsKey(key)) {
        throw new InvalidInputException(
            key + ": given both as " + key + " and " + key + FROM_ENV + "; use one of them");
      }
      values.put(key, Objects.requireNonNullElse(metadata.get(name), ""));
    }
    return values;
  }

  private TriggerSpec objectsTrigger(CountKey key, Map<String, String> values) {
    refuseForOtherMetric(values, Metric.OBJECTS, "targetBytes", "activationTargetBytes");
    long target =
        values.containsKey("targetObjectCount")
            ? wholeNumber("targetObjectCount", values.get("targetObjectCount"), 1)
            : DEFAULT_TARGET_OBJECTS;
    long activation =
        values.containsKey("activationTargetObjectCount")
            ? wholeNumber("activationTargetObjectCount", values.get("activationTargetObjectCount"), 0)
            : 0;
    return new TriggerSpec(key, Metric.OBJECTS, target, activation);
  }

  private TriggerSpec bytesTrigger(CountKey key, Map<String, String> values) {
    refuseForOtherMetric(values, Metric.BYTES, "targetObjectCount", "activationTargetObjectCount");
    if (!values.containsKey("targetBytes")) {
      throw new InvalidInputException(
          "targetBytes: required when metric is bytes; " + Sizes.DATA_SIZE_HELP);
    }
    long target = Sizes.parseDataBytes("targetBytes", values.get("targetBytes"));
    long activation =
        values.containsKey("activationTargetBytes")
            ? Sizes.parseDataBytesOrZero("activationTargetBytes", values.get("activationTargetBytes"))
            : 0;
    return new TriggerSpec(key, Metric.BYTES, target, activation);
  }

  private static void refuseForOtherMetric(Map<String, String> values, Metric metric, String... keys) {
    for (String key : keys) {
      if (values.containsKey(key)) {
        String other = metric == Metric.OBJECTS ? "bytes" : "objects";
        throw new InvalidInputException(
            key + ": only applies when metric is " + other + ", but metric is " + metric.label()
                + "; remove it or set metric: " + other);
      }
    }
  }

  private static Metric metric(String value) {
    if (value == null) {
      return Metric.OBJECTS;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "objects" -> Metric.OBJECTS;
      case "bytes" -> Metric.BYTES;
      default -> throw InvalidInputException.badValue("metric", value, "use objects or bytes");
    };
  }

  private static String keyPart(Map<String, String> values, String name) {
    String value = values.getOrDefault(name, "");
    if (name.equals("prefix") && value.regionMatches(true, 0, "s3://", 0, 5)) {
      // Would silently count nothing: keys never start with the URL of their own bucket.
      throw InvalidInputException.badValue(
          name, value, "give the key prefix inside the bucket, without s3:// and bucket, e.g. incoming/");
    }
    if (value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new InvalidInputException(
          name + ": too long; use at most " + MAX_KEY_BYTES + " bytes (the longest an S3 key can be)");
    }
    return value;
  }

  private static long scanLimit(String value) {
    if (value == null) {
      return DEFAULT_SCAN_LIMIT;
    }
    long limit = wholeNumber("scanLimit", value, 1);
    if (limit > MAX_SCAN_LIMIT) {
      throw InvalidInputException.badValue(
          "scanLimit", value, "use a whole number from 1 to " + MAX_SCAN_LIMIT);
    }
    return limit;
  }

  private String region(String value) {
    if (value == null || value.isBlank()) {
      return defaults.region();
    }
    String region = value.strip();
    if (!REGION.matcher(region).matches()) {
      throw InvalidInputException.badValue(
          "region", value, "use a region name such as us-east-1 (lowercase letters, digits, hyphens)");
    }
    return region;
  }

  private String endpoint(String value) {
    if (value == null || value.isBlank()) {
      return defaults.endpoint();
    }
    String endpoint = ServerDefaults.normalizeEndpoint("endpoint", value);
    if (!defaults.allows(endpoint)) {
      List<String> allowed =
          defaults.endpoint().isEmpty()
              ? defaults.allowedEndpoints()
              : java.util.stream.Stream.concat(
                      java.util.stream.Stream.of(defaults.endpoint()),
                      defaults.allowedEndpoints().stream())
                  .toList();
      throw InvalidInputException.badValue(
          "endpoint",
          value,
          "this server only counts at endpoints allowed with its --allow-endpoint flag (allowed: "
              + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
              + "); leave endpoint out to use the server's own");
    }
    return endpoint;
  }

  private boolean forcePathStyle(String value) {
    if (value == null) {
      return defaults.forcePathStyle();
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw InvalidInputException.badValue("forcePathStyle", value, "use true or false");
    };
  }

  private static long wholeNumber(String name, String value, long min) {
    String text = value == null ? "" : value.strip();
    String accepted = min == 0 ? "use a whole number, 0 or more" : "use a whole number, 1 or more";
    if (!WHOLE_NUMBER.matcher(text).matches() || Long.parseLong(text) < min) {
      throw InvalidInputException.badValue(name, String.valueOf(value), accepted);
    }
    return Long.parseLong(text);
  }
}
