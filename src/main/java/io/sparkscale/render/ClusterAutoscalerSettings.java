package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.NodeCatalog;
import io.sparkscale.sizing.NodeType;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Cluster Autoscaler set up to prefer spot node groups. Where the user runs it (AWS): the priority expander's
 * ConfigMap, or values for the official cluster-autoscaler chart (kubernetes/autoscaler,
 * charts/cluster-autoscaler). Where the cloud runs it, the cloud's own commands: GKE (no ConfigMap, no chart;
 * a spot node pool and the optimize-utilization profile) and AKS (its cluster autoscaler profile with the
 * priority expander, a spot pool, and the ConfigMap applied by the same script).
 *
 * @param spotGroups node-group name regexes tried first
 * @param onDemandGroups regexes tried when no spot group can grow (spot capacity is gone)
 * @param clusterName for the chart's auto-discovery and the gcloud/az commands; null when only the
 *     ConfigMap is rendered
 * @param region AWS region for the chart; the GKE cluster's location for gcloud
 * @param resourceGroup the AKS cluster's resource group (azure only)
 * @param nodeType machine type / VM size of the spot and on-demand pools (gcp, azure): a catalogue type of
 *     this cloud, as rightsize accepts; null for the cloud's default
 * @param spotMaxNodes autoscaling ceiling of the spot pool (gcp, azure)
 * @param onDemandMaxNodes autoscaling ceiling of the on-demand pool (gcp, azure)
 */
public record ClusterAutoscalerSettings(
    Cloud cloud,
    List<String> spotGroups,
    List<String> onDemandGroups,
    String clusterName,
    String region,
    String resourceGroup,
    String nodeType,
    int spotMaxNodes,
    int onDemandMaxNodes) {

  /** Both pools with one ceiling. */
  public ClusterAutoscalerSettings(Cloud cloud, List<String> spotGroups, List<String> onDemandGroups,
      String clusterName, String region, String resourceGroup, String nodeType, int maxNodes) {
    this(cloud, spotGroups, onDemandGroups, clusterName, region, resourceGroup, nodeType, maxNodes, maxNodes);
  }

  /**
   * Pool ceilings from a sizing plan: the spot pool holds the plan's nodes at its largest executor count; the
   * on-demand pool the same (executors fall back there when spot is short) plus one node for the driver,
   * which a node full of executors has no room for.
   */
  public static Ceilings poolCeilings(SizingPlan plan) {
    if (plan.node() == null || plan.cluster().nodes() == null) {
      throw new InvalidInputException("--cloud/--node-type: required to size the pools from the plan");
    }
    int nodes = Math.max(1, plan.cluster().nodes());
    return new Ceilings(nodes, nodes + DRIVER_NODES);
  }

  /** The most nodes each pool may grow to. */
  public record Ceilings(int spot, int onDemand) {}

  /** The machine type a plan was packed onto, for the pools; a custom node has none to give. */
  public static String machineType(SizingPlan plan) {
    if (plan.node() == null || "custom".equals(plan.node().type())) {
      throw new InvalidInputException("--node-type: required for the node pools; a custom node (--node-cores,"
          + " --node-memory) names no machine type to create them with");
    }
    return plan.node().type();
  }

  /** Node groups named with "spot" in them: EKS node groups, GKE node pools, AKS pools all allow it. */
  public static final List<String> DEFAULT_SPOT_GROUPS = List.of(".*spot.*");
  /** Anything at all: the fallback when no spot group can grow. */
  public static final List<String> DEFAULT_ON_DEMAND_GROUPS = List.of(".*");
  /** Room in the on-demand pool for a driver beside fallback executors. */
  static final int DRIVER_NODES = 1;

  static final String CONFIG_MAP = "cluster-autoscaler-priority-expander";
  static final String NAMESPACE = "kube-system";
  static final int SPOT_PRIORITY = 50;
  static final int ON_DEMAND_PRIORITY = 10;
  /** AKS pool names: lowercase letters and digits, at most 12 for Linux pools; "spot" matches the regex. */
  static final String AKS_SPOT_POOL = "sparkspot";
  static final String AKS_ON_DEMAND_POOL = "sparkdemand";
  static final String GKE_SPOT_POOL = "spark-spot";
  static final String GKE_ON_DEMAND_POOL = "spark-on-demand";

  public ClusterAutoscalerSettings {
    Objects.requireNonNull(cloud, "cloud");
    if (resourceGroup != null && !resourceGroup.matches("[A-Za-z0-9._()-]{0,89}[A-Za-z0-9_()-]")) {
      throw InvalidInputException.badValue(
          "--resource-group", resourceGroup, "use the AKS cluster's resource group name");
    }
    if (nodeType != null) {
      // As rightsize: a catalogue type, of this cloud (a GKE pool cannot run r5.4xlarge).
      NodeType type = NodeCatalog.require("--node-type", nodeType);
      if (type.cloud() != cloud) {
        throw new InvalidInputException("--node-type: '" + type.name() + "' is a node type of --cloud "
            + type.cloud().id() + ", not " + cloud.id() + "; pick a type of " + cloud.id() + ", e.g. "
            + NodeCatalog.defaultFor(cloud).name());
      }
      nodeType = type.name();
    }
    Names.atLeast("--max-nodes", spotMaxNodes, 1);
    Names.atLeast("--max-nodes", onDemandMaxNodes, 1);
    spotGroups = regexes("--spot-groups", spotGroups, DEFAULT_SPOT_GROUPS);
    onDemandGroups = regexes("--on-demand-groups", onDemandGroups, DEFAULT_ON_DEMAND_GROUPS);
    if (clusterName != null && !clusterName.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,99}")) {
      throw InvalidInputException.badValue(
          "--cluster-name", clusterName, "use the cluster's name: letters, digits, '-' and '_'");
    }
    if (region != null && !region.matches("[a-z0-9][a-z0-9-]{0,62}")) {
      throw InvalidInputException.badValue(
          "--region", region, "use a region or zone name such as us-east-1 or us-central1");
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

  /** priority -> regexes, higher wins, highest first; the shape of data.priorities and the chart value. */
  private Map<Integer, ArrayNode> priorities() {
    Map<Integer, ArrayNode> priorities = new LinkedHashMap<>();
    priorities.put(SPOT_PRIORITY, Yaml.strings(spotGroups));
    priorities.put(ON_DEMAND_PRIORITY, Yaml.strings(onDemandGroups));
    return priorities;
  }

  /** What `render cluster-autoscaler` prints for the cloud; chart values only where a chart is installed. */
  public List<Document> render(boolean chartValues) {
    return switch (cloud) {
      case AWS -> List.of(chartValues ? chartValues() : configMap());
      case GCP -> {
        refuseChart(chartValues, "GKE");
        yield List.of(gkeCommands());
      }
      case AZURE -> {
        refuseChart(chartValues, "AKS");
        // One document: the script applies the ConfigMap itself, so stdout is the script alone.
        yield List.of(aksCommands());
      }
    };
  }

  private static void refuseChart(boolean chartValues, String cloud) {
    if (chartValues) {
      throw new InvalidInputException(
          "--chart-values: " + cloud + " runs Cluster Autoscaler itself and installs no chart; drop"
              + " --chart-values to get the commands that configure it");
    }
  }

  /**
   * The ConfigMap the priority expander reads (its name and namespace are fixed by the autoscaler); the
   * priorities are YAML with integer keys, which is what the expander decodes (see
   * {@link Yaml#writeIntegerKeyed}).
   */
  public Document configMap() {
    ObjectNode cm = Yaml.resource("v1", "ConfigMap", CONFIG_MAP, NAMESPACE);
    cm.putObject("data").put("priorities", Yaml.writeIntegerKeyed(priorities()));
    return Yaml.document(cm);
  }

  /**
   * Chart values: priority first, least-waste among equal priorities; empty executor nodes go quickly,
   * because dynamic allocation has already released their executors. AWS only: GKE and AKS run the
   * autoscaler themselves.
   */
  public Document chartValues() {
    if (cloud != Cloud.AWS) {
      refuseChart(true, cloud == Cloud.GCP ? "GKE" : "AKS");
    }
    requireCluster("--chart-values (the chart discovers node groups by it)");
    ObjectNode values = Yaml.object();
    values.put("cloudProvider", "aws");
    values.putObject("autoDiscovery").put("clusterName", clusterName);
    if (region != null) {
      values.put("awsRegion", region);
    }
    // The chart writes each key through `int` (charts/cluster-autoscaler/templates/priority-expander-configmap.yaml).
    ObjectNode priorities = values.putObject("expanderPriorities");
    priorities().forEach((priority, groups) -> priorities.set(Integer.toString(priority), groups));
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

  /** The GKE script ({@link ManagedAutoscalerScripts#gke}). */
  Document gkeCommands() {
    requireCluster("--cloud gcp (the gcloud commands name the cluster)");
    if (region == null) {
      throw new InvalidInputException(
          "--location: required with --cloud gcp; give the cluster's location, e.g. us-central1");
    }
    return Document.plain("gke-spot-node-pools.sh", ManagedAutoscalerScripts.gke(this, machineType()));
  }

  /**
   * The AKS script ({@link ManagedAutoscalerScripts#aks}): AKS runs the autoscaler in its control plane,
   * configured only through the cluster autoscaler profile; with expander=priority it reads the ConfigMap,
   * which the script applies before it sets that profile.
   */
  Document aksCommands() {
    requireCluster("--cloud azure (the az commands name the cluster)");
    if (resourceGroup == null) {
      throw new InvalidInputException("--resource-group: required with --cloud azure; give the AKS cluster's");
    }
    return Document.plain("aks-spot-node-pools.sh", ManagedAutoscalerScripts.aks(this, machineType()));
  }

  private String machineType() {
    return nodeType != null ? nodeType : NodeCatalog.defaultFor(cloud).name();
  }

  private void requireCluster(String why) {
    if (clusterName == null) {
      throw new InvalidInputException("--cluster-name: required with " + why);
    }
  }

}
