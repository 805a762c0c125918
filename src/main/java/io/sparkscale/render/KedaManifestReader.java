package io.sparkscale.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import io.sparkscale.trigger.TriggerKey;
import io.sparkscale.trigger.TriggerKeys;
import io.sparkscale.trigger.TriggerSpec;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.units.SafeText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads a KEDA ScaledObject or ScaledJob back into the model {@code render} writes it from, so what
 * {@code simulate} replays is exactly what would be applied. KEDA's own defaults fill what the document leaves
 * out (pollingInterval 30, cooldownPeriod 300, minReplicaCount 0, maxReplicaCount 100: kedacore/keda
 * apis/keda/v1alpha1/scaledobject_types.go and scaledjob_types.go), Kubernetes' fill the HPA behavior
 * (pkg/apis/autoscaling/v2/defaults.go).
 *
 * <p>A file may hold the object and its TriggerAuthentication (as render writes them); another kind, a field
 * of the wrong type, a trigger other than sparkscale's, or a field that changes scaling in a way the model
 * leaves out is an {@link InvalidInputException} naming the field.
 */
public final class KedaManifestReader {

  /**
   * A ScaledObject, with what render does not write: KEDA's idleReplicaCount (null when unset) and the trigger's
   * useCachedMetrics.
   */
  public record ScaledObjectManifest(ScaledObjectSpec spec, Integer idleReplicaCount, boolean useCachedMetrics) {}

  /**
   * A ScaledJob, and whether each Job claims its batch as its pod starts (an init container running
   * {@code sparkscale claim}, issue 19).
   */
  public record ScaledJobManifest(ScaledJobSpec spec, boolean claimsAtStart) {}

  static final int MAX_COUNT = 1_000_000;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final String AUTH_KIND = "TriggerAuthentication";
  /** The trigger metadata keys the model carries, in the order render writes them. */
  /** KEDA's scalerAddress, then every key of the scaler's own table. */
  private static final List<String> TRIGGER_KEYS = Stream.concat(Stream.of("scalerAddress"),
      TriggerKeys.ALL.stream().map(TriggerKey::name)).toList();

  private KedaManifestReader() {}

  /**
   * @param option the flag the file came from (--scaled-object), for messages
   * @param source the file's name as given
   */
  public static ScaledObjectManifest scaledObject(String option, String source, String text) {
    Documents documents = documents(option, source, text, "ScaledObject", "--scaled-job");
    ManifestNode root = documents.main;
    ManifestNode metadata = root.get("metadata").requiredObject();
    ManifestNode spec = root.get("spec").requiredObject();
    ManifestNode target = spec.get("scaleTargetRef").requiredObject();
    String apiVersion = target.get("apiVersion").text("apps/v1");
    if (!apiVersion.equals("apps/v1")) {
      throw target.get("apiVersion").error("'" + SafeText.quote(apiVersion) + "' is not read here; use apps/v1"
          + " (a Deployment or StatefulSet)");
    }
    TargetKind kind = targetKind(target.get("kind"));
    spec.refuse("initialCooldownPeriod", "is not simulated; remove it (it only delays the first scale to zero)");
    ManifestNode advanced = spec.get("advanced").object();
    advanced.refuse("scalingModifiers", "is not simulated: the model has one trigger and no formula");
    ManifestNode fallback = spec.get("fallback").object();
    Integer fallbackReplicas = fallback.present() ? fallback.get("replicas").integer(null, 0, MAX_COUNT) : null;
    if (fallback.present() && fallbackReplicas == null) {
      throw fallback.get("replicas").error("is required");
    }
    ScaledObjectSpec.FallbackBehavior fallbackBehavior = fallbackBehavior(fallback.get("behavior"));
    int minReplicas = spec.get("minReplicaCount").integer(0, 0, MAX_COUNT);
    Integer idle = spec.get("idleReplicaCount").integer(null, 0, MAX_COUNT);
    if (idle != null && idle >= minReplicas) {
      // KEDA's admission webhook refuses it (apis/keda/v1alpha1/scaledobject_webhook.go).
      throw spec.get("idleReplicaCount").error(idle + " is not below minReplicaCount " + minReplicas
          + "; KEDA requires idleReplicaCount < minReplicaCount");
    }
    ManifestNode trigger = onlyTrigger(spec);
    ScalerTrigger scalerTrigger = trigger(trigger);
    HpaBehavior behavior = behavior(advanced.get("horizontalPodAutoscalerConfig").object().get("behavior"));
    String tlsSecret = tlsSecret(documents, trigger);
    String name = metadata.get("name").requiredText();
    String namespace = metadata.get("namespace").text(null);
    String targetName = target.get("name").requiredText();
    int maxReplicas = spec.get("maxReplicaCount").integer(100, 1, MAX_COUNT);
    int pollingInterval = spec.get("pollingInterval").integer(ScaledObjectSpec.DEFAULT_POLLING_INTERVAL, 1, MAX_COUNT);
    int cooldown = spec.get("cooldownPeriod").integer(ScaledObjectSpec.DEFAULT_COOLDOWN_PERIOD, 0, MAX_COUNT);
    try {
      return new ScaledObjectManifest(new ScaledObjectSpec(name, namespace, kind, targetName, scalerTrigger,
          minReplicas, maxReplicas, pollingInterval, cooldown, fallbackReplicas, tlsSecret, behavior,
          fallbackBehavior), idle,
          trigger.get("useCachedMetrics").bool(false));
    } catch (InvalidInputException e) {
      throw root.error(fieldOf(e.getMessage(), OBJECT_FIELDS));
    }
  }

  /** Flags the specs' checks name, and the fields they come from. */
  private static final Map<String, String> OBJECT_FIELDS = Map.of(
      "--name", "metadata.name", "--namespace", "metadata.namespace", "--target-name", "spec.scaleTargetRef.name",
      "--min-replicas", "spec.minReplicaCount", "--max-replicas", "spec.maxReplicaCount",
      "--polling-interval", "spec.pollingInterval", "--cooldown-period", "spec.cooldownPeriod",
      "--fallback-replicas", "spec.fallback.replicas", "--tls-secret", "TriggerAuthentication secretTargetRef name");

  private static final String TEMPLATE = "spec.jobTargetRef.template.spec.";
  private static final Map<String, String> JOB_FIELDS = Map.of(
      "--name", "metadata.name", "--namespace", "metadata.namespace",
      "--image", TEMPLATE + "containers[spark-submit].image",
      "--sparkscale-image", TEMPLATE + "initContainers[claim].image",
      "--service-account", TEMPLATE + "serviceAccountName", "--max-replicas", "spec.maxReplicaCount",
      "--polling-interval", "spec.pollingInterval", "--tls-secret", "TriggerAuthentication secretTargetRef name");

  public static ScaledJobManifest scaledJob(String option, String source, String text) {
    Documents documents = documents(option, source, text, "ScaledJob", "--scaled-object");
    ManifestNode root = documents.main;
    ManifestNode metadata = root.get("metadata").requiredObject();
    ManifestNode spec = root.get("spec").requiredObject();
    spec.get("minReplicaCount").integer(0, 0, 0);
    ManifestNode pod = spec.get("jobTargetRef").requiredObject().get("template").requiredObject().get("spec")
        .requiredObject();
    // Each Job claims its batch in this init container (issue 19), so the count drops as its pod starts.
    ManifestNode sizer = container(pod.get("initContainers"), "claim");
    ManifestNode sparkSubmit = container(pod.get("containers"), "spark-submit");
    if (sizer == null || !runsClaim(sizer)) {
      throw pod.get("initContainers").error("has no init container named claim running `sparkscale claim`;"
          + " use a ScaledJob as `render scaledjob` writes it, or give the scaler's settings as flags");
    }
    if (sparkSubmit == null) {
      throw pod.get("containers").error("has no container named spark-submit; use a ScaledJob as"
          + " `render scaledjob` writes it");
    }
    ManifestNode trigger = onlyTrigger(spec);
    ScalerTrigger scalerTrigger = trigger(trigger);
    String name = metadata.get("name").requiredText();
    String namespace = metadata.get("namespace").text(null);
    String image = sparkSubmit.get("image").requiredText();
    String sizerImage = sizer.get("image").requiredText();
    String serviceAccount = pod.get("serviceAccountName").requiredText();
    int maxReplicas = spec.get("maxReplicaCount").integer(100, 1, MAX_COUNT);
    int pollingInterval = spec.get("pollingInterval").integer(ScaledObjectSpec.DEFAULT_POLLING_INTERVAL, 1, MAX_COUNT);
    ScaledJobStrategy strategy = strategy(spec.get("scalingStrategy").object());
    String tlsSecret = tlsSecret(documents, trigger);
    try {
      ScaledJobSpec bare = new ScaledJobSpec(name, namespace, image, sizerImage, serviceAccount, scalerTrigger,
          maxReplicas, pollingInterval, List.of(), List.of(), tlsSecret, strategy);
      JsonNode rendered = Yaml.read(bare.render().get(bare.render().size() - 1).text())
          .at("/spec/jobTargetRef/template/spec");
      List<String> rightsizeArgs = after(sizer.get("command"), strings(rendered.at("/initContainers/0/command")));
      List<String> sparkSubmitArgs = after(sparkSubmit.get("args"), strings(rendered.at("/containers/0/args")));
      return new ScaledJobManifest(new ScaledJobSpec(name, namespace, image, sizerImage, serviceAccount,
          scalerTrigger, maxReplicas, pollingInterval, rightsizeArgs, sparkSubmitArgs, tlsSecret, strategy), true);
    } catch (InvalidInputException e) {
      throw root.error(fieldOf(e.getMessage(), JOB_FIELDS));
    }
  }

  /**
   * The words a rendered list has beyond those render writes for no extra flags: the rightsize flags after
   * the claim's own, or the spark-submit arguments after sparkscale's.
   */
  private static List<String> after(ManifestNode field, List<String> bare) {
    List<String> words = field.strings();
    if (words.size() < bare.size() || !words.subList(0, bare.size()).equals(bare)) {
      throw field.error("is not what `render scaledjob` writes for this ScaledJob; expected it to start with '"
          + SafeText.quote(String.join(" ", bare)) + "'");
    }
    return List.copyOf(words.subList(bare.size(), words.size()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static boolean runsClaim(ManifestNode container) {
    List<String> words = new ArrayList<>();
    for (String field : List.of("command", "args")) {
      for (ManifestNode item : container.get(field).list()) {
        String text = item.text("");
        List<String> split = Shell.words(text);
        words.addAll(split == null ? List.of(text.split("\\s+")) : split);
      }
    }
    for (int i = 0; i + 1 < words.size(); i++) {
      if (words.get(i).endsWith("sparkscale") && words.get(i + 1).equals("claim")) {
        return true;
      }
    }
    return false;
  }

  private static ManifestNode container(ManifestNode list, String name) {
    for (ManifestNode container : list.list()) {
      if (name.equals(container.object().get("name").text(null))) {
        return container;
      }
    }
    return null;
  }

  private static ScaledJobStrategy strategy(ManifestNode node) {
    ScaledJobStrategy.Kind kind;
    try {
      kind = ScaledJobStrategy.Kind.parse("strategy", node.get("strategy").text("default"));
    } catch (InvalidInputException e) {
      throw node.get("strategy").wrap(e);
    }
    Integer deduction = node.get("customScalingQueueLengthDeduction").integer(null, Integer.MIN_VALUE,
        Integer.MAX_VALUE);
    String percentage = node.get("customScalingRunningJobPercentage").text(null);
    Double share = null;
    if (percentage != null) {
      try {
        share = Double.valueOf(percentage.strip());
      } catch (NumberFormatException e) {
        throw node.get("customScalingRunningJobPercentage").error("'" + SafeText.quote(percentage)
            + "' is not a number; use one such as \"0.5\"");
      }
    }
    List<String> conditions = node.get("pendingPodConditions").strings();
    try {
      return new ScaledJobStrategy(kind, deduction, share, conditions);
    } catch (InvalidInputException e) {
      throw node.wrap(e);
    }
  }

  /** spec.fallback.behavior as KEDA spells it; null when absent (KEDA's static). */
  private static ScaledObjectSpec.FallbackBehavior fallbackBehavior(ManifestNode node) {
    String spelling = node.text(null);
    if (spelling == null) {
      return null;
    }
    for (ScaledObjectSpec.FallbackBehavior b : ScaledObjectSpec.FallbackBehavior.values()) {
      if (b.spelling().equals(spelling)) {
        return b;
      }
    }
    throw node.error("'" + SafeText.quote(spelling) + "' is not one of KEDA's fallback behaviors: static,"
        + " currentReplicas, currentReplicasIfHigher, currentReplicasIfLower, scalingModifiers");
  }

  private static TargetKind targetKind(ManifestNode node) {
    String kind = node.text("Deployment");
    for (TargetKind k : TargetKind.values()) {
      if (k.kind().equals(kind)) {
        return k;
      }
    }
    throw node.error("'" + SafeText.quote(kind) + "' is not read here; use Deployment or StatefulSet");
  }

  /** The one trigger: sparkscale's, of type external or external-push. */
  private static ManifestNode onlyTrigger(ManifestNode spec) {
    List<ManifestNode> triggers = spec.get("triggers").list();
    if (triggers.size() != 1) {
      throw spec.get("triggers").error(triggers.isEmpty() ? "is required: one sparkscale trigger"
          : "has " + triggers.size() + " triggers; simulate models one, the sparkscale trigger");
    }
    ManifestNode trigger = triggers.get(0).requiredObject();
    String type = trigger.get("type").requiredText();
    if (!type.equals("external") && !type.equals("external-push")) {
      throw trigger.get("type").error("'" + SafeText.quote(type) + "' is not sparkscale's; use external or"
          + " external-push with the sparkscale scaler's metadata");
    }
    return trigger;
  }

  private static ScalerTrigger trigger(ManifestNode trigger) {
    ManifestNode metadata = trigger.get("metadata").requiredObject();
    Map<String, String> values = new LinkedHashMap<>();
    metadata.node().fieldNames().forEachRemaining(key -> {
      if (!TRIGGER_KEYS.contains(key)) {
        throw metadata.get(key).error("is not a key sparkscale's trigger model carries; use "
            + String.join(", ", TRIGGER_KEYS));
      }
      ManifestNode value = metadata.get(key);
      if (!value.node().isTextual()) {
        throw value.error("'" + SafeText.quote(value.node().toString()) + "' is not a string; KEDA takes"
            + " metadata values as strings only (quote it)");
      }
      values.put(key, value.node().asText());
    });
    try {
      String queue = values.get("notificationQueueURL");
      Duration reconcile = read(values, "reconcileInterval", TriggerKeys.RECONCILE_INTERVAL::read);
      Duration silence = read(values, "maxQueueSilence", TriggerKeys.MAX_QUEUE_SILENCE::read);
      String claimsPrefix = read(values, "claimsPrefix", TriggerKeys.CLAIMS_PREFIX::read);
      Duration lease = read(values, "claimLease", TriggerKeys.CLAIM_LEASE::read);
      ScalerTrigger read = new ScalerTrigger(
          values.get("scalerAddress"),
          trigger.get("type").requiredText().equals("external-push"),
          values.get("bucket"),
          values.get("prefix"),
          values.get("suffix"),
          values.get("metric") == null ? null : metric(values.get("metric")),
          read(values, "targetObjectCount", TriggerKeys.TARGET_OBJECT_COUNT::read),
          read(values, "activationTargetObjectCount", TriggerKeys.ACTIVATION_TARGET_OBJECT_COUNT::read),
          read(values, "targetBytes", TriggerKeys.TARGET_BYTES::read),
          read(values, "activationTargetBytes", TriggerKeys.ACTIVATION_TARGET_BYTES::read),
          read(values, "minObjectAge", TriggerKeys.MIN_OBJECT_AGE::read),
          read(values, "scanLimit", TriggerKeys.SCAN_LIMIT::read),
          values.get("region"),
          values.get("endpoint"),
          read(values, "forcePathStyle", TriggerKeys.FORCE_PATH_STYLE::read),
          queue == null && reconcile == null && silence == null ? null
              : new ScalerTrigger.Notifications(queue, reconcile, silence));
      return claimsPrefix == null && lease == null ? read : read.withClaims(new ScalerTrigger.Claims(
          Objects.requireNonNullElse(claimsPrefix, ""),
          Objects.requireNonNullElse(lease, TriggerKeys.CLAIM_LEASE.defaultValue())));
    } catch (InvalidInputException e) {
      throw metadata.error(keyOf(e.getMessage()));
    }
  }

  private static TriggerSpec.Metric metric(String value) {
    for (TriggerSpec.Metric m : TriggerSpec.Metric.values()) {
      if (m.label().equals(value.strip())) {
        return m;
      }
    }
    throw InvalidInputException.badValue("metric", value, "use objects or bytes");
  }

  private static <T> T read(Map<String, String> values, String key, java.util.function.Function<String, T> reader) {
    String value = values.get(key);
    return value == null ? null : reader.apply(value);
  }

  /** The trigger's checks name the render flag (--target-object-count); a file's reader wants the key. */
  private static String keyOf(String message) {
    for (String key : TRIGGER_KEYS) {
      String flag = ScalerTrigger.flagFor(key);
      if (message.startsWith(flag + ":")) {
        return key + message.substring(flag.length());
      }
    }
    return message;
  }

  /** The specs' checks name render's flags; a file's reader names the fields they come from. */
  private static String fieldOf(String message, Map<String, String> fields) {
    String out = message;
    for (Map.Entry<String, String> flag : fields.entrySet()) {
      out = out.replaceAll(java.util.regex.Pattern.quote(flag.getKey()) + "(?![a-z-])",
          java.util.regex.Matcher.quoteReplacement(flag.getValue()));
    }
    return out;
  }

  /** Null when the document names no behavior; else both directions, each with Kubernetes' defaults where the document leaves a field out. */
  private static HpaBehavior behavior(ManifestNode node) {
    if (!node.object().present()) {
      return null; // none written: the HPA's defaults apply, and render writes none either
    }
    return new HpaBehavior(rules(node.get("scaleUp").object(), Rules.defaultScaleUp()),
        rules(node.get("scaleDown").object(), Rules.defaultScaleDown()));
  }

  private static Rules rules(ManifestNode node, Rules defaults) {
    if (!node.present()) {
      return defaults;
    }
    int window = node.get("stabilizationWindowSeconds").integer(defaults.stabilizationWindowSeconds(), 0,
        HpaBehavior.MAX_STABILIZATION_WINDOW_SECONDS);
    SelectPolicy select;
    try {
      select = SelectPolicy.parse("selectPolicy", node.get("selectPolicy").text(defaults.selectPolicy().spelling()));
    } catch (InvalidInputException e) {
      throw node.get("selectPolicy").wrap(e);
    }
    List<Policy> policies = new ArrayList<>();
    if (!node.get("policies").present()) {
      policies.addAll(defaults.policies());
    }
    for (ManifestNode policy : node.get("policies").list()) {
      policy.requiredObject();
      PolicyType type;
      try {
        type = PolicyType.parse("type", policy.get("type").requiredText());
      } catch (InvalidInputException e) {
        throw policy.get("type").wrap(e);
      }
      policies.add(new Policy(type, policy.get("value").requiredInteger(1, Integer.MAX_VALUE),
          policy.get("periodSeconds").requiredInteger(1, HpaBehavior.MAX_PERIOD_SECONDS)));
    }
    try {
      return new Rules(window, select, policies);
    } catch (InvalidInputException e) {
      throw node.wrap(e);
    }
  }

  /** The Secret of the TriggerAuthentication the trigger names (render's TLS parameters), or null. */
  private static String tlsSecret(Documents documents, ManifestNode trigger) {
    ManifestNode ref = trigger.get("authenticationRef").object();
    if (!ref.present()) {
      return null;
    }
    String name = ref.get("name").requiredText();
    ManifestNode auth = documents.authentications.get(name);
    if (auth == null) {
      throw ref.get("name").error("names TriggerAuthentication '" + SafeText.quote(name) + "', which is not in"
          + " this file; add it (render writes both)");
    }
    String secret = null;
    for (ManifestNode target : auth.get("spec").requiredObject().get("secretTargetRef").list()) {
      String named = target.object().get("name").requiredText();
      if (secret != null && !secret.equals(named)) {
        throw target.get("name").error("names a second Secret; render's TLS TriggerAuthentication reads ca.crt,"
            + " tls.crt and tls.key from one");
      }
      secret = named;
    }
    if (secret == null) {
      throw auth.get("spec").get("secretTargetRef").error("is required: the TLS Secret's parameters");
    }
    return secret;
  }

  /** The wanted object and the TriggerAuthentications beside it, by name. */
  private record Documents(ManifestNode main, Map<String, ManifestNode> authentications) {}

  private static Documents documents(String option, String source, String text, String kind, String otherOption) {
    String prefix = option + ": " + SafeText.quote(source) + ": ";
    List<JsonNode> parsed;
    try {
      parsed = YAML.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll();
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(prefix + "not valid YAML: " + firstLine(e.getOriginalMessage())
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
    } catch (java.io.IOException e) {
      throw new InvalidInputException(prefix + "cannot be read: " + e.getMessage());
    }
    ManifestNode main = null;
    Map<String, ManifestNode> authentications = new LinkedHashMap<>();
    int index = 0;
    for (JsonNode document : parsed) {
      index++;
      if (document == null || document.isNull() || document.isMissingNode()) {
        continue;
      }
      ManifestNode root = ManifestNode.root(prefix + (kind(document).isEmpty() ? "document " + index + ": "
          : kind(document) + " "), document).object();
      String found = kind(document);
      String apiVersion = document.path("apiVersion").asText();
      if ((found.equals(kind) || found.equals(AUTH_KIND)) && !apiVersion.equals(KedaObjects.API_VERSION)) {
        throw root.get("apiVersion").error("'" + SafeText.quote(apiVersion) + "' is not read here; use "
            + KedaObjects.API_VERSION);
      }
      if (found.equals(kind)) {
        if (main != null) {
          throw new InvalidInputException(prefix + "holds more than one " + kind + "; give one per file");
        }
        main = root;
      } else if (found.equals(AUTH_KIND)) {
        authentications.put(root.get("metadata").requiredObject().get("name").requiredText(), root);
      } else if (found.equals("ScaledObject") || found.equals("ScaledJob")) {
        throw new InvalidInputException(prefix + "document " + index + " is a " + found + "; give it with "
            + otherOption);
      } else {
        throw new InvalidInputException(prefix + "document " + index + ": kind '" + SafeText.quote(found)
            + "' is not read here; the file holds one " + kind + " and, optionally, its TriggerAuthentication");
      }
    }
    if (main == null) {
      throw new InvalidInputException(prefix + "holds no " + kind + "; give one as `render "
          + kind.toLowerCase(java.util.Locale.ROOT) + "` writes it");
    }
    return new Documents(main, authentications);
  }

  private static String kind(JsonNode document) {
    return document.path("kind").asText("");
  }

  private static String firstLine(String message) {
    String text = message == null ? "" : message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}
