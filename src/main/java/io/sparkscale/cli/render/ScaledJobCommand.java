package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.ClaimOptions;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.cli.options.TypedOptions;
import io.sparkscale.render.ScalerTrigger;
import io.sparkscale.render.ScaledJobSpec;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `render scaledjob`: one spark-submit Job per claimed batch of pending data, each sized from its batch. */
@Command(
    name = "scaledjob",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "A KEDA ScaledJob whose Jobs each run spark-submit for one batch of the data waiting in S3. An init"
          + " container runs `sparkscale claim` for one trigger target's worth (each object claimed by exactly one"
          + " Job) and sizes the Job from the batch [rightsize flags]; a finish container completes the batch when"
          + " spark-submit succeeds and releases it when it fails. spark-submit arguments go after --."
    })
public class ScaledJobCommand implements Runnable, Requirements.Needed {

  static final String DEFAULT_SPARKSCALE_IMAGE = "ghcr.io/sparkscale/sparkscale:0.1.0";

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;
  @Mixin ObjectMetadataOptions metadata;

  @Mixin SparkImageOption image;

  @Option(
      names = "--sparkscale-image",
      defaultValue = DEFAULT_SPARKSCALE_IMAGE,
      description = "Image of the sizing init container (default: ${DEFAULT-VALUE}).")
  String sparkscaleImage;

  @Option(
      names = "--service-account",
      defaultValue = "spark",
      description = {
        "ServiceAccount of the Job and the driver (default: ${DEFAULT-VALUE}): needs S3 access to the data and"
            + " the claims (docs/keda.md, IAM for the Jobs) and the right to create pods."
      })
  String serviceAccount;

  @Mixin KedaScalerOptions scaler;

  @Option(
      names = "--max-replicas",
      defaultValue = "1",
      paramLabel = "N",
      description = {
        "Jobs at once (default: ${DEFAULT-VALUE}); each Job claims its own batch, so Jobs never share files."
      })
  int maxReplicas;

  @Mixin ClaimOptions claims;
  @Mixin PollingIntervalOption polling;
  @Mixin TriggerOptions trigger;
  // The rightsize flags carry --region, --s3-endpoint and --force-path-style: the trigger's bucket is the
  // prefix every Job measures, so both read the same flags.
  @Mixin RightsizeOptions sizing;

  @Parameters(paramLabel = "SPARK_SUBMIT_ARG", description = "spark-submit arguments (after --).")
  List<String> sparkSubmitArgs;

  @Override
  public void require(Requirements requirements) {
    trigger.require(requirements);
    sizing.require(requirements);
  }

  @Override
  public void run() {
    if (sizing.dataSize() != null) {
      throw new InvalidInputException(
          "--data-size: not used by scaledjob; each Job is sized from the batch it claims");
    }
    // Check the sizing flags now (with any size), so a typo fails here and not in every Job.
    sizing.toRequest(1);
    ScalerTrigger counted = trigger.toTrigger(scaler.address(), sizing.bucketLocation());
    ScaledJobSpec job =
        new ScaledJobSpec(
            metadata.name(),
            metadata.namespace(),
            image.image(),
            sparkscaleImage,
            serviceAccount,
            counted.withClaims(claims.forPrefix(counted.prefix())),
            maxReplicas,
            polling.seconds(),
            TypedOptions.ofMixin(spec, "sizing"),
            sparkSubmitArgs == null ? List.of() : sparkSubmitArgs,
            scaler.tlsSecret());
    output.emit(job.render());
  }
}
