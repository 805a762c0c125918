package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.render.ClusterAutoscalerSettings;
import io.sparkscale.sizing.Cloud;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render cluster-autoscaler`: prefer spot node groups, fall back to on-demand. */
@Command(
    name = "cluster-autoscaler",
    mixinStandardHelpOptions = true,
    description = {
      "The priority-expander ConfigMap (kube-system/cluster-autoscaler-priority-expander): spot node",
      "groups first, on-demand as fallback. With --chart-values, values for the official",
      "cluster-autoscaler chart instead (expander priority,least-waste and scale-down timings)."
    })
public class ClusterAutoscalerCommand implements Runnable {

  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--cloud", required = true, paramLabel = "aws|gcp|azure", description = "The cloud.")
  Cloud cloud;

  @Option(
      names = "--spot-groups",
      paramLabel = "REGEX",
      description = "Spot node-group name regex; repeatable (default: .*spot.*).")
  List<String> spotGroups;

  @Option(
      names = "--on-demand-groups",
      paramLabel = "REGEX",
      description = "On-demand fallback regex; repeatable (default: .*, every group).")
  List<String> onDemandGroups;

  @Option(names = "--chart-values", description = "Print cluster-autoscaler chart values instead.")
  boolean chartValues;

  @Option(names = "--cluster-name", description = "Cluster name for auto-discovery (--chart-values).")
  String clusterName;

  @Option(names = "--region", description = "AWS region (--chart-values on aws).")
  String region;

  @Override
  public void run() {
    var settings = new ClusterAutoscalerSettings(cloud, spotGroups, onDemandGroups, clusterName, region);
    output.emit(spec, List.of(chartValues ? settings.chartValues() : settings.configMap()));
  }
}
