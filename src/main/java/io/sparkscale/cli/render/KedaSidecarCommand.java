package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.BucketLocationOptions;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.Document;
import io.sparkscale.render.KedaObjects;
import io.sparkscale.render.KedaSidecar;
import io.sparkscale.render.ScaledObjectSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `render keda-sidecar`: sparkscale inside the keda-operator pod, addressed at localhost. */
@Command(
    name = "keda-sidecar",
    mixinStandardHelpOptions = true,
    description = {
      "Values for KEDA's Helm chart (operator.extraContainers) that run `sparkscale serve` inside the"
          + " keda-operator pod, and with --name, --target-name and --bucket, a ScaledObject that addresses it at"
          + " localhost (written with -o DIR: the values are for helm, the ScaledObject for kubectl).",
      "The ScaledObject scales a long-running target as render scaledobject's does: replicas go one per"
          + " --scale-down-period, and a scaler outage never removes any."
    })
public class KedaSidecarCommand implements Runnable, Requirements.Needed {

  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--image", required = true, paramLabel = "IMAGE", description = "sparkscale image.")
  String image;

  @Option(names = "--port", defaultValue = "" + KedaSidecar.DEFAULT_PORT, paramLabel = "PORT",
      description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--http-port",
      defaultValue = "" + KedaSidecar.DEFAULT_HTTP_PORT,
      paramLabel = "PORT",
      description = "Health/metrics port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  // --region and --s3-endpoint become the sidecar's defaults (serve --region, --s3-endpoint), so its trigger
  // names neither; --force-path-style goes into the trigger.
  @Mixin BucketLocationOptions bucket;

  @Option(names = "--cache-ttl", paramLabel = "DURATION", converter = Converters.PositiveDuration.class,
      description = "How long one S3 count is reused.")
  Duration cacheTtl;

  @Option(
      names = "--max-staleness",
      paramLabel = "DURATION",
      converter = Converters.PositiveDuration.class,
      description = "Oldest count served when S3 fails.")
  Duration maxStaleness;

  @Option(names = "--role-arn", description = "IAM role for the operator's ServiceAccount (IRSA).")
  String roleArn;

  @Option(names = "--gcp-service-account", description = "GCP service account (GKE Workload Identity).")
  String gcpServiceAccount;

  // Not ObjectMetadataOptions: the ScaledObject is optional here, so is its name.
  @Option(names = "--name", paramLabel = "NAME", converter = Converters.KubernetesName.class,
      description = "ScaledObject name (renders a ScaledObject too).")
  String name;

  @Option(names = "--namespace", paramLabel = "NAMESPACE", converter = Converters.KubernetesName.class,
      description = "ScaledObject namespace.")
  String namespace;

  @Option(names = "--target-name", paramLabel = "NAME", description = "Deployment the ScaledObject scales.")
  String targetName;

  @Mixin ReplicaRangeOptions replicas;
  @Mixin KedaScalingOptions scaling;
  @Mixin TriggerOptions trigger;

  private static final String SCALED_OBJECT = "for the ScaledObject (or none of --name, --target-name, --bucket)";

  /** The ScaledObject is optional, but once asked for, it needs all three of its flags. */
  private boolean scaledObjectAsked() {
    return name != null || targetName != null || trigger.bucketGiven();
  }

  @Override
  public void require(Requirements requirements) {
    if (scaledObjectAsked()) {
      requirements.option("--name", name, SCALED_OBJECT);
      requirements.option("--target-name", targetName, SCALED_OBJECT);
      trigger.require(requirements, SCALED_OBJECT);
    }
  }

  @Override
  public void run() {
    KedaSidecar sidecar =
        new KedaSidecar(
            image,
            port,
            httpPort,
            bucket.region(),
            bucket.endpoint(),
            cacheTtl,
            maxStaleness,
            roleArn,
            gcpServiceAccount);
    List<Document> documents = new ArrayList<>();
    documents.add(sidecar.values());
    if (scaledObjectAsked()) {
      documents.addAll(
          KedaObjects.scaledObject(
              ScaledObjectSpec.longRunning(
                  name,
                  namespace,
                  ScaledObjectSpec.TargetKind.DEPLOYMENT,
                  targetName,
                  trigger.toTrigger(sidecar.scalerAddress(), null, null, bucket.forcePathStyle()),
                  replicas.min(),
                  replicas.max(),
                  scaling.pollingIntervalSeconds(),
                  scaling.cooldownPeriodSeconds(),
                  scaling.fallbackReplicas(),
                  null,
                  scaling.scaleDownPeriodSeconds())));
    }
    output.emit(documents);
  }
}
