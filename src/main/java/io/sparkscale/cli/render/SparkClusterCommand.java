package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.Names;
import io.sparkscale.render.SparkClusterSizing;
import io.sparkscale.render.SparkClusterSpec;
import io.sparkscale.sizing.Sizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `render sparkcluster`: standalone workers, sized by rightsize, scaled by KEDA on the S3 backlog. */
@Command(
    name = "sparkcluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "An Apache Spark operator SparkCluster (spark.apache.org/v1) whose worker pods each pack one node with"
          + " the executors rightsize plans, a KEDA ScaledObject that scales the worker StatefulSet on the S3"
          + " backlog (the operator's own HPA stays off), a worker PodDisruptionBudget, and a ConfigMap"
          + " NAME-spark-defaults with the spark-defaults.conf applications submit to the cluster with (-o DIR"
          + " also writes it as a plain file).",
      "The workers are a long-running target: they go one per --scale-down-period, and a scaler outage never"
          + " removes any."
    })
public class SparkClusterCommand implements Runnable, Requirements.Needed {

  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;
  @Mixin ObjectMetadataOptions metadata;

  @Mixin SparkImageOption image;

  @Mixin SparkVersionOption sparkVersion;

  @Mixin KedaScalerOptions scaler;

  @Option(
      names = "--min-workers",
      defaultValue = "0",
      paramLabel = "N",
      description = "Fewest workers; 0 lets KEDA stop them all when nothing waits (default: ${DEFAULT-VALUE}).")
  int minWorkers;

  @Option(
      names = "--max-workers",
      paramLabel = "N",
      description = "Most workers (default: the nodes rightsize plans for --data-size).")
  Integer maxWorkers;

  @Mixin KedaScalingOptions scaling;

  @Mixin TriggerOptions trigger;
  // The rightsize flags carry --region, --s3-endpoint and --force-path-style: where the watched bucket is,
  // for the trigger as for an s3:// --data-size (typically the very backlog the trigger watches).
  @Mixin RightsizeOptions sizing;

  @Override
  public void require(Requirements requirements) {
    trigger.require(requirements);
    sizing.requireDataSize(requirements);
    sizing.require(requirements);
    // A worker pod packs one node, so a node is needed: a catalogue type (--cloud picks one) or a custom one.
    requirements.oneOf(sizing.nodeGiven(), "--cloud", "--node-type", "--node-cores/--node-memory");
  }

  @Override
  public void run() {
    if (maxWorkers != null) {
      Names.atLeast("--max-workers", maxWorkers, 1);
    }
    var plan = new Sizer().plan(
        SparkClusterSizing.withWorkerDaemon(sizing.toRequest(sizing.dataBytesBesideTrigger()), maxWorkers));
    SparkClusterSizing workers = SparkClusterSizing.of(plan);
    int max = maxWorkers != null ? maxWorkers : Math.max(1, plan.cluster().nodes());
    SparkClusterSpec cluster = new SparkClusterSpec(
        metadata.name(), metadata.namespace(), image.image(), sparkVersion.version(), workers, minWorkers, max,
        trigger.toTrigger(scaler.address(), sizing.bucketLocation()),
        scaling.pollingIntervalSeconds(), scaling.cooldownPeriodSeconds(), scaling.fallbackReplicas(),
        scaler.tlsSecret(), scaling.scaleDownPeriodSeconds());
    output.emit(cluster.render());
  }
}
