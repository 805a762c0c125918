package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.Document;
import io.sparkscale.render.KedaObjects;
import io.sparkscale.render.KedaSidecar;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.units.Durations;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render keda-sidecar`: sparkscale inside the keda-operator pod, addressed at localhost. */
@Command(
    name = "keda-sidecar",
    mixinStandardHelpOptions = true,
    description = {
      "Values for KEDA's Helm chart (operator.extraContainers) that run `sparkscale serve` inside the "
          + "keda-operator pod, and with --bucket, a ScaledObject that addresses it at localhost."
    })
public class KedaSidecarCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--image", required = true, description = "sparkscale image.")
  String image;

  @Option(names = "--port", defaultValue = "9090", description = "gRPC port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--http-port",
      defaultValue = "9091",
      description = "Health/metrics port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(names = "--region", paramLabel = "R", description = "Default S3 region of the scaler.")
  String serveRegion;

  @Option(
      names = "--s3-endpoint",
      paramLabel = "URL",
      description = "Default S3-compatible endpoint (MinIO, Ceph).")
  String s3Endpoint;

  @Option(names = "--cache-ttl", paramLabel = "DURATION", description = "How long one S3 count is reused.")
  String cacheTtl;

  @Option(
      names = "--max-staleness",
      paramLabel = "DURATION",
      description = "Oldest count served when S3 fails.")
  String maxStaleness;

  @Option(names = "--role-arn", description = "IAM role for the operator's ServiceAccount (IRSA).")
  String roleArn;

  @Option(names = "--gcp-service-account", description = "GCP service account (GKE Workload Identity).")
  String gcpServiceAccount;

  @Option(names = "--name", description = "ScaledObject name (renders a ScaledObject too).")
  String name;

  @Option(names = "--namespace", description = "ScaledObject namespace.")
  String namespace;

  @Option(names = "--target-name", description = "Deployment the ScaledObject scales.")
  String targetName;

  @Option(names = "--max-replicas", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int maxReplicas;

  // Region and endpoint are the sidecar's defaults (--region, --s3-endpoint), so the trigger needs neither.
  @Mixin TriggerOptions trigger;

  @Override
  public void run() {
    KedaSidecar sidecar =
        new KedaSidecar(
            image,
            port,
            httpPort,
            serveRegion,
            s3Endpoint,
            cacheTtl == null ? null : Durations.parsePositive("--cache-ttl", cacheTtl),
            maxStaleness == null ? null : Durations.parsePositive("--max-staleness", maxStaleness),
            roleArn,
            gcpServiceAccount);
    List<Document> documents = new ArrayList<>();
    documents.add(sidecar.values());
    // The ScaledObject is optional, but once asked for, it needs all three of its flags.
    if (name != null || targetName != null || trigger.bucket != null) {
      if (name == null || targetName == null || trigger.bucket == null) {
        throw new InvalidInputException(
            "--name, --target-name and --bucket: give all three to render the ScaledObject, or none");
      }
      documents.addAll(
          KedaObjects.scaledObject(
              new ScaledObjectSpec(
                  name,
                  namespace,
                  ScaledObjectSpec.TargetKind.DEPLOYMENT,
                  targetName,
                  trigger.toTrigger(sidecar.scalerAddress(), null, null),
                  0,
                  maxReplicas,
                  ScaledObjectSpec.DEFAULT_POLLING_INTERVAL,
                  ScaledObjectSpec.DEFAULT_COOLDOWN_PERIOD,
                  null,
                  null)));
    }
    output.emit(spec, documents);
  }
}
