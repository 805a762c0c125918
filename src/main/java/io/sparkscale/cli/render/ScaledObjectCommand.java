package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.KedaObjects;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `render scaledobject`: scale a long-running workload on the data waiting in S3. */
@Command(
    name = "scaledobject",
    mixinStandardHelpOptions = true,
    description = {
      "A KEDA ScaledObject with an external (or external-push) trigger for the sparkscale scaler, plus a"
          + " TriggerAuthentication when --tls-secret is given.",
      "For long-running targets (a Spark Connect server, standalone workers): replicas are removed one per"
          + " --scale-down-period, and a scaler outage never removes any."
    })
public class ScaledObjectCommand implements Runnable, Requirements.Needed {

  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;
  @Mixin ObjectMetadataOptions metadata;
  @Mixin KedaScalerOptions scaler;
  @Mixin ReplicaRangeOptions replicas;
  @Mixin KedaScalingOptions scaling;
  @Mixin TriggerOptions trigger;
  @Mixin BucketLocationOptions bucket;

  @Option(
      names = "--target-kind",
      defaultValue = "Deployment",
      paramLabel = "Deployment|StatefulSet",
      converter = Converters.TargetKindName.class,
      description = "Kind of the workload to scale (default: ${DEFAULT-VALUE}).")
  TargetKind targetKind;

  @Option(names = "--target-name", required = true, paramLabel = "NAME",
      description = "Name of the workload to scale.")
  String targetName;

  @Override
  public void require(Requirements requirements) {
    trigger.require(requirements);
  }

  @Override
  public void run() {
    ScaledObjectSpec so =
        ScaledObjectSpec.longRunning(
            metadata.name(),
            metadata.namespace(),
            targetKind,
            targetName,
            trigger.toTrigger(scaler.address(), bucket),
            replicas.min(),
            replicas.max(),
            scaling.pollingIntervalSeconds(),
            scaling.cooldownPeriodSeconds(),
            scaling.fallbackReplicas(),
            scaler.tlsSecret(),
            scaling.scaleDownPeriodSeconds());
    output.emit(KedaObjects.scaledObject(so));
  }
}
