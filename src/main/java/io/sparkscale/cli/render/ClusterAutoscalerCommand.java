package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
import io.sparkscale.cli.options.Requirements;
import io.sparkscale.render.ClusterAutoscalerSettings;
import io.sparkscale.render.ClusterAutoscalerSettings.Ceilings;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.Sizer;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `render cluster-autoscaler`: prefer spot node groups, fall back to on-demand. */
@Command(
    name = "cluster-autoscaler",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "aws: the priority-expander ConfigMap (kube-system/cluster-autoscaler-priority-expander), spot node groups"
          + " first and on-demand as fallback; with --chart-values, values for the official cluster-autoscaler"
          + " chart instead (--region: the chart's AWS region).",
      "gcp: a gcloud script (GKE's autoscaler is managed): spot and on-demand node pools, then the"
          + " optimize-utilization profile. azure: an az script: the pools and the priority-expander ConfigMap"
          + " (applied with kubectl), then the AKS autoscaler profile with the priority expander.",
      "The pools are sized from the plan of --data-size and the rightsize flags, as rightsize sizes it, or"
          + " capped by --max-nodes alone. The scripts check before they change anything and can be run again."
    })
public class ClusterAutoscalerCommand implements Runnable, Requirements.Needed {

  /** For which sizing flags were typed: the mixin's fields cannot tell a default from a value given. */
  @Spec CommandSpec spec;
  @Mixin VerboseOption verbose;
  @Mixin OutputOption output;

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

  @Option(names = "--location", paramLabel = "LOCATION",
      description = "gcp: the GKE cluster's location (region or zone), e.g. us-central1.")
  String location;

  @Option(names = "--resource-group", paramLabel = "GROUP", description = "azure: the AKS cluster's resource group.")
  String resourceGroup;

  // --cloud, --node-type, --max-nodes and the rest of the sizing flags, with the bucket flags for an s3://
  // --data-size; on aws --region is the chart's AWS region instead, as node groups are not sized there.
  @Mixin RightsizeOptions sizing;

  /** Sizing flags that mean something without a plan: the cloud, the pools' type, their ceiling. */
  private static final Set<String> WITHOUT_PLAN = Set.of("--cloud", "--node-type", "--max-nodes");

  private static final String LOCATION_RENAMED =
      "with --cloud gcp the cluster's location is --location (gcloud's name for it)";

  /** What each cloud's commands name (the chart's auto-discovery too), and what sizes the pools. */
  @Override
  public void require(Requirements requirements) {
    Cloud cloud = sizing.cloud();
    requirements.option("--cloud", cloud);
    if (cloud == null) {
      return;
    }
    switch (cloud) {
      case AWS -> {
        if (chartValues) {
          requirements.option("--cluster-name", clusterName, "with --chart-values");
        }
      }
      case GCP, AZURE -> {
        if (chartValues) {
          return; // refused by run(): no chart there
        }
        String condition = "with --cloud " + cloud.id();
        requirements.option("--cluster-name", clusterName, condition);
        if (cloud == Cloud.AZURE) {
          requirements.option("--resource-group", resourceGroup, condition);
        } else if (!locationGivenAsRegion()) { // the old spelling gets its own message from run()
          requirements.option("--location", location, condition);
        }
        requirements.oneOf(condition, sizing.dataSize() != null || sizing.maxNodes() != null, "--data-size", "--max-nodes");
      }
    }
  }

  @Override
  public void run() {
    Cloud cloud = sizing.cloud();
    ClusterAutoscalerSettings settings = cloud == Cloud.AWS ? aws() : managed(cloud);
    output.emit(settings.render(chartValues));
  }

  /** EKS node groups are sized where they are made (eksctl, Terraform): only the expander's settings here. */
  private ClusterAutoscalerSettings aws() {
    refuse(location != null, "--location", "applies to --cloud gcp; the chart's AWS region is --region");
    refuse(resourceGroup != null, "--resource-group", "applies to --cloud azure");
    String region = sizing.bucketLocation().region();
    refuse(region != null && !chartValues, "--region", "on aws only the chart values (--chart-values) take a region");
    for (String given : givenSizingFlags()) {
      refuse(!given.equals("--cloud") && !given.equals("--region"), given,
          "not used with --cloud aws: EKS node groups are sized where they are created (eksctl, Terraform)");
    }
    return new ClusterAutoscalerSettings(
        Cloud.AWS, spotGroups, onDemandGroups, clusterName, region, null, null, 1);
  }

  /** GKE and AKS: the pools' machine type and ceilings from the plan, or the ceiling given. */
  private ClusterAutoscalerSettings managed(Cloud cloud) {
    refuse(cloud == Cloud.GCP && resourceGroup != null, "--resource-group", "applies to --cloud azure");
    refuse(cloud == Cloud.AZURE && location != null, "--location", "applies to --cloud gcp");
    refuse(cloud == Cloud.GCP && locationGivenAsRegion(), "--region", LOCATION_RENAMED);
    SizingPlan plan;
    Ceilings ceilings;
    if (sizing.dataSize() != null) {
      plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes()));
      ceilings = ClusterAutoscalerSettings.poolCeilings(plan);
    } else {
      for (String given : givenSizingFlags()) {
        refuse(!WITHOUT_PLAN.contains(given), given,
            "shapes the plan the pools are sized from; add --data-size (or drop it and give --max-nodes)");
      }
      plan = new Sizer().plan(sizing.toRequest(1)); // checks --node-type against --cloud, as rightsize does
      ceilings = new Ceilings(sizing.maxNodes(), sizing.maxNodes());
    }
    return new ClusterAutoscalerSettings(cloud, spotGroups, onDemandGroups, clusterName,
        cloud == Cloud.GCP ? location : null, resourceGroup, ClusterAutoscalerSettings.machineType(plan),
        ceilings.spot(), ceilings.onDemand());
  }

  /**
   * --region where --location is meant: GKE's flag was --region before the sizing flags (whose --region is
   * an s3:// --data-size's bucket region) came to this command.
   */
  private boolean locationGivenAsRegion() {
    return sizing.cloud() == Cloud.GCP && sizing.bucketLocation().region() != null
        && (sizing.dataSize() == null || !sizing.dataSize().measured());
  }

  /** The rightsize flags typed on the command line, by their long name. */
  private List<String> givenSizingFlags() {
    return spec.mixins().get("sizing").options().stream()
        .filter(spec.commandLine().getParseResult()::hasMatchedOption)
        .map(OptionSpec::longestName)
        .toList();
  }

  private static void refuse(boolean condition, String option, String why) {
    if (condition) {
      throw new InvalidInputException(option + ": " + why);
    }
  }
}
