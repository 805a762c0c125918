package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.KedaObjects;
import io.sparkscale.render.ScaledObjectSpec;
import io.sparkscale.render.ScaledObjectSpec.TargetKind;
import io.sparkscale.units.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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
public class ScaledObjectCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;
  @Mixin TriggerOptions trigger;
  @Mixin S3LocationOptions location;

  @Option(names = "--name", required = true, description = "ScaledObject name.")
  String name;

  @Option(names = "--namespace", description = "Namespace (default: none, kubectl's current).")
  String namespace;

  @Option(
      names = "--target-kind",
      defaultValue = "Deployment",
      paramLabel = "Deployment|StatefulSet",
      description = "Kind of the workload to scale (default: ${DEFAULT-VALUE}).")
  String targetKind;

  @Option(names = "--target-name", required = true, description = "Name of the workload to scale.")
  String targetName;

  @Option(
      names = "--scaler-address",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Where KEDA reaches sparkscale, e.g. sparkscale.keda.svc:9090.")
  String scalerAddress;

  @Option(names = "--min-replicas", defaultValue = "0", description = "Default: ${DEFAULT-VALUE}.")
  int minReplicas;

  @Option(names = "--max-replicas", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int maxReplicas;

  @Option(
      names = "--polling-interval",
      defaultValue = "30",
      paramLabel = "SECONDS",
      description = "How often KEDA asks the scaler (default: ${DEFAULT-VALUE}).")
  int pollingInterval;

  @Option(
      names = "--cooldown-period",
      defaultValue = "300",
      paramLabel = "SECONDS",
      description = "Idle time before scaling to zero (default: ${DEFAULT-VALUE}).")
  int cooldownPeriod;

  @Option(
      names = "--fallback-replicas",
      paramLabel = "N",
      description = "After 3 failed scaler calls in a row, at least N replicas and never fewer than are running"
          + " (default: none, the HPA keeps the replicas it has).")
  Integer fallbackReplicas;

  @Option(
      names = "--scale-down-period",
      defaultValue = "" + ScaledObjectSpec.DEFAULT_SCALE_DOWN_PERIOD,
      paramLabel = "SECONDS",
      description = "At most one replica removed per period, after as long a stable low, so servers holding"
          + " sessions go slowly (15 to 1800; default: ${DEFAULT-VALUE}).")
  int scaleDownPeriod;

  @Option(
      names = "--tls-secret",
      paramLabel = "NAME",
      description = "Secret with ca.crt, tls.crt, tls.key for mutual TLS to the scaler.")
  String tlsSecret;

  @Override
  public void run() {
    ScaledObjectSpec so =
        ScaledObjectSpec.longRunning(
            name,
            namespace,
            Targets.kind(targetKind),
            targetName,
            trigger.toTrigger(scalerAddress, location.region, location.endpoint),
            minReplicas,
            maxReplicas,
            pollingInterval,
            cooldownPeriod,
            fallbackReplicas,
            tlsSecret,
            scaleDownPeriod);
    output.emit(spec, KedaObjects.scaledObject(so));
  }

  /** Accepts the kind as Kubernetes spells it, in any case. */
  static final class Targets {
    static TargetKind kind(String value) {
      for (TargetKind kind : TargetKind.values()) {
        if (kind.kind().equalsIgnoreCase(value)) {
          return kind;
        }
      }
      throw InvalidInputException.badValue(
          "--target-kind", value, "use Deployment or StatefulSet");
    }
  }
}
