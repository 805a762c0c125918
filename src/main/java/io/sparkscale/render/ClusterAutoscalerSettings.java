package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Cluster Autoscaler set up to prefer spot node groups: the priority expander's ConfigMap, or values for
 * the official cluster-autoscaler chart (kubernetes/autoscaler, charts/cluster-autoscaler).
 *
 * @param spotGroups node-group name regexes tried first
 * @param onDemandGroups regexes tried when no spot group can grow (spot capacity is gone)
 * @param clusterName for the chart's auto-discovery; null when only the ConfigMap is rendered
 */
public record ClusterAutoscalerSettings(
    Cloud cloud, List<String> spotGroups, List<String> onDemandGroups, String clusterName, String region) {

  /** Node groups named with "spot" in them: EKS node groups, GKE node pools, AKS pools all allow it. */
  public static final List<String> DEFAULT_SPOT_GROUPS = List.of(".*spot.*");
  /** Anything at all: the fallback when no spot group can grow. */
  public static final List<String> DEFAULT_ON_DEMAND_GROUPS = List.of(".*");

  static final String CONFIG_MAP = "cluster-autoscaler-priority-expander";
  static final String NAMESPACE = "kube-system";
  static final int SPOT_PRIORITY = 50;
  static final int ON_DEMAND_PRIORITY = 10;

  public ClusterAutoscalerSettings {
    Objects.requireNonNull(cloud, "cloud");
    spotGroups = regexes("--spot-groups", spotGroups, DEFAULT_SPOT_GROUPS);
    onDemandGroups = regexes("--on-demand-groups", onDemandGroups, DEFAULT_ON_DEMAND_GROUPS);
    if (clusterName != null && !clusterName.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
      throw InvalidInputException.badValue(
          "--cluster-name", clusterName, "use the cluster's name: letters, digits, '-' and '_'");
    }
    if (region != null && !region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw InvalidInputException.badValue("--region", region, "use a region name such as us-east-1");
    }
  }

  private static List<String> regexes(String option, List<String> given, List<String> defaults) {
    if (given == null || given.isEmpty()) {
      return defaults;
    }
    for (String regex : given) {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw InvalidInputException.badValue(
            option, regex, "use a regular expression matching node-group names, e.g. .*spot.*");
      }
      if (regex.isBlank()) {
        throw InvalidInputException.badValue(option, regex, "use a non-empty regular expression");
      }
    }
    return List.copyOf(given);
  }

  /** priority -> regexes, higher wins; the shape of the ConfigMap's data.priorities and the chart value. */
  ObjectNode priorities() {
    ObjectNode priorities = Yaml.object();
    priorities.set(Integer.toString(SPOT_PRIORITY), Yaml.strings(spotGroups));
    priorities.set(Integer.toString(ON_DEMAND_PRIORITY), Yaml.strings(onDemandGroups));
    return priorities;
  }

  /** The ConfigMap the priority expander reads (its name and namespace are fixed by the autoscaler). */
  public Document configMap() {
    ObjectNode cm = Yaml.resource("v1", "ConfigMap", CONFIG_MAP, NAMESPACE);
    cm.putObject("data").put("priorities", Yaml.write(priorities()));
    return Yaml.document(cm);
  }

  /**
   * Chart values: priority first, least-waste among equal priorities; empty executor nodes go quickly,
   * because dynamic allocation has already released their executors.
   */
  public Document chartValues() {
    if (clusterName == null) {
      throw new InvalidInputException(
          "--cluster-name: required with --chart-values (the chart discovers node groups by it)");
    }
    ObjectNode values = Yaml.object();
    values.put("cloudProvider", chartProvider());
    values.putObject("autoDiscovery").put("clusterName", clusterName);
    if (cloud == Cloud.AWS && region != null) {
      values.put("awsRegion", region);
    }
    values.set("expanderPriorities", priorities());
    ObjectNode args = values.putObject("extraArgs");
    args.put("expander", "priority,least-waste");
    args.put("balance-similar-node-groups", true);
    // Executors keep shuffle and spill in emptyDir; with the default (true) their nodes never scale down.
    args.put("skip-nodes-with-local-storage", false);
    args.put("scale-down-unneeded-time", "5m");
    args.put("scale-down-delay-after-add", "5m");
    args.put("scale-down-utilization-threshold", "0.5");
    return Document.yaml("cluster-autoscaler-values.yaml", Yaml.write(values));
  }

  private String chartProvider() {
    return switch (cloud) {
      case AWS -> "aws";
      case GCP -> "gce";
      case AZURE -> "azure";
    };
  }
}
