package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.claim.ClaimLayout;
import io.sparkscale.claim.ClaimRequest;
import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.render.ScaledJobSpec;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** `render scaledjob`: one spark-submit Job per batch of pending data, each sized from that data. */
@Command(
    name = "scaledjob",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A KEDA ScaledJob whose Jobs each run spark-submit for one batch of the data waiting in S3. An init",
      "container runs `sparkscale claim` for one trigger target's worth (each object claimed by exactly one",
      "Job) and sizes the Job from the batch [rightsize flags]; a finish container completes the batch when",
      "spark-submit succeeds and releases it when it fails. spark-submit arguments go after --."
    })
public class ScaledJobCommand implements Runnable {

  static final String DEFAULT_SPARKSCALE_IMAGE = "ghcr.io/sparkscale/sparkscale:0.1.0";

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--name", required = true, description = "ScaledJob name.")
  String name;

  @Option(names = "--namespace", description = "Namespace (default: none, kubectl's current).")
  String namespace;

  @Option(names = "--image", required = true, description = "Spark image that runs spark-submit.")
  String image;

  @Option(
      names = "--sparkscale-image",
      defaultValue = DEFAULT_SPARKSCALE_IMAGE,
      description = "Image of the sizing init container (default: ${DEFAULT-VALUE}).")
  String sparkscaleImage;

  @Option(
      names = "--service-account",
      defaultValue = "spark",
      description = {
        "ServiceAccount of the Job and the driver (default: ${DEFAULT-VALUE}): needs S3 read access and",
        "the right to create pods."
      })
  String serviceAccount;

  @Option(
      names = "--scaler-address",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Where KEDA reaches sparkscale.")
  String scalerAddress;

  @Option(
      names = "--max-replicas",
      defaultValue = "1",
      description = {
        "Jobs at once (default: ${DEFAULT-VALUE}); each Job claims its own batch, so Jobs never share files."
      })
  int maxReplicas;

  @Option(names = "--claims-prefix", paramLabel = "PREFIX", description = {
      "Where claim markers live (default: sparkscale-claims/ followed by --prefix); the Job's service",
      "account needs s3:PutObject, s3:GetObject and s3:DeleteObject there."})
  String claimsPrefix;

  @Option(names = "--lease", paramLabel = "DURATION", description = {
      "How long a batch is held before another Job may take it over: longer than the longest run of one",
      "batch (default: 2h)."})
  String lease;

  @Option(
      names = "--polling-interval",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "Default: ${DEFAULT-VALUE}.")
  int pollingInterval;

  @Option(names = "--tls-secret", paramLabel = "NAME", description = "Secret for mutual TLS to the scaler.")
  String tlsSecret;

  @Mixin TriggerOptions trigger;
  @Mixin RightsizeOptions sizing;

  @Parameters(paramLabel = "SPARK_SUBMIT_ARG", description = "spark-submit arguments (after --).")
  List<String> sparkSubmitArgs;

  @Override
  public void run() {
    if (sizing.dataSize() != null) {
      throw new InvalidInputException(
          "--data-size: not used by scaledjob; each Job is sized from the batch it claims");
    }
    // Check the sizing flags now (with any size), so a typo fails here and not in every Job.
    sizing.toRequest(1);
    // rightsize's --region and --s3-endpoint say where the bucket is: the trigger's region and endpoint too.
    ParseResult parsed = spec.commandLine().getParseResult();
    ScalerTrigger counted = trigger.toTrigger(
        scalerAddress, parsed.matchedOptionValue("--region", null), parsed.matchedOptionValue("--s3-endpoint", null));
    String prefix = counted.prefix() == null ? "" : counted.prefix();
    ScalerTrigger.Claims claims = new ScalerTrigger.Claims(
        claimsPrefix == null ? ClaimLayout.defaultClaimsPrefix(prefix) : claimsPrefix,
        lease == null ? ClaimRequest.DEFAULT_LEASE : Durations.parse("--lease", lease));
    ScaledJobSpec job =
        new ScaledJobSpec(
            name,
            namespace,
            image,
            sparkscaleImage,
            serviceAccount,
            counted.withClaims(claims),
            maxReplicas,
            pollingInterval,
            rightsizeArgs(),
            sparkSubmitArgs == null ? List.of() : sparkSubmitArgs,
            tlsSecret);
    output.emit(spec, job.render());
  }

  /** The rightsize flags exactly as typed, for the init container's command line. */
  private List<String> rightsizeArgs() {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> args = new ArrayList<>();
    for (OptionSpec option : spec.mixins().get("sizing").options()) {
      if (!parsed.hasMatchedOption(option)) {
        continue;
      }
      if (option.arity().max() == 0) {
        args.add(option.longestName());
      } else {
        for (String value : option.originalStringValues()) {
          args.add(option.longestName());
          args.add(value);
        }
      }
    }
    return args;
  }
}
