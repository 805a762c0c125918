package io.sparkscale.trigger;

import static io.sparkscale.trigger.TriggerKeys.ACTIVATION_TARGET_BYTES;
import static io.sparkscale.trigger.TriggerKeys.ACTIVATION_TARGET_OBJECT_COUNT;
import static io.sparkscale.trigger.TriggerKeys.BUCKET;
import static io.sparkscale.trigger.TriggerKeys.CLAIMS_PREFIX;
import static io.sparkscale.trigger.TriggerKeys.CLAIM_LEASE;
import static io.sparkscale.trigger.TriggerKeys.ENDPOINT;
import static io.sparkscale.trigger.TriggerKeys.FORCE_PATH_STYLE;
import static io.sparkscale.trigger.TriggerKeys.MAX_QUEUE_SILENCE;
import static io.sparkscale.trigger.TriggerKeys.METRIC;
import static io.sparkscale.trigger.TriggerKeys.MIN_OBJECT_AGE;
import static io.sparkscale.trigger.TriggerKeys.NOTIFICATION_QUEUE_URL;
import static io.sparkscale.trigger.TriggerKeys.PREFIX;
import static io.sparkscale.trigger.TriggerKeys.RECONCILE_INTERVAL;
import static io.sparkscale.trigger.TriggerKeys.REGION;
import static io.sparkscale.trigger.TriggerKeys.SCAN_LIMIT;
import static io.sparkscale.trigger.TriggerKeys.SUFFIX;
import static io.sparkscale.trigger.TriggerKeys.TARGET_BYTES;
import static io.sparkscale.trigger.TriggerKeys.TARGET_OBJECT_COUNT;

import io.sparkscale.backlog.ClaimExclusion;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.claim.ClaimLayout;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.trigger.TriggerSpec.Metric;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import io.sparkscale.units.Sizes;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a trigger's scalerMetadata into a {@link TriggerSpec}, or one line saying which key is wrong and
 * what it accepts. The keys are the rows of {@link TriggerKeys}.
 *
 * <p>Unknown keys are refused: a typo such as {@code prefx} would otherwise silently count the whole
 * bucket. KEDA sends the trigger's whole metadata map, so the keys KEDA itself reads from it
 * (scalerAddress, enableTLS, unsafeSsl) are accepted and ignored; a key written {@code <key>FromEnv} arrives
 * under that name with the environment value already resolved (kedacore/keda
 * pkg/scalers/external_scaler.go), so it stands for {@code <key>}.
 *
 * <p>With a {@link TriggerAdmission}, {@link #parse(String, Map)} also asks whether the caller's namespace
 * may count what the trigger names, before anything is counted.
 */
public final class TriggerParser {

  static final String FROM_ENV = "FromEnv";

  /** Keys KEDA itself uses and forwards with the rest; they say nothing about what to count. */
  static final Set<String> KEDA_KEYS = Set.of("scalerAddress", "enableTLS", "unsafeSsl");

  /** Far more than the table's keys plus KEDA's; a map larger than this is not a trigger. */
  static final int MAX_KEYS = 64;
  /** The longest key name read ("activationTargetObjectCountFromEnv" is 34). */
  static final int MAX_KEY_NAME_LENGTH = 64;

  /** Lowercased fragments of key names that carry secrets (awsSecretAccessKey, sessionToken, ...). */
  private static final List<String> CREDENTIAL_FRAGMENTS =
      List.of(
          "accesskey", "secret", "token", "password", "passwd", "credential", "privatekey", "clientkey",
          "apikey");

  private static final String ACCEPTED_KEYS =
      TriggerKeys.ALL.stream().map(TriggerKey::name).collect(Collectors.joining(", "));

  private final ServerDefaults defaults;
  private final TriggerAdmission admission;

  /** A parser that admits every namespace (the CLI's own uses, and `serve` without a tenant policy). */
  public TriggerParser(ServerDefaults defaults) {
    this(defaults, TriggerAdmission.EVERYONE);
  }

  public TriggerParser(ServerDefaults defaults, TriggerAdmission admission) {
    this.defaults = Objects.requireNonNull(defaults, "defaults");
    this.admission = Objects.requireNonNull(admission, "admission");
  }

  /**
   * Parses, then asks the admission whether {@code namespace} may count what the trigger names.
   *
   * @throws InvalidInputException with a one-line message naming the key and what it accepts
   * @throws RuntimeException whatever the admission throws when it refuses (the tenant policy's denial)
   */
  public TriggerSpec parse(String namespace, Map<String, String> metadata) {
    TriggerSpec spec = parse(metadata);
    admission.admit(Objects.requireNonNullElse(namespace, ""), spec.key());
    return spec;
  }

  /**
   * @throws InvalidInputException with a one-line message naming the key and what it accepts
   */
  public TriggerSpec parse(Map<String, String> metadata) {
    Values values = new Values(canonicalKeys(metadata == null ? Map.of() : metadata));

    String bucket = values.get(BUCKET);
    if (bucket == null) {
      throw new InvalidInputException("bucket: required; " + BucketNames.HELP);
    }
    String endpoint = endpoint(values.get(ENDPOINT));
    String region = region(values.get(REGION), endpoint);
    boolean forcePathStyle =
        Objects.requireNonNullElse(values.get(FORCE_PATH_STYLE), defaults.forcePathStyle());
    NotificationQueue notifications = notificationQueue(values);
    CountKey key =
        new CountKey(endpoint, region, forcePathStyle, bucket, values.get(PREFIX), values.get(SUFFIX),
            values.get(MIN_OBJECT_AGE), values.get(SCAN_LIMIT), notifications,
            claims(values, values.get(PREFIX), notifications));
    Metric metric = values.get(METRIC);
    return metric == Metric.OBJECTS ? objectsTrigger(key, values) : bytesTrigger(key, values);
  }

  /**
   * Maps {@code <key>FromEnv} to its row, drops KEDA's own keys, refuses unknown and secret keys. Sizes are
   * checked before anything else, so nothing below ever reads a huge key or map.
   */
  private static Map<TriggerKey<?>, String> canonicalKeys(Map<String, String> metadata) {
    if (metadata.size() > MAX_KEYS) {
      throw new InvalidInputException(
          "metadata: " + metadata.size() + " keys; use at most " + MAX_KEYS + " (accepted keys: "
              + ACCEPTED_KEYS + ")");
    }
    for (String name : metadata.keySet()) {
      if (name.length() > MAX_KEY_NAME_LENGTH) {
        throw new InvalidInputException(
            "metadata: key '" + SafeText.quote(name) + "' is too long; accepted keys: " + ACCEPTED_KEYS);
      }
    }
    try {
      return canonicalKeys(metadata, metadata.keySet()); // the map's own order: cheapest, and every call pays it
    } catch (InvalidInputException e) {
      // Checked again in name order, so a map with several bad keys always names the same one.
      return canonicalKeys(metadata, new TreeSet<>(metadata.keySet()));
    }
  }

  private static Map<TriggerKey<?>, String> canonicalKeys(Map<String, String> metadata, Collection<String> names) {
    // Secrets first, so that a credential is refused as such even when its key is also unknown.
    for (String name : names) {
      if (namesACredential(name)) {
        throw new InvalidInputException(
            SafeText.quote(name) + ": refused: trigger metadata travels to the scaler in plaintext and must"
                + " not carry credentials; give the scaler's pod an identity instead (IRSA, EKS Pod Identity"
                + " or GKE Workload Identity)");
      }
    }
    Map<TriggerKey<?>, String> values = new HashMap<>();
    for (String name : names) {
      if (KEDA_KEYS.contains(name)) {
        continue;
      }
      String plain = name.endsWith(FROM_ENV) ? name.substring(0, name.length() - FROM_ENV.length()) : name;
      TriggerKey<?> key = TriggerKeys.named(plain);
      if (key == null) {
        throw new InvalidInputException(
            SafeText.quote(name) + ": unknown trigger metadata key; accepted keys: " + ACCEPTED_KEYS
                + " (each also as <key>FromEnv), and KEDA's " + String.join(", ", new TreeSet<>(KEDA_KEYS)));
      }
      if (values.containsKey(key)) {
        throw new InvalidInputException(
            plain + ": given both as " + plain + " and " + plain + FROM_ENV + "; use one of them");
      }
      values.put(key, Objects.requireNonNullElse(metadata.get(name), ""));
    }
    return values;
  }

  private static boolean namesACredential(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String fragment : CREDENTIAL_FRAGMENTS) {
      if (lower.contains(fragment)) {
        return true;
      }
    }
    return false;
  }

  /** Null in listing mode (no notificationQueueURL); its sibling keys then make no sense and are refused. */
  private NotificationQueue notificationQueue(Values values) {
    String url = values.get(NOTIFICATION_QUEUE_URL);
    if (url == null) {
      values.refuseWithout(NOTIFICATION_QUEUE_URL, RECONCILE_INTERVAL, MAX_QUEUE_SILENCE);
      return null;
    }
    return new NotificationQueue(NotificationOptions.queueUrl(url, defaults), values.get(RECONCILE_INTERVAL),
        values.get(MAX_QUEUE_SILENCE));
  }

  /**
   * Null without claimsPrefix. Refused with a notification queue: events say what arrived, not which keys a
   * Job holds, and excluding them would take a listing of the markers per count, which is what notification
   * mode exists to avoid; list instead (the ScaledJob case), or leave claimsPrefix out.
   */
  private static ClaimExclusion claims(Values values, String prefix, NotificationQueue notifications) {
    String claimsPrefix = values.get(CLAIMS_PREFIX);
    if (claimsPrefix.isEmpty()) {
      values.refuseWithout(CLAIMS_PREFIX, CLAIM_LEASE);
      return null;
    }
    if (notifications != null) {
      throw new InvalidInputException("claimsPrefix: not available with notificationQueueURL (claimed keys are"
          + " excluded from listed counts only); remove one of them");
    }
    return new ClaimExclusion(ClaimLayout.check(CLAIMS_PREFIX.name(), prefix, claimsPrefix), values.get(CLAIM_LEASE));
  }

  private TriggerSpec objectsTrigger(CountKey key, Values values) {
    values.refuseForOtherMetric(Metric.OBJECTS, TARGET_BYTES, ACTIVATION_TARGET_BYTES);
    return new TriggerSpec(key, Metric.OBJECTS, values.get(TARGET_OBJECT_COUNT),
        values.get(ACTIVATION_TARGET_OBJECT_COUNT));
  }

  private TriggerSpec bytesTrigger(CountKey key, Values values) {
    values.refuseForOtherMetric(Metric.BYTES, TARGET_OBJECT_COUNT, ACTIVATION_TARGET_OBJECT_COUNT);
    Long target = values.get(TARGET_BYTES);
    if (target == null) {
      throw new InvalidInputException(
          "targetBytes: required when metric is bytes; " + Sizes.DATA_SIZE_HELP);
    }
    return new TriggerSpec(key, Metric.BYTES, target, values.get(ACTIVATION_TARGET_BYTES));
  }

  private String region(String value, String endpoint) {
    if (value == null) {
      return defaults.region();
    }
    if (endpoint.isEmpty() && !Regions.looksLikeAws(value)) {
      throw InvalidInputException.badValue(REGION.name(), value, Regions.AWS_HELP);
    }
    return value;
  }

  private String endpoint(String normalized) {
    if (normalized == null) {
      return defaults.endpoint();
    }
    if (!defaults.allows(normalized)) {
      List<String> allowed =
          defaults.endpoint().isEmpty()
              ? defaults.allowedEndpoints()
              : Stream.concat(Stream.of(defaults.endpoint()), defaults.allowedEndpoints().stream()).toList();
      throw InvalidInputException.badValue(
          ENDPOINT.name(),
          normalized,
          "this server only counts at endpoints allowed with its --allow-endpoint flag (allowed: "
              + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
              + "); leave endpoint out to use the server's own");
    }
    return normalized;
  }

  /** The given values, each read through its row when first asked for. */
  private static final class Values {
    private final Map<TriggerKey<?>, String> given;

    Values(Map<TriggerKey<?>, String> given) {
      this.given = given;
    }

    <T> T get(TriggerKey<T> key) {
      String value = given.get(key);
      return value == null ? key.defaultValue() : key.read(value);
    }

    void refuseWithout(TriggerKey<?> required, TriggerKey<?>... keys) {
      for (TriggerKey<?> key : keys) {
        if (given.containsKey(key)) {
          throw new InvalidInputException(key.name() + ": only applies with " + required.name() + "; add "
              + required.name() + " or remove " + key.name());
        }
      }
    }

    void refuseForOtherMetric(Metric metric, TriggerKey<?>... keys) {
      for (TriggerKey<?> key : keys) {
        if (given.containsKey(key)) {
          String other = metric == Metric.OBJECTS ? "bytes" : "objects";
          throw new InvalidInputException(
              key.name() + ": only applies when metric is " + other + ", but metric is " + metric.label()
                  + "; remove it or set metric: " + other);
        }
      }
    }
  }
}
