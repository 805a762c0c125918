package io.sparkscale.sizing;

import static io.sparkscale.sizing.Cloud.AWS;
import static io.sparkscale.sizing.Cloud.AZURE;
import static io.sparkscale.sizing.Cloud.GCP;

import io.sparkscale.units.InvalidInputException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Node types sparkscale knows, with on-demand Linux prices per hour in USD. Prices change: each names its
 * source and the date it was read; pass --node-price to use your own (discounts, other regions).
 */
public final class NodeCatalog {

  private static final String AWS_PRICES =
      "AWS EC2 on-demand, us-east-1, Linux (aws.amazon.com/ec2/pricing/on-demand), read 2026-11-27";
  private static final String GCP_PRICES =
      "GCP Compute Engine on-demand, us-central1 (cloud.google.com/compute/vm-instance-pricing), read 2026-11-27";
  private static final String AZURE_PRICES =
      "Azure VMs pay-as-you-go, East US, Linux (azure.microsoft.com/pricing/details/virtual-machines/linux),"
          + " read 2026-11-27";

  // EKS max pods = ENIs x (IPv4 per ENI - 1) + 2; GKE Standard defaults to 110; AKS with Azure CNI
  // Overlay (the default network plugin) to 250.
  private static final int GKE_MAX_PODS = 110;
  private static final int AKS_MAX_PODS = 250;

  private static final List<NodeType> TYPES =
      List.of(
          new NodeType("m5.2xlarge", AWS, 8, gib(32), 58, 0.384, AWS_PRICES),
          new NodeType("m5.4xlarge", AWS, 16, gib(64), 234, 0.768, AWS_PRICES),
          new NodeType("m5.12xlarge", AWS, 48, gib(192), 234, 2.304, AWS_PRICES),
          new NodeType("r5.2xlarge", AWS, 8, gib(64), 58, 0.504, AWS_PRICES),
          new NodeType("r5.4xlarge", AWS, 16, gib(128), 234, 1.008, AWS_PRICES),
          new NodeType("r5.12xlarge", AWS, 48, gib(384), 234, 3.024, AWS_PRICES),
          new NodeType("c5.2xlarge", AWS, 8, gib(16), 58, 0.34, AWS_PRICES),
          new NodeType("c5.4xlarge", AWS, 16, gib(32), 234, 0.68, AWS_PRICES),
          new NodeType("c5.12xlarge", AWS, 48, gib(96), 234, 2.04, AWS_PRICES),
          new NodeType("n2-standard-8", GCP, 8, gib(32), GKE_MAX_PODS, 0.388472, GCP_PRICES),
          new NodeType("n2-standard-16", GCP, 16, gib(64), GKE_MAX_PODS, 0.776944, GCP_PRICES),
          new NodeType("n2-highmem-8", GCP, 8, gib(64), GKE_MAX_PODS, 0.524144, GCP_PRICES),
          new NodeType("Standard_D8s_v5", AZURE, 8, gib(32), AKS_MAX_PODS, 0.384, AZURE_PRICES),
          new NodeType("Standard_D16s_v5", AZURE, 16, gib(64), AKS_MAX_PODS, 0.768, AZURE_PRICES),
          new NodeType("Standard_E8s_v5", AZURE, 8, gib(64), AKS_MAX_PODS, 0.504, AZURE_PRICES));

  /** What --cloud alone picks: a general-purpose 16 vCPU / 64 GiB type. */
  private static final Map<Cloud, String> DEFAULT_TYPE =
      Map.of(AWS, "m5.4xlarge", GCP, "n2-standard-16", AZURE, "Standard_D16s_v5");

  private static final Map<String, NodeType> BY_NAME =
      TYPES.stream()
          .collect(Collectors.toMap(t -> key(t.name()), Function.identity()));

  private NodeCatalog() {}

  public static List<NodeType> all() {
    return TYPES;
  }

  public static NodeType defaultFor(Cloud cloud) {
    return BY_NAME.get(key(DEFAULT_TYPE.get(cloud)));
  }

  public static Optional<NodeType> find(String name) {
    return Optional.ofNullable(BY_NAME.get(key(name)));
  }

  /** The type, or an error naming the closest known names. Azure names match with or without "Standard_". */
  public static NodeType require(String option, String name) {
    return find(name)
        .orElseThrow(
            () ->
                new InvalidInputException(
                    option + ": unknown node type '" + name + "'; nearest known: "
                        + String.join(", ", nearest(name, 3))
                        + " (or describe the node with --node-cores and --node-memory)"));
  }

  static List<String> nearest(String name, int count) {
    String wanted = key(name);
    return TYPES.stream()
        .sorted(Comparator.comparingInt((NodeType t) -> editDistance(wanted, key(t.name())))
            .thenComparing(NodeType::name))
        .limit(count)
        .map(NodeType::name)
        .toList();
  }

  private static String key(String name) {
    return name.strip().toLowerCase(Locale.ROOT).replaceFirst("^standard_", "");
  }

  private static long gib(long gib) {
    return gib * 1024;
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
