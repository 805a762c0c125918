package io.sparkscale.cli.render;

import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.Converters;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.ClusterAutoscalerSettings;
import io.sparkscale.sizing.Cloud;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `render cluster-autoscaler`: prefer spot node groups, fall back to on-demand. */
@Command(
    name = "cluster-autoscaler",
    mixinStandardHelpOptions = true,
    description = {
      "aws: the priority-expander ConfigMap (kube-system/cluster-autoscaler-priority-expander), spot node",
      "groups first and on-demand as fallback; with --chart-values, values for the official",
      "cluster-autoscaler chart instead. gcp: gcloud commands (GKE's autoscaler is managed: spot node pool,",
      "profile optimize-utilization). azure: a script of az commands (AKS autoscaler profile with the",
      "priority expander, a spot pool) that also applies the ConfigMap."
    })
public class ClusterAutoscalerCommand implements Runnable, Requirements.Needed {

  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

  @Option(names = "--cloud", required = true, paramLabel = "aws|gcp|azure", converter = Converters.CloudName.class,
      description = "The cloud.")
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

  @Option(names = "--chart-values", description = "aws: print cluster-autoscaler chart values instead.")
  boolean chartValues;

  @Option(
      names = "--cluster-name",
      paramLabel = "NAME",
      description = "Cluster name: chart auto-discovery (aws --chart-values), the gcloud/az commands.")
  String clusterName;

  @Option(names = "--region", paramLabel = "REGION", description = "AWS region (aws --chart-values), or the GKE cluster's location.")
  String region;

  @Option(names = "--resource-group", paramLabel = "GROUP", description = "The AKS cluster's resource group (azure).")
  String resourceGroup;

  @Option(
      names = "--node-type",
      paramLabel = "TYPE",
      description = "Machine type / VM size of the pools (gcp, azure; default: n2-standard-16, Standard_D16s_v5).")
  String nodeType;

  @Option(
      names = "--max-nodes",
      paramLabel = "N",
      defaultValue = "" + ClusterAutoscalerSettings.DEFAULT_MAX_NODES,
      description = "Autoscaling ceiling of each pool (gcp, azure; default: ${DEFAULT-VALUE}); rightsize's node count.")
  int maxNodes;

  /** What each cloud's commands name (the chart's auto-discovery too); the rest has defaults. */
  @Override
  public void require(Requirements requirements) {
    if (cloud == null) {
      return; // picocli names --cloud itself
    }
    switch (cloud) {
      case AWS -> {
        if (chartValues) {
          requirements.option("--cluster-name", clusterName, "with --chart-values");
        }
      }
      case GCP -> {
        if (!chartValues) {
          requirements.option("--cluster-name", clusterName, "with --cloud gcp");
          requirements.option("--region", region, "with --cloud gcp");
        }
      }
      case AZURE -> {
        if (!chartValues) {
          requirements.option("--cluster-name", clusterName, "with --cloud azure");
          requirements.option("--resource-group", resourceGroup, "with --cloud azure");
        }
      }
    }
  }

  @Override
  public void run() {
    var settings =
        new ClusterAutoscalerSettings(
            cloud, spotGroups, onDemandGroups, clusterName, region, resourceGroup, nodeType, maxNodes);
    output.emit(settings.render(chartValues));
  }
}
