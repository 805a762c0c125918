package io.sparkscale.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.NodeCatalog;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
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
 * @param region AWS region for the chart; the GKE location for gcloud
 * @param resourceGroup the AKS cluster's resource group (azure only)
 * @param nodeType machine type / VM size of the spot and on-demand pools (gcp, azure)
 * @param maxNodes upper bound of each pool's autoscaling (gcp, azure)
 */
public record ClusterAutoscalerSettings(
    Cloud cloud,
    List<String> spotGroups,
    List<String> onDemandGroups,
    String clusterName,
    String region,
    String resourceGroup,
    String nodeType,
    int maxNodes) {

  /** Node groups named with "spot" in them: EKS node groups, GKE node pools, AKS pools all allow it. */
  public static final List<String> DEFAULT_SPOT_GROUPS = List.of(".*spot.*");
  /** Anything at all: the fallback when no spot group can grow. */
  public static final List<String> DEFAULT_ON_DEMAND_GROUPS = List.of(".*");
  public static final int DEFAULT_MAX_NODES = 10;

  static final String CONFIG_MAP = "cluster-autoscaler-priority-expander";
  static final String NAMESPACE = "kube-system";
  static final int SPOT_PRIORITY = 50;
  static final int ON_DEMAND_PRIORITY = 10;
  /** AKS pool names: lowercase letters and digits, at most 12 for Linux pools; "spot" matches the regex. */
  static final String AKS_SPOT_POOL = "sparkspot";
  static final String AKS_ON_DEMAND_POOL = "sparkdemand";
  static final String GKE_SPOT_POOL = "spark-spot";
  static final String GKE_ON_DEMAND_POOL = "spark-on-demand";
  static final String HERE_DOCUMENT_END = "CONFIGMAP";

  public ClusterAutoscalerSettings {
    Objects.requireNonNull(cloud, "cloud");
    if (resourceGroup != null && !resourceGroup.matches("[A-Za-z0-9._()-]{0,89}[A-Za-z0-9_()-]")) {
      throw InvalidInputException.badValue(
          "--resource-group", resourceGroup, "use the AKS cluster's resource group name");
    }
    if (nodeType != null && !nodeType.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw InvalidInputException.badValue(
          "--node-type", nodeType, "use a machine type such as n2-standard-16 or Standard_D16s_v5");
    }
    Names.atLeast("--max-nodes", maxNodes, 1);
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

  /**
   * gcloud commands: GKE's managed autoscaler has no expander setting and reads no ConfigMap; its
   * optimize-utilization profile scales down sooner, and a spot pool (GKE labels its nodes
   * cloud.google.com/gke-spot=true) next to an on-demand pool gives executors their fallback.
   */
  Document gkeCommands() {
    requireCluster("--cloud gcp (the gcloud commands name the cluster)");
    if (region == null) {
      throw new InvalidInputException("--region: required with --cloud gcp; give the cluster's location, e.g. us-central1");
    }
    List<String> location = List.of("--cluster", clusterName, "--location", region);
    StringBuilder sh = script("GKE runs Cluster Autoscaler itself: no priority-expander ConfigMap, no chart values.");
    sh.append("# optimize-utilization: scale down sooner and pack tighter than the balanced default.\n");
    command(sh, List.of("gcloud", "container", "clusters", "update", clusterName, "--location", region,
        "--autoscaling-profile", "optimize-utilization"));
    sh.append("# Executors prefer this pool; the taint keeps other pods off (sparkscale executors tolerate it).\n");
    command(sh, concat(List.of("gcloud", "container", "node-pools", "create", GKE_SPOT_POOL), location,
        List.of("--spot", "--machine-type", machineType(), "--enable-autoscaling", "--total-min-nodes", "0",
            "--total-max-nodes", Integer.toString(maxNodes),
            "--node-taints", SpotPlacement.GKE_SPOT + "=true:NoSchedule")));
    sh.append("# Drivers, and executors when spot capacity is short.\n");
    command(sh, concat(List.of("gcloud", "container", "node-pools", "create", GKE_ON_DEMAND_POOL), location,
        List.of("--machine-type", machineType(), "--enable-autoscaling", "--total-min-nodes", "0",
            "--total-max-nodes", Integer.toString(maxNodes))));
    return Document.plain("gke-spot-node-pools.sh", sh.toString());
  }

  /**
   * az commands: AKS runs the autoscaler in its control plane, configured only through the cluster
   * autoscaler profile; with expander=priority it reads the ConfigMap, which the script applies last. AKS
   * labels and taints spot nodes kubernetes.azure.com/scalesetpriority=spot.
   */
  Document aksCommands() {
    requireCluster("--cloud azure (the az commands name the cluster)");
    if (resourceGroup == null) {
      throw new InvalidInputException("--resource-group: required with --cloud azure; give the AKS cluster's");
    }
    List<String> cluster = List.of("--resource-group", resourceGroup, "--cluster-name", clusterName);
    StringBuilder sh = script("AKS runs Cluster Autoscaler itself; its settings are the cluster autoscaler profile.");
    command(sh, List.of("az", "aks", "update", "--resource-group", resourceGroup, "--name", clusterName,
        "--cluster-autoscaler-profile", "expander=priority", "balance-similar-node-groups=true",
        "skip-nodes-with-local-storage=false", "scale-down-unneeded-time=5m", "scale-down-delay-after-add=5m",
        "scale-down-utilization-threshold=0.5"));
    sh.append("# Spot pool for executors; --spot-max-price -1 pays up to the on-demand price, never evicts on price.\n");
    command(sh, concat(List.of("az", "aks", "nodepool", "add"), cluster,
        List.of("--name", AKS_SPOT_POOL, "--priority", "Spot", "--eviction-policy", "Delete", "--spot-max-price",
            "-1", "--node-vm-size", machineType(), "--enable-cluster-autoscaler", "--min-count", "0",
            "--max-count", Integer.toString(maxNodes))));
    sh.append("# Drivers, and executors when spot capacity is short.\n");
    command(sh, concat(List.of("az", "aks", "nodepool", "add"), cluster,
        List.of("--name", AKS_ON_DEMAND_POOL, "--node-vm-size", machineType(), "--enable-cluster-autoscaler",
            "--min-count", "0", "--max-count", Integer.toString(maxNodes))));
    // One document, so stdout is the script alone; the ConfigMap goes in as a quoted here-document (no
    // expansion), and each of its lines is indented or a key, so none can end the here-document early.
    sh.append("# The priority expander reads this ConfigMap (name and namespace fixed by Cluster Autoscaler).\n");
    sh.append("kubectl apply -f - <<'").append(HERE_DOCUMENT_END).append("'\n");
    sh.append(configMap().text());
    sh.append(HERE_DOCUMENT_END).append('\n');
    return Document.plain("aks-spot-node-pools.sh", sh.toString());
  }

  private String machineType() {
    return nodeType != null ? nodeType : NodeCatalog.defaultFor(cloud).name();
  }

  private void requireCluster(String why) {
    if (clusterName == null) {
      throw new InvalidInputException("--cluster-name: required with " + why);
    }
  }

  private static StringBuilder script(String headline) {
    return new StringBuilder("#!/bin/sh\n# ").append(headline).append("\nset -eu\n");
  }

  private static void command(StringBuilder sh, List<String> words) {
    sh.append(Shell.commandLine(words)).append('\n');
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}
