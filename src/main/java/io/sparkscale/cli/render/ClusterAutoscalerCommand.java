package io.sparkscale.cli.render;

import io.sparkscale.cli.RightsizeOptions;
import io.sparkscale.cli.VerboseOption;
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
import picocli.CommandLine.ParseResult;
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
          + " optimize-utilization profile. azure: the ConfigMap and an az script: the pools, then the AKS"
          + " autoscaler profile with the priority expander.",
      "The pools are sized from the plan of --data-size and the rightsize flags, as rightsize sizes it, or"
          + " capped by --max-nodes alone. The scripts check before they change anything and can be run again."
    })
public class ClusterAutoscalerCommand implements Runnable {

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
      description = "Cluster name: chart auto-discovery (aws --chart-values), the gcloud/az commands.")
  String clusterName;

  @Option(names = "--location", description = "gcp: the GKE cluster's location (region or zone), e.g. us-central1.")
  String location;

  @Option(names = "--resource-group", description = "azure: the AKS cluster's resource group.")
  String resourceGroup;

  @Mixin RightsizeOptions sizing;

  /** Sizing flags that mean something without a plan: the cloud, the pools' type, their ceiling. */
  private static final Set<String> WITHOUT_PLAN = Set.of("--cloud", "--node-type", "--max-nodes");

  @Override
  public void run() {
    Cloud cloud = sizing.cloud();
    if (cloud == null) {
      throw new InvalidInputException("--cloud: required; use aws, gcp or azure");
    }
    ParseResult parsed = spec.commandLine().getParseResult();
    ClusterAutoscalerSettings settings = cloud == Cloud.AWS ? aws(parsed) : managed(cloud, parsed);
    output.emit(spec, settings.render(chartValues));
  }

  /** EKS node groups are sized where they are made (eksctl, Terraform): only the expander's settings here. */
  private ClusterAutoscalerSettings aws(ParseResult parsed) {
    refuse(location != null, "--location", "applies to --cloud gcp; the chart's AWS region is --region");
    refuse(resourceGroup != null, "--resource-group", "applies to --cloud azure");
    String region = parsed.matchedOptionValue("--region", null);
    refuse(region != null && !chartValues, "--region", "on aws only the chart values (--chart-values) take a region");
    for (String given : givenSizingFlags(parsed)) {
      refuse(!given.equals("--cloud") && !given.equals("--region"), given,
          "not used with --cloud aws: EKS node groups are sized where they are created (eksctl, Terraform)");
    }
    return new ClusterAutoscalerSettings(
        Cloud.AWS, spotGroups, onDemandGroups, clusterName, region, null, null, 1);
  }

  /** GKE and AKS: the pools' machine type and ceilings from the plan, or the ceiling given. */
  private ClusterAutoscalerSettings managed(Cloud cloud, ParseResult parsed) {
    refuse(cloud == Cloud.GCP && resourceGroup != null, "--resource-group", "applies to --cloud azure");
    refuse(cloud == Cloud.AZURE && location != null, "--location", "applies to --cloud gcp");
    Integer maxNodes = parsed.matchedOptionValue("--max-nodes", null);
    SizingPlan plan;
    Ceilings ceilings;
    if (sizing.dataSize() != null) {
      refuse(cloud == Cloud.GCP && parsed.hasMatchedOption("--region") && !sizing.dataSize().startsWith("s3://"),
          "--region", "with --cloud gcp the cluster's location is --location (gcloud's name for it)");
      plan = new Sizer().plan(sizing.toRequest(sizing.dataBytes()));
      ceilings = ClusterAutoscalerSettings.poolCeilings(plan);
    } else {
      for (String given : givenSizingFlags(parsed)) {
        refuse(given.equals("--region") && cloud == Cloud.GCP, given,
            "with --cloud gcp the cluster's location is --location (gcloud's name for it)");
        refuse(!WITHOUT_PLAN.contains(given), given,
            "shapes the plan the pools are sized from; add --data-size (or drop it and give --max-nodes)");
      }
      if (maxNodes == null) {
        throw new InvalidInputException("--data-size: required with --cloud " + cloud.id() + " to size the pools"
            + " from the plan, as rightsize does (or give the pools' ceiling with --max-nodes)");
      }
      plan = new Sizer().plan(sizing.toRequest(1)); // checks --node-type against --cloud, as rightsize does
      ceilings = new Ceilings(maxNodes, maxNodes);
    }
    return new ClusterAutoscalerSettings(cloud, spotGroups, onDemandGroups, clusterName,
        cloud == Cloud.GCP ? location : null, resourceGroup, ClusterAutoscalerSettings.machineType(plan),
        ceilings.spot(), ceilings.onDemand());
  }

  /** The rightsize flags typed on the command line, by their long name. */
  private List<String> givenSizingFlags(ParseResult parsed) {
    return spec.mixins().get("sizing").options().stream()
        .filter(parsed::hasMatchedOption)
        .map(OptionSpec::longestName)
        .toList();
  }

  private static void refuse(boolean condition, String option, String why) {
    if (condition) {
      throw new InvalidInputException(option + ": " + why);
    }
  }
}
