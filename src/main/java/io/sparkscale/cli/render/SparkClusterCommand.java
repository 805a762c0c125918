package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.Names;
import io.sparkscale.render.SparkClusterSizing;
import io.sparkscale.render.SparkClusterSpec;
import io.sparkscale.render.SparkVersion;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.trigger.S3Location;
import io.sparkscale.units.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/** `render sparkcluster`: standalone workers, sized by rightsize, scaled by KEDA on the S3 backlog. */
@Command(
    name = "sparkcluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "An Apache Spark operator SparkCluster (spark.apache.org/v1) whose worker pods each pack one node "
          + "with the executors rightsize plans, a KEDA ScaledObject that scales the worker StatefulSet on the "
          + "S3 backlog (the operator's own HPA stays off), a worker PodDisruptionBudget, and the "
          + "spark-defaults.conf applications submit to the cluster with."
    })
public class SparkClusterCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--name", required = true, description = "SparkCluster name (workers: NAME-worker).")
  String name;

  @Option(names = "--namespace", description = "Namespace (default: none, kubectl's current).")
  String namespace;

  @Option(names = "--image", required = true, description = "Spark image, e.g. apache/spark:4.2.0.")
  String image;

  @Option(
      names = "--spark-version",
      defaultValue = SparkVersion.DEFAULT,
      paramLabel = "X.Y.Z",
      description = "Spark release of the image (default: ${DEFAULT-VALUE}).")
  String sparkVersion;

  @Option(
      names = "--scaler-address",
      required = true,
      paramLabel = "HOST:PORT",
      description = "Where KEDA reaches sparkscale, e.g. sparkscale.keda.svc:9090.")
  String scalerAddress;

  @Option(
      names = "--min-workers",
      defaultValue = "0",
      description = "Fewest workers; 0 lets KEDA stop them all when nothing waits (default: ${DEFAULT-VALUE}).")
  int minWorkers;

  @Option(
      names = "--max-workers",
      paramLabel = "N",
      description = "Most workers (default: the nodes rightsize plans for --data-size).")
  Integer maxWorkers;

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
      description = "Idle time before the last worker goes (default: ${DEFAULT-VALUE}).")
  int cooldownPeriod;

  @Option(
      names = "--scale-down-period",
      defaultValue = "" + SparkClusterSpec.DEFAULT_SCALE_DOWN_PERIOD,
      paramLabel = "SECONDS",
      description = "At most one worker removed per period, after as long a stable low (default: ${DEFAULT-VALUE}).")
  int scaleDownPeriod;

  @Option(
      names = "--fallback-replicas",
      paramLabel = "N",
      description = "Workers to hold after 3 failed scaler calls in a row (default: keep them).")
  Integer fallbackReplicas;

  @Option(
      names = "--tls-secret",
      paramLabel = "NAME",
      description = "Secret with ca.crt, tls.crt, tls.key for mutual TLS to the scaler.")
  String tlsSecret;

  @Mixin TriggerOptions trigger;
  @Mixin RightsizeOptions sizing;

  @Override
  public void run() {
    SparkVersion version = SparkVersion.parse("--spark-version", sparkVersion);
    if (maxWorkers != null) {
      Names.atLeast("--max-workers", maxWorkers, 1);
    }
    var plan = new Sizer().plan(SparkClusterSizing.withWorkerDaemon(sizing.toRequest(dataBytes()), maxWorkers));
    SparkClusterSizing workers = SparkClusterSizing.of(plan);
    int max = maxWorkers != null ? maxWorkers : Math.max(1, plan.cluster().nodes());
    SparkClusterSpec cluster = new SparkClusterSpec(
        name, namespace, image, version, workers, minWorkers, max,
        // --region and --s3-endpoint say where the watched bucket is, for the trigger as for an s3:// size.
        trigger.toTrigger(scalerAddress, parsed().matchedOptionValue("--region", null),
            parsed().matchedOptionValue("--s3-endpoint", null)),
        pollingInterval, cooldownPeriod, fallbackReplicas, tlsSecret, scaleDownPeriod);
    output.emit(spec, cluster.render());
  }

  /** --data-size: a size, or s3://bucket/prefix measured now (typically the very backlog KEDA will watch). */
  private long dataBytes() {
    String size = sizing.dataSize();
    if (size != null && !S3Location.looksLike(size)) {
      return Sizes.parseDataBytes("--data-size", size);
    }
    return sizing.dataBytes();
  }

  private ParseResult parsed() {
    return spec.commandLine().getParseResult();
  }
}
