package io.sparkscale.sizing;

import static io.sparkscale.sizing.Cloud.AWS;
import static io.sparkscale.sizing.Cloud.AZURE;
import static io.sparkscale.sizing.Cloud.GCP;

import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
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
      "AWS EC2 on-demand, us-east-1, Linux: aws/karpenter-provider-aws pkg/providers/pricing/"
          + "zz_generated.pricing_aws.go (generated 2026-07-20 from the AWS Price List API), read 2026-12-05";
  private static final String GCP_PRICES =
      "GCP Compute Engine on-demand, us-central1 (cloud.google.com/compute/vm-instance-pricing), read 2026-11-27";
  private static final String GCP_CA_PRICES =
      "GCP Compute Engine on-demand, us-central1: kubernetes/autoscaler cluster-autoscaler/cloudprovider/gce/"
          + "gce_price_info.go (commit e72c7c68, 2026-06-22), read 2026-12-05";
  private static final String GCP_T2A_PRICES =
      "GCP Compute Engine on-demand, us-central1, Tau T2A at 0.0385 USD per vCPU-hour with 4 GB (GCP's list"
          + " price as quoted by a public price table; Cluster Autoscaler's table has no T2A), read 2026-12-05";
  private static final String AZURE_PRICES =
      "Azure VMs pay-as-you-go, East US, Linux (azure.microsoft.com/pricing/details/virtual-machines/linux),"
          + " read 2026-11-27";

  // GKE Standard defaults to 110 pods per node; AKS with Azure CNI Overlay (the default network plugin) to 250.
  private static final int GKE_MAX_PODS = 110;
  private static final int AKS_MAX_PODS = 250;

  /**
   * EC2 sizes: vCPUs and the ENI limits of the default network card (awslabs/amazon-eks-ami
   * nodeadm/internal/kubelet/instance-info.jsonl: 4 ENIs of 15 addresses at 2xlarge, 8 of 30 at 4xlarge and
   * 12xlarge, the same across these families).
   */
  private enum Ec2Size {
    X2("2xlarge", 8, 4, 15),
    X4("4xlarge", 16, 8, 30),
    X12("12xlarge", 48, 8, 30);

    final String suffix;
    final int vcpus;
    final int enis;
    final int ipv4PerEni;

    Ec2Size(String suffix, int vcpus, int enis, int ipv4PerEni) {
      this.suffix = suffix;
      this.vcpus = vcpus;
      this.enis = enis;
      this.ipv4PerEni = ipv4PerEni;
    }

    /** EKS max pods: ENIs x (IPv4 addresses per ENI - 1) + 2 (nodeadm CalcMaxPods). */
    int maxPods() {
      return enis * (ipv4PerEni - 1) + 2;
    }
  }

  /**
   * One EC2 family at the three sizes: GiB per vCPU, then per size (2xlarge, 4xlarge, 12xlarge) the measured
   * VM overhead in MiB (null when not measured), the instance-store NVMe in GB and the price.
   *
   * <p>VM overhead: nominal memory minus the kubelet's memory capacity, as Karpenter measured it on
   * Bottlerocket, the AMI family with the largest overhead (aws/karpenter-provider-aws
   * pkg/providers/instancetype/zz_generated.memory_overhead.go at commit 33450d8f, 2023).
   */
  private static List<NodeType> ec2(String family, Arch arch, int gibPerVcpu, Long[] overheadMiB, int[] nvmeGB,
      double[] prices) {
    List<NodeType> types = new ArrayList<>();
    Ec2Size[] sizes = Ec2Size.values();
    for (int i = 0; i < sizes.length; i++) {
      Ec2Size size = sizes[i];
      types.add(new NodeType(family + "." + size.suffix, AWS, arch, size.vcpus, gib((long) size.vcpus * gibPerVcpu),
          size.maxPods(), overheadMiB[i], nvmeGB[i], prices[i], AWS_PRICES));
    }
    return types;
  }

  private static Long[] mib(Long... values) {
    return values;
  }

  private static final int[] NO_NVME = {0, 0, 0};
  private static final int[] NVME_5D = {300, 600, 1800};
  private static final int[] NVME_C5D = {200, 400, 1800};
  private static final int[] NVME_6D = {474, 950, 2850};

  private static final List<NodeType> TYPES = catalogue();

  private static List<NodeType> catalogue() {
    List<NodeType> all = new ArrayList<>();
    Arch x86 = Arch.AMD64;
    Arch arm = Arch.ARM64;
    all.addAll(ec2("m5", x86, 4, mib(1149L, 2718L, 7556L), NO_NVME, new double[] {0.384, 0.768, 2.304}));
    all.addAll(ec2("r5", x86, 8, mib(2045L, 3742L, 10628L), NO_NVME, new double[] {0.504, 1.008, 3.024}));
    all.addAll(ec2("c5", x86, 2, mib(869L, 1710L, 3908L), NO_NVME, new double[] {0.34, 0.68, 2.04}));
    all.addAll(ec2("m5d", x86, 4, mib(1149L, 2046L, 7556L), NVME_5D, new double[] {0.452, 0.904, 2.712}));
    all.addAll(ec2("r5d", x86, 8, mib(2045L, 3742L, 10628L), NVME_5D, new double[] {0.576, 1.152, 3.456}));
    all.addAll(ec2("c5d", x86, 2, mib(869L, 1486L, 3908L), NVME_C5D, new double[] {0.384, 0.768, 2.304}));
    all.addAll(ec2("m6i", x86, 4, mib(1205L, 2270L, 6438L), NO_NVME, new double[] {0.384, 0.768, 2.304}));
    all.addAll(ec2("r6i", x86, 8, mib(2269L, 4302L, 12534L), NO_NVME, new double[] {0.504, 1.008, 3.024}));
    all.addAll(ec2("c6i", x86, 2, mib(673L, 1206L, 3294L), NO_NVME, new double[] {0.34, 0.68, 2.04}));
    all.addAll(ec2("m6id", x86, 4, mib(1205L, 2270L, 6438L), NVME_6D, new double[] {0.4746, 0.9492, 2.8476}));
    all.addAll(ec2("r6id", x86, 8, mib(2269L, 4302L, 12534L), NVME_6D, new double[] {0.6048, 1.2096, 3.6288}));
    all.addAll(ec2("c6id", x86, 2, mib(673L, 1206L, 3294L), NVME_6D, new double[] {0.4032, 0.8064, 2.4192}));
    all.addAll(ec2("m7i", x86, 4, mib(1221L, 2286L, 6454L), NO_NVME, new double[] {0.4032, 0.8064, 2.4192}));
    all.addAll(ec2("r7i", x86, 8, mib(null, null, null), NO_NVME, new double[] {0.5292, 1.0584, 3.1752}));
    all.addAll(ec2("c7i", x86, 2, mib(null, null, null), NO_NVME, new double[] {0.357, 0.714, 2.142}));
    all.addAll(ec2("m7g", arm, 4, mib(1266L, 2394L, 6810L), NO_NVME, new double[] {0.3264, 0.6528, 1.9584}));
    all.addAll(ec2("r7g", arm, 8, mib(2393L, 4552L, 13285L), NO_NVME, new double[] {0.4284, 0.8568, 2.5704}));
    all.addAll(ec2("c7g", arm, 2, mib(702L, 1267L, 3477L), NO_NVME, new double[] {0.29, 0.58, 1.74}));
    all.addAll(ec2("m7gd", arm, 4, mib(1266L, 2394L, 6810L), NVME_6D, new double[] {0.4271, 0.8543, 2.5628}));
    all.addAll(ec2("r7gd", arm, 8, mib(2393L, 4552L, null), NVME_6D, new double[] {0.5443, 1.0886, 3.2659}));
    all.addAll(ec2("c7gd", arm, 2, mib(702L, 1267L, 3477L), NVME_6D, new double[] {0.3629, 0.7258, 2.1773}));
    all.add(gcp("n2-standard-8", Arch.AMD64, 8, 32, 0.388472, GCP_PRICES));
    all.add(gcp("n2-standard-16", Arch.AMD64, 16, 64, 0.776944, GCP_PRICES));
    all.add(gcp("n2-highmem-8", Arch.AMD64, 8, 64, 0.524144, GCP_PRICES));
    all.add(gcp("n2d-standard-8", Arch.AMD64, 8, 32, 0.3380, GCP_CA_PRICES));
    all.add(gcp("n2d-standard-16", Arch.AMD64, 16, 64, 0.6759, GCP_CA_PRICES));
    all.add(gcp("n2d-highmem-8", Arch.AMD64, 8, 64, 0.4559, GCP_CA_PRICES));
    all.add(gcp("c3-standard-8", Arch.AMD64, 8, 32, 0.41776, GCP_CA_PRICES));
    all.add(gcp("c3-standard-22", Arch.AMD64, 22, 88, 1.14884, GCP_CA_PRICES));
    all.add(gcp("c3-highmem-8", Arch.AMD64, 8, 64, 0.56368, GCP_CA_PRICES));
    all.add(gcp("t2a-standard-8", Arch.ARM64, 8, 32, 0.308, GCP_T2A_PRICES));
    all.add(gcp("t2a-standard-16", Arch.ARM64, 16, 64, 0.616, GCP_T2A_PRICES));
    all.add(azure("Standard_D8s_v5", 8, 32, 0.384));
    all.add(azure("Standard_D16s_v5", 16, 64, 0.768));
    all.add(azure("Standard_E8s_v5", 8, 64, 0.504));
    return List.copyOf(all);
  }

  private static NodeType gcp(String name, Arch arch, int vcpus, long memoryGiB, double price, String source) {
    return new NodeType(name, GCP, arch, vcpus, gib(memoryGiB), GKE_MAX_PODS, null, 0, price, source);
  }

  private static NodeType azure(String name, int vcpus, long memoryGiB, double price) {
    return new NodeType(name, AZURE, Arch.AMD64, vcpus, gib(memoryGiB), AKS_MAX_PODS, null, 0, price, AZURE_PRICES);
  }

  /** What --cloud alone picks: a general-purpose 16 vCPU / 64 GiB type of the architecture. */
  private static final Map<Cloud, Map<Arch, String>> DEFAULT_TYPE =
      Map.of(
          AWS, Map.of(Arch.AMD64, "m5.4xlarge", Arch.ARM64, "m7g.4xlarge"),
          GCP, Map.of(Arch.AMD64, "n2-standard-16", Arch.ARM64, "t2a-standard-16"),
          AZURE, Map.of(Arch.AMD64, "Standard_D16s_v5"));

  private static final Map<String, NodeType> BY_NAME =
      TYPES.stream()
          .collect(Collectors.toMap(t -> key(t.name()), Function.identity()));

  private NodeCatalog() {}

  public static List<NodeType> all() {
    return TYPES;
  }

  public static NodeType defaultFor(Cloud cloud) {
    return defaultFor(cloud, Arch.AMD64);
  }

  /** The default type of that cloud and architecture, or an error when the catalogue has none. */
  public static NodeType defaultFor(Cloud cloud, Arch arch) {
    String name = DEFAULT_TYPE.get(cloud).get(arch);
    if (name == null) {
      throw new InvalidInputException("--arch: the catalogue has no " + arch.id() + " type for --cloud "
          + cloud.id() + "; describe the node with --node-cores and --node-memory");
    }
    return BY_NAME.get(key(name));
  }

  /** The type with instance-store NVMe that is otherwise this one (r5.4xlarge: r5d.4xlarge), if catalogued. */
  public static Optional<NodeType> withLocalNvme(NodeType type) {
    if (type.localNvmeGB() > 0 || type.cloud() != AWS) {
      return Optional.empty();
    }
    int dot = type.name().indexOf('.');
    String family = type.name().substring(0, dot);
    // r5 -> r5d, m6i -> m6id, m7g -> m7gd
    return find(family + "d" + type.name().substring(dot));
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
