package io.sparkscale.cli.simulate;

import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.render.TriggerOptions;
import io.sparkscale.render.HpaBehavior;
import io.sparkscale.render.HpaBehavior.Policy;
import io.sparkscale.render.HpaBehavior.PolicyType;
import io.sparkscale.render.HpaBehavior.Rules;
import io.sparkscale.render.HpaBehavior.SelectPolicy;
import io.sparkscale.render.KedaManifestReader;
import io.sparkscale.render.ScaledJobSpec;
import io.sparkscale.render.ScaledJobStrategy;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import io.sparkscale.units.InvalidInputException;
import io.sparkscale.simulate.setup.ScalerSettings;
import io.sparkscale.units.SafeText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * The scaler's settings for `simulate`: a ScaledObject or ScaledJob file as `render` writes it, or the flags
 * `render scaledobject` / `render scaledjob` take (plus the HPA behavior, KEDA's idleReplicaCount and the
 * ScaledJob strategy, which render writes from its model). One mixin, so it can be swapped for render's own
 * option blocks in one place.
 *
 * <p>The names and the scaler address only matter for the manifest `--sweep` prints; without --sweep they
 * may be left out and stand-ins are used, which nothing outside the process sees.
 */
public class ScalerOptions {

  @Spec(Spec.Target.MIXEE) CommandSpec command;
  @Spec(Spec.Target.SELF) CommandSpec self;

  @Option(names = "--scaled-object", paramLabel = "FILE",
      description = "A ScaledObject (and its TriggerAuthentication) as `render scaledobject` writes it.")
  Path scaledObjectFile;

  @Option(names = "--scaled-job", paramLabel = "FILE",
      description = "A ScaledJob (and its TriggerAuthentication) as `render scaledjob` writes it.")
  Path scaledJobFile;

  @Option(names = "--kind", paramLabel = "ScaledObject|ScaledJob",
      description = "Without a file: which object the flags describe. Default: ScaledObject.")
  String kind;

  @Option(names = "--claims", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "ScaledJob: each Job claims its batch as its pod starts (`sparkscale claim` as init"
          + " container, as `render scaledjob` writes it), so the count drops then, not when the Job ends."
          + " --no-claims models Jobs that do not claim (a ScaledJob written by hand). Default: on.")
  boolean claims;

  @Option(names = "--name", paramLabel = "NAME", description = "Object name (for the manifest --sweep prints).")
  String name;

  @Option(names = "--namespace", paramLabel = "NS", description = "Namespace (for the manifest --sweep prints).")
  String namespace;

  @Option(names = "--scaler-address", paramLabel = "HOST:PORT",
      description = "Where KEDA reaches sparkscale (for the manifest --sweep prints).")
  String scalerAddress;

  @Option(names = "--tls-secret", paramLabel = "NAME", description = "Secret for mutual TLS to the scaler.")
  String tlsSecret;

  @Option(names = "--target-kind", paramLabel = "Deployment|StatefulSet",
      description = "ScaledObject: kind of the workload. Default: Deployment.")
  String targetKind;

  @Option(names = "--target-name", paramLabel = "NAME", description = "ScaledObject: the workload's name.")
  String targetName;

  @Option(names = "--min-replicas", paramLabel = "N", description = "ScaledObject: minReplicaCount. Default: 0.")
  Integer minReplicas;

  @Option(names = "--max-replicas", paramLabel = "N",
      description = "maxReplicaCount. Default: 10 for a ScaledObject, 1 for a ScaledJob (render's).")
  Integer maxReplicas;

  @Option(names = "--polling-interval", paramLabel = "SECONDS", description = "pollingInterval. Default: 30.")
  Integer pollingInterval;

  @Option(names = "--cooldown-period", paramLabel = "SECONDS",
      description = "ScaledObject: cooldownPeriod, idle time before the last replica goes. Default: 300.")
  Integer cooldownPeriod;

  @Option(names = "--idle-replicas", paramLabel = "N",
      description = "ScaledObject: idleReplicaCount, replicas while inactive (below --min-replicas).")
  Integer idleReplicas;

  @Option(names = "--use-cached-metrics", description = "ScaledObject: the trigger's useCachedMetrics (the HPA"
      + " reads KEDA's last poll). Not written by render.")
  boolean useCachedMetrics;

  @Option(names = "--fallback-replicas", paramLabel = "N",
      description = "ScaledObject: fallback replicas (written to the manifest; the simulated scaler never fails).")
  Integer fallbackReplicas;

  @Option(names = "--scale-down-period", paramLabel = "SECONDS",
      description = "ScaledObject: as `render scaledobject`, at most one replica removed per period after as"
          + " long a stable low (default: " + ScaledObjectSpec.DEFAULT_SCALE_DOWN_PERIOD + "). The --scale-up-*"
          + " and --scale-down-* flags below write another HPA behavior instead.")
  Integer scaleDownPeriod;

  @Option(names = "--scale-up-window", paramLabel = "SECONDS",
      description = "HPA scaleUp stabilizationWindowSeconds. Default: 0.")
  Integer scaleUpWindow;

  @Option(names = "--scale-down-window", paramLabel = "SECONDS",
      description = "HPA scaleDown stabilizationWindowSeconds. Default: 300.")
  Integer scaleDownWindow;

  @Option(names = "--scale-up-policy", paramLabel = "TYPE:VALUE:PERIOD", split = ",",
      description = "HPA scaleUp policies, e.g. Pods:4:15,Percent:100:15 (the default).")
  List<String> scaleUpPolicies;

  @Option(names = "--scale-down-policy", paramLabel = "TYPE:VALUE:PERIOD", split = ",",
      description = "HPA scaleDown policies, e.g. Pods:1:60. Default: Percent:100:15.")
  List<String> scaleDownPolicies;

  @Option(names = "--scale-up-select", paramLabel = "Max|Min|Disabled", description = "Default: Max.")
  String scaleUpSelect;

  @Option(names = "--scale-down-select", paramLabel = "Max|Min|Disabled", description = "Default: Max.")
  String scaleDownSelect;

  @Option(names = "--image", paramLabel = "IMAGE", description = "ScaledJob: Spark image that runs spark-submit.")
  String image;

  @Option(names = "--sparkscale-image", paramLabel = "IMAGE", description = "ScaledJob: image of the sizing init"
      + " container. Default: " + DEFAULT_SPARKSCALE_IMAGE + ".")
  String sparkscaleImage;

  @Option(names = "--service-account", paramLabel = "NAME", description = "ScaledJob: ServiceAccount. Default: spark.")
  String serviceAccount;

  @Option(names = "--scaling-strategy", paramLabel = "STRATEGY",
      description = "ScaledJob: default, custom, accurate or eager. Default: default.")
  String scalingStrategy;

  @Option(names = "--custom-queue-length-deduction", paramLabel = "N",
      description = "ScaledJob, custom strategy: customScalingQueueLengthDeduction.")
  Integer queueLengthDeduction;

  @Option(names = "--custom-running-job-percentage", paramLabel = "F",
      description = "ScaledJob, custom strategy: customScalingRunningJobPercentage, e.g. 0.5.")
  String runningJobPercentage;

  @Option(names = "--pending-pod-conditions", paramLabel = "COND", split = ",",
      description = "ScaledJob, accurate strategy: pod conditions that end 'pending', e.g. Ready,PodScheduled.")
  List<String> pendingPodConditions;

  @Mixin TriggerOptions trigger;

  static final String DEFAULT_SPARKSCALE_IMAGE = "ghcr.io/sparkscale/sparkscale:0.1.0";
  /** Stand-ins for names simulate does not need; they never leave the process (see --sweep). */
  static final String STAND_IN_NAME = "simulated";
  static final String STAND_IN_ADDRESS = "sparkscale.keda.svc:9090";
  static final String STAND_IN_IMAGE = "apache/spark:4.1.0";
  /** Flags that describe which scaler, not its settings: allowed beside a file. */
  private static final Set<String> ABOUT_THE_SOURCE = Set.of("--scaled-object", "--scaled-job", "--claims");
  private static final Set<String> OBJECT_ONLY = Set.of("--target-kind", "--target-name", "--min-replicas",
      "--cooldown-period", "--idle-replicas", "--use-cached-metrics", "--fallback-replicas", "--scale-down-period",
      "--scale-up-window", "--scale-down-window",
      "--scale-up-policy", "--scale-down-policy", "--scale-up-select", "--scale-down-select");
  private static final Set<String> JOB_ONLY = Set.of("--image", "--sparkscale-image", "--service-account",
      "--scaling-strategy", "--custom-queue-length-deduction", "--custom-running-job-percentage",
      "--pending-pod-conditions", "--claims");
  private static final Set<String> IDENTITY = Set.of("--name", "--scaler-address", "--bucket", "--target-name",
      "--image");

  /**
   * The settings, from the file or the flags.
   *
   * @param manifestWanted the caller prints a manifest (--sweep): the names must then be real, not stand-ins
   * @param location where the bucket is (rightsize's --region, --s3-endpoint and --force-path-style)
   * @param rightsizeArgs the sizing flags as typed, for a ScaledJob's init container
   * @param sparkSubmitArgs a ScaledJob's spark-submit arguments (after --)
   */
  public ScalerSettings settings(boolean manifestWanted, BucketLocationOptions location, List<String> rightsizeArgs,
      List<String> sparkSubmitArgs) {
    if (scaledObjectFile != null && scaledJobFile != null) {
      throw new InvalidInputException("--scaled-object/--scaled-job: give one of them");
    }
    if (scaledObjectFile != null || scaledJobFile != null) {
      return fromFile();
    }
    boolean job = isJob();
    refuseFlagsOf(job ? OBJECT_ONLY : JOB_ONLY, job ? "a ScaledJob" : "a ScaledObject");
    if (manifestWanted) {
      List<String> missing = IDENTITY.stream().filter(flag -> (job ? !flag.equals("--target-name")
          : !flag.equals("--image")) && !given(flag)).sorted().toList();
      if (!missing.isEmpty()) {
        throw new InvalidInputException(String.join(", ", missing) + ": required with --sweep, which prints the"
            + " manifest for the recommended settings; give them, or the scaler's settings as a file");
      }
    } else if (!given("--bucket")) {
      self.findOption("--bucket").setValue(STAND_IN_NAME);
    }
    var scalerTrigger = trigger.toTrigger(orElse(scalerAddress, STAND_IN_ADDRESS), location);
    if (job) {
      ScaledJobSpec spec = new ScaledJobSpec(orElse(name, STAND_IN_NAME), namespace, orElse(image, STAND_IN_IMAGE),
          orElse(sparkscaleImage, DEFAULT_SPARKSCALE_IMAGE), orElse(serviceAccount, "spark"), scalerTrigger,
          orElse(maxReplicas, 1), orElse(pollingInterval, ScaledObjectSpec.DEFAULT_POLLING_INTERVAL),
          rightsizeArgs, sparkSubmitArgs, tlsSecret, strategy());
      return ScalerSettings.of(spec, claims, "flags");
    }
    if (idleReplicas != null && idleReplicas >= orElse(minReplicas, 0)) {
      throw new InvalidInputException("--idle-replicas: " + idleReplicas + " is not below --min-replicas "
          + orElse(minReplicas, 0) + "; KEDA requires idleReplicaCount < minReplicaCount");
    }
    HpaBehavior behavior = behavior();
    if (behavior != null && scaleDownPeriod != null) {
      throw new InvalidInputException("--scale-down-period: writes render's gentle scale-down; it cannot be"
          + " combined with the --scale-up-*/--scale-down-* flags, which write another HPA behavior");
    }
    // What `render scaledobject` writes for the same flags; the HPA flags, when given, replace its behavior.
    ScaledObjectSpec spec = ScaledObjectSpec.longRunning(orElse(name, STAND_IN_NAME), namespace,
        targetKind(orElse(targetKind, "Deployment")), orElse(targetName, STAND_IN_NAME), scalerTrigger,
        orElse(minReplicas, 0), orElse(maxReplicas, 10),
        orElse(pollingInterval, ScaledObjectSpec.DEFAULT_POLLING_INTERVAL),
        orElse(cooldownPeriod, ScaledObjectSpec.DEFAULT_COOLDOWN_PERIOD), fallbackReplicas, tlsSecret,
        orElse(scaleDownPeriod, ScaledObjectSpec.DEFAULT_SCALE_DOWN_PERIOD));
    if (behavior != null) {
      spec = spec.withBehavior(behavior);
    }
    return ScalerSettings.of(spec, idleReplicas, useCachedMetrics, "flags");
  }

  /** Whether the settings are a ScaledJob's (from the file given, or --kind). */
  public boolean isJob() {
    if (scaledJobFile != null) {
      return true;
    }
    if (scaledObjectFile != null || kind == null) {
      return false;
    }
    return switch (kind.strip().toLowerCase(Locale.ROOT)) {
      case "scaledobject" -> false;
      case "scaledjob" -> true;
      default -> throw InvalidInputException.badValue("--kind", kind, "use ScaledObject or ScaledJob");
    };
  }

  /** The file the ScaledJob came from, or null (its rightsize flags then size the Jobs). */
  public boolean fromScaledJobFile() {
    return scaledJobFile != null;
  }

  private ScalerSettings fromFile() {
    List<String> extra = new ArrayList<>();
    for (OptionSpec option : self.options()) {
      if (!ABOUT_THE_SOURCE.contains(option.longestName()) && matched(option)) {
        extra.add(option.longestName());
      }
    }
    if (!extra.isEmpty()) {
      throw new InvalidInputException(extra.get(0) + ": the scaler's settings come from "
          + (scaledObjectFile != null ? "--scaled-object" : "--scaled-job") + "; drop the flag or change the file"
          + " (--sweep ranges may vary target, polling interval, cooldown and max replicas)");
    }
    if (scaledObjectFile != null) {
      if (given("--claims")) {
        throw new InvalidInputException("--claims: applies to a ScaledJob; a ScaledObject's replicas do not claim");
      }
      var read = KedaManifestReader.scaledObject("--scaled-object", scaledObjectFile.toString(),
          readFile("--scaled-object", scaledObjectFile));
      return ScalerSettings.of(read.spec(), read.idleReplicaCount(), read.useCachedMetrics(),
          scaledObjectFile.toString());
    }
    var read = KedaManifestReader.scaledJob("--scaled-job", scaledJobFile.toString(),
        readFile("--scaled-job", scaledJobFile));
    return ScalerSettings.of(read.spec(), read.claimsAtStart() && claims, scaledJobFile.toString());
  }

  /** Manifests are small; a file far larger than any is refused before it is read. */
  static final long MAX_FILE_BYTES = 1 << 20;

  static String readFile(String option, Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new InvalidInputException(option + ": '" + SafeText.quote(file.toString()) + "' is not a file");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new InvalidInputException(option + ": '" + SafeText.quote(file.toString()) + "' is larger than "
            + MAX_FILE_BYTES + " bytes; give one manifest");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException(option + ": cannot read '" + SafeText.quote(file.toString()) + "': "
          + e.getMessage());
    }
  }

  private void refuseFlagsOf(Set<String> flags, String what) {
    for (String flag : flags.stream().sorted().toList()) {
      if (given(flag)) {
        throw new InvalidInputException(flag + ": does not apply to " + what + (what.contains("ScaledJob")
            ? "" : "; add --kind ScaledJob if you mean one"));
      }
    }
  }

  private HpaBehavior behavior() {
    boolean any = scaleUpWindow != null || scaleDownWindow != null || scaleUpPolicies != null
        || scaleDownPolicies != null || scaleUpSelect != null || scaleDownSelect != null;
    if (!any) {
      return null;
    }
    return new HpaBehavior(
        rules("--scale-up", scaleUpWindow, scaleUpSelect, scaleUpPolicies, Rules.defaultScaleUp()),
        rules("--scale-down", scaleDownWindow, scaleDownSelect, scaleDownPolicies, Rules.defaultScaleDown()));
  }

  private static Rules rules(String flag, Integer window, String select, List<String> policies, Rules defaults) {
    List<Policy> parsed = new ArrayList<>();
    if (policies == null) {
      parsed.addAll(defaults.policies());
    } else {
      for (String policy : policies) {
        parsed.add(policy(flag + "-policy", policy));
      }
    }
    try {
      return new Rules(window == null ? defaults.stabilizationWindowSeconds() : window,
          select == null ? defaults.selectPolicy() : SelectPolicy.parse(flag + "-select", select), parsed);
    } catch (InvalidInputException e) {
      throw e.getMessage().startsWith("--") ? e : new InvalidInputException(flag + "-*: " + e.getMessage());
    }
  }

  static Policy policy(String flag, String text) {
    String[] parts = text.strip().split(":", -1);
    String help = "use TYPE:VALUE:PERIOD_SECONDS such as Pods:4:15 or Percent:100:15";
    if (parts.length != 3 || !parts[1].matches("\\d{1,9}") || !parts[2].matches("\\d{1,9}")) {
      throw InvalidInputException.badValue(flag, text, help);
    }
    try {
      return new Policy(PolicyType.parse(flag, parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
    } catch (InvalidInputException e) {
      throw e.getMessage().startsWith(flag) ? e : InvalidInputException.badValue(flag, text,
          help + " (" + e.getMessage() + ")");
    }
  }

  /** Null without strategy flags: render's own for claiming Jobs (accurate, pending until Initialized). */
  private ScaledJobStrategy strategy() {
    if (scalingStrategy == null && queueLengthDeduction == null && runningJobPercentage == null
        && pendingPodConditions == null && claims) {
      return null;
    }
    ScaledJobStrategy.Kind strategyKind = scalingStrategy == null
        ? ScaledJobStrategy.Kind.DEFAULT : ScaledJobStrategy.Kind.parse("--scaling-strategy", scalingStrategy);
    Double share = null;
    if (runningJobPercentage != null) {
      if (!runningJobPercentage.strip().matches("\\d+(\\.\\d+)?|\\.\\d+")) {
        throw InvalidInputException.badValue("--custom-running-job-percentage", runningJobPercentage,
            "use a number of 0 or more, e.g. 0.5");
      }
      share = Double.parseDouble(runningJobPercentage.strip());
    }
    try {
      return new ScaledJobStrategy(strategyKind, queueLengthDeduction, share, pendingPodConditions);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("--scaling-strategy: " + e.getMessage());
    }
  }

  private static TargetKind targetKind(String value) {
    for (TargetKind k : TargetKind.values()) {
      if (k.kind().equalsIgnoreCase(value.strip())) {
        return k;
      }
    }
    throw InvalidInputException.badValue("--target-kind", value, "use Deployment or StatefulSet");
  }

  private boolean given(String flag) {
    OptionSpec option = self.findOption(flag);
    return option != null && matched(option);
  }

  private boolean matched(OptionSpec option) {
    ParseResult parsed = command.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }

  private static <T> T orElse(T value, T otherwise) {
    return value == null ? otherwise : value;
  }
}
