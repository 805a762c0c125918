package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.SparkscaleCommand;
import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.options.ClaimOptions;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.Names;
import io.sparkscale.units.Durations;
import io.sparkscale.units.Sizes;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Issue 17, item 3: the option blocks render commands share are mixins, declared once; values are read by
 * converters with the core's one-line messages; every missing option is named in one error; and no flag a
 * script may use has gone.
 */
class RenderOptionsTest {

  static final String[] SCALED_OBJECT = {
    "render", "scaledobject", "--name", "connect", "--target-name", "spark-connect",
    "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing"
  };

  /** Where each shared flag is declared: one class for every command that takes it. */
  static final Map<String, Class<?>> OWNER = Map.ofEntries(
      Map.entry("--name", ObjectMetadataOptions.class),
      Map.entry("--namespace", ObjectMetadataOptions.class),
      Map.entry("--scaler-address", KedaScalerOptions.class),
      Map.entry("--tls-secret", KedaScalerOptions.class),
      Map.entry("--polling-interval", PollingIntervalOption.class),
      Map.entry("--cooldown-period", KedaScalingOptions.class),
      Map.entry("--fallback-replicas", KedaScalingOptions.class),
      Map.entry("--scale-down-period", KedaScalingOptions.class),
      Map.entry("--min-replicas", ReplicaRangeOptions.class),
      Map.entry("--max-replicas", ReplicaRangeOptions.class),
      Map.entry("--region", BucketLocationOptions.class),
      Map.entry("--s3-endpoint", BucketLocationOptions.class),
      Map.entry("--force-path-style", BucketLocationOptions.class),
      Map.entry("--image", SparkImageOption.class),
      Map.entry("--spark-version", SparkVersionOption.class),
      Map.entry("--bucket", TriggerOptions.class),
      Map.entry("--data-size", RightsizeOptions.class),
      Map.entry("--output-dir", OutputOption.class),
      Map.entry("--claims-prefix", ClaimOptions.class),
      Map.entry("--lease", ClaimOptions.class));

  /** Same name, another meaning, so another declaration (each says why in its command). */
  static final Set<String> ANOTHER_MEANING = Set.of(
      "karpenter --name", // a prefix for two cluster-scoped NodePools
      "keda-sidecar --name", "keda-sidecar --namespace", // an optional ScaledObject
      "keda-sidecar --image", // the sparkscale image, not Spark's
      "scaledjob --max-replicas", // Jobs at once, default 1
      "claim --bucket", // the bucket claimed from; no trigger here
      "claim --output-dir"); // where the batch's manifest and conf go, not rendered manifests

  @Test
  void sharedFlagsAreDeclaredOnceInPublicMixins() {
    CommandLine sparkscale = new CommandLine(new SparkscaleCommand());
    Map<String, CommandLine> commands = new java.util.TreeMap<>(sparkscale.getSubcommands().get("render").getSubcommands());
    commands.put("rightsize", sparkscale.getSubcommands().get("rightsize"));
    commands.put("claim", sparkscale.getSubcommands().get("claim"));
    List<String> misplaced = new ArrayList<>();
    int shared = 0;
    for (var command : commands.entrySet()) {
      for (OptionSpec option : command.getValue().getCommandSpec().options()) {
        Class<?> owner = OWNER.get(option.longestName());
        if (owner == null || ANOTHER_MEANING.contains(command.getKey() + " " + option.longestName())) {
          continue;
        }
        Class<?> declaredIn = ((Field) option.userObject()).getDeclaringClass();
        if (declaredIn != owner) {
          misplaced.add(command.getKey() + " " + option.longestName() + " in " + declaredIn.getSimpleName());
        }
        shared++;
      }
    }
    assertThat(misplaced).as("shared flags declared outside their mixin").isEmpty();
    assertThat(shared).as("uses of shared flags checked").isGreaterThan(40);
    for (Class<?> mixin : Set.copyOf(OWNER.values())) {
      assertThat(Modifier.isPublic(mixin.getModifiers())).as(mixin + " is public, for other commands").isTrue();
    }
  }

  @Test
  void noFlagAScriptMayUseHasGone() throws IOException {
    Set<String> now = new TreeSet<>();
    CommandLine sparkscale = new CommandLine(new SparkscaleCommand());
    sparkscale.getSubcommands().get("render").getSubcommands().forEach((kind, command) ->
        command.getCommandSpec().options().forEach(o -> Stream.of(o.names()).forEach(n -> now.add("render " + kind + " " + n))));
    sparkscale.getSubcommands().get("render").getCommandSpec().options()
        .forEach(o -> Stream.of(o.names()).forEach(n -> now.add("render " + n)));
    sparkscale.getSubcommands().get("rightsize").getCommandSpec().options()
        .forEach(o -> Stream.of(o.names()).forEach(n -> now.add("rightsize " + n)));
    List<String> before;
    try (InputStream in = getClass().getResourceAsStream("/cli/flags-before-issue-17.txt")) {
      before = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
    }
    assertThat(before).hasSizeGreaterThan(300);
    assertThat(now).containsAll(before);
  }

  /** A bad value: exit 2, one line, the core parser's own message behind the flag, nothing on stdout. */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', value = {
    "--min-object-age|soon",
    "--target-kind|Job",
    "--metric|lines",
    "--namespace|Bad_NS",
    "--tls-secret|My.Secret",
    "--scaler-address|nohost",
    "--target-bytes|ten",
    "--activation-target-bytes|-1",
    "--reconcile-interval|often",
  })
  void scaledObjectValuesAreConvertedWithTheCoresMessage(String option, String value) {
    Result r = CliRunner.run(Stream.concat(Stream.of(SCALED_OBJECT), Stream.of(option, value)).toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("sparkscale render scaledobject: " + coreMessage(option, value) + "\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "render karpenter --data-size 1TB --cloud aws --spot sometimes|--spot: 'sometimes' is not valid; use prefer or only",
    "render karpenter --data-size 1TB --cloud aws --expire-after 0s|--expire-after: '0s' is not valid; use a duration such as 500ms, 30s, 5m, 1h or 1h30m (must be greater than zero)",
    "render karpenter --data-size 1TB --cloud aws --cpu-limit lots|--cpu-limit: 'lots' is not valid; use cores such as 2 or 0.5, or millicores such as 200m",
    "render karpenter --data-size 1TB --cloud aws --memory-limit 64|--memory-limit: '64' has no unit (Spark would read it as MiB); write 64g for GiB or 64m for MiB",
    "render sparkapplication --operator spark|--operator: 'spark' is not valid; use kubeflow or apache",
    "render spark-conf --preset cheap|--preset: 'cheap' is not valid; use base or cost-optimized",
    "render spark-conf --node-provisioner eks|--node-provisioner: 'eks' is not valid; use karpenter, eks-managed, gke, aks or cluster-autoscaler",
    "render spark-conf --spark-version 3.0.3|--spark-version: '3.0.3' is not valid; use Spark 3.1.0 or later (graceful decommissioning starts there)",
    "render sparkcluster --spark-version four|--spark-version: 'four' is not valid; use a Spark release such as 3.5.6, 4.1.1 or 4.2.0",
    "render cluster-autoscaler --cloud oracle|--cloud: 'oracle' is not valid; use aws, gcp or azure",
    "render keda-sidecar --image i --cache-ttl 0s|--cache-ttl: '0s' is not valid; use a duration such as 500ms, 30s, 5m, 1h or 1h30m (must be greater than zero)",
    "rightsize --executor-preset huge|--executor-preset: 'huge' is not valid; use small, medium, large or xlarge",
    "rightsize --spot-discount 1|--spot-discount: '1' is out of range; use a fraction from 0 to below 1, e.g. 0.65",
    "rightsize --headroom 60%|--headroom: '60%' is out of range; use a percentage from 0 to 50, e.g. 3%",
    "rightsize --headroom three|--headroom: 'three' is not a number; use a percentage from 0 to 50, e.g. 3%",
    "rightsize --vm-memory-overhead-percent 7.5|--vm-memory-overhead-percent: '7.5' is out of range; use a fraction from 0 to below 1, e.g. 0.075 (Karpenter's default)",
    "rightsize --node-disk lots|--node-disk: 'lots' is not valid",
    "render karpenter --data-size 1TB --cloud aws --arch sparc|--arch: 'sparc' is not valid; use amd64 or arm64",
    "rightsize --reserved-memory lots|--reserved-memory: 'lots' is not valid; give a unit: m (MiB) or g (GiB)",
    "rightsize --data-size s3://My_Bucket/x|--data-size: 's3://My_Bucket/x' is not valid",
  })
  void everyKindOfValueIsConvertedWhileParsing(String args, String message) {
    // No other flag is given: a value is refused while parsing, before the missing options are counted.
    Result r = CliRunner.run(args.split(" "));
    String command = args.startsWith("rightsize") ? "rightsize" : "render " + args.split(" ")[1];
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).hasLineCount(1).startsWith("sparkscale " + command + ": " + message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "render karpenter|--data-size and --cloud (or --node-type): required",
    "render karpenter --node-cores 8|--data-size and --cloud (or --node-type): required; --node-memory: required with --node-cores",
    "render scaledobject|--name, --scaler-address, --target-name and --bucket: required",
    "render scaledjob --cloud aws|--name, --image, --scaler-address and --bucket: required",
    "render sparkcluster --name x|--image, --scaler-address, --bucket, --data-size and --cloud (or --node-type or --node-cores/--node-memory): required",
    "render sparkapplication --main-application-file local:///app.jar|--name, --image and --data-size: required; --main-class: required for a JVM application (a .py or .R file needs none)",
    "render spark-conf --preset cost-optimized|--data-size: required; --cloud: required with --preset cost-optimized",
    "render cluster-autoscaler|--cloud: required",
    "render cluster-autoscaler --cloud azure|--cluster-name, --resource-group and --data-size (or --max-nodes): required with --cloud azure",
    "render cluster-autoscaler --cloud gcp|--cluster-name, --location and --data-size (or --max-nodes): required with --cloud gcp",
    "render cluster-autoscaler --cloud aws --chart-values|--cluster-name: required with --chart-values",
    "render keda-sidecar --image i --target-name x|--name and --bucket: required for the ScaledObject (or none of --name, --target-name, --bucket)",
    "rightsize --executor-cores 4|--data-size: required",
  })
  void everyMissingOptionIsNamedInOneError(String args, String missing) {
    Result r = CliRunner.run(args.split(" "));
    String command = args.startsWith("rightsize") ? "rightsize" : "render " + args.split(" ")[1];
    assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("sparkscale " + command + ": " + missing + " (see --help)\n");
  }

  @Test
  void helpIsNotHeldBackByMissingOptions() {
    for (String kind : List.of("karpenter", "scaledobject", "sparkcluster", "cluster-autoscaler")) {
      Result r = CliRunner.run("render", kind, "--help");
      assertThat(r.exitCode()).as(kind).isZero();
      assertThat(r.out()).contains("Usage:");
    }
  }

  /** One set of bucket flags: scaledjob's trigger and its Jobs' measurement of the prefix read the same. */
  @Test
  void scaledJobHandsItsBucketFlagsToTheTriggerAndToEveryJob() {
    Result r = CliRunner.run("render", "scaledjob", "--name", "nightly", "--image", "apache/spark:4.1.0",
        "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--cloud", "aws",
        "--region", "eu-west-1", "--s3-endpoint", "https://minio.storage:9000", "--force-path-style");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = Manifests.assertValid(r.out()).get(0).path("spec");
    JsonNode metadata = job.at("/triggers/0/metadata");
    assertThat(metadata.path("region").asText()).isEqualTo("eu-west-1");
    assertThat(metadata.path("endpoint").asText()).isEqualTo("https://minio.storage:9000");
    assertThat(metadata.path("forcePathStyle").asText()).isEqualTo("true");
    assertThat(job.at("/jobTargetRef/template/spec/initContainers/0").toString())
        .contains("--region", "eu-west-1", "--s3-endpoint", "https://minio.storage:9000", "--force-path-style");
  }

  /** sparkcluster's bucket flags reach the trigger with a plain --data-size too: nothing to refuse there. */
  @Test
  void sparkClusterHandsItsBucketFlagsToTheTrigger() {
    Result r = CliRunner.run("render", "sparkcluster", "--name", "ingest", "--image", "apache/spark:4.1.0",
        "--data-size", "1TB", "--cloud", "aws", "--scaler-address", "sparkscale.keda.svc:9090",
        "--bucket", "landing", "--region", "eu-west-1", "--s3-endpoint", "https://minio.storage:9000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode so = Manifests.assertValid(r.out()).stream()
        .filter(d -> d.path("kind").asText().equals("ScaledObject")).findFirst().orElseThrow();
    assertThat(so.at("/spec/triggers/0/metadata/region").asText()).isEqualTo("eu-west-1");
    assertThat(so.at("/spec/triggers/0/metadata/endpoint").asText()).isEqualTo("https://minio.storage:9000");
  }

  /** What the core's parser says about the value, as the converter must print it behind the flag. */
  static String coreMessage(String option, String value) {
    Map<String, Supplier<Object>> parsers = Map.of(
        "--min-object-age", () -> Durations.parse(option, value),
        "--reconcile-interval", () -> Durations.parse(option, value),
        "--target-bytes", () -> Sizes.parseDataBytes(option, value),
        "--activation-target-bytes", () -> Sizes.parseDataBytesOrZero(option, value),
        "--namespace", () -> Names.dnsLabel(option, value),
        "--tls-secret", () -> Names.dnsLabel(option, value),
        "--scaler-address", () -> Names.address(option, value),
        "--target-kind", () -> { throw new IllegalArgumentException(
            option + ": '" + value + "' is not valid; use Deployment or StatefulSet"); },
        "--metric", () -> { throw new IllegalArgumentException(
            option + ": '" + value + "' is not valid; use objects or bytes"); });
    Throwable refused = catchThrowable(() -> parsers.get(option).get());
    assertThat(refused).as("the core refuses %s %s", option, value).isInstanceOf(IllegalArgumentException.class);
    return refused.getMessage();
  }
}
