package io.sparkscale.render;

import io.sparkscale.render.KarpenterNodePool.Limits;
import io.sparkscale.render.KarpenterNodePool.Requirement;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a sizing plan asks of Karpenter's NodePools: instance requirements that keep the plan's executor
 * packing (same memory per vCPU, at least the plan's size), and limits that hold the plan's largest
 * executor count.
 *
 * <p>On AWS the requirements use the provider's instance labels (aws/karpenter-provider-aws,
 * pkg/apis/v1/labels.go: karpenter.k8s.aws/instance-category, instance-generation, instance-cpu), so spot
 * can choose among several families and sizes of the same shape. On Azure the same with the provider's SKU
 * labels (Azure/karpenter-provider-azure v1.7, pkg/apis/v1beta1/labels.go and
 * pkg/providers/instancetype/instancetype.go: sku-family "D", sku-version "5" for v5, sku-cpu, sku-memory in
 * MiB, sku-storage-premium-capable), memory pinned to the plan's per vCPU so every size packs executors the
 * same way. Elsewhere the well-known node.kubernetes.io/instance-type label pins the plan's type.
 */
public final class KarpenterPlanShape {

  /** Limits above the plan: replacement nodes run beside the ones they replace (drift, consolidation). */
  static final double HEADROOM = 1.2;
  static final String AWS_GROUP = "karpenter.k8s.aws";
  static final String AZURE_GROUP = "karpenter.azure.com";
  /**
   * Azure VM sizes of one family letter with no subfamily: Standard_D16s_v5 is family D, 16 vCPUs, additive
   * features "s" (premium storage), version 5. Others (Standard_NC24ads_A100_v4, constrained Standard_E16-8s_v5)
   * keep the pinned type.
   */
  private static final Pattern AZURE_SIZE = Pattern.compile("Standard_([A-Z])(\\d+)([a-z]*)_v(\\d+)");
  private static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  /** EC2 names: category letters, generation digits, options, then the size: r5.4xlarge, m7gd.2xlarge. */
  private static final Pattern EC2_TYPE = Pattern.compile("([a-z]+)(\\d+)([a-z0-9-]*)\\.([a-z0-9-]+)");

  private KarpenterPlanShape() {}

  public static SizingPlan.Node node(SizingPlan plan) {
    if (plan.node() == null) {
      throw new InvalidInputException(
          "--cloud: required; give aws or azure (and --node-type for a type other than the default), so the"
              + " pools can be shaped like the plan's nodes");
    }
    return plan.node();
  }

  /**
   * Spot executors: the plan's category from generation on, the plan's size or twice it (both keep the
   * packing, and more pools make spot interruptions rarer).
   */
  public static List<Requirement> spotRequirements(SizingPlan plan, String nodeClassGroup) {
    SizingPlan.Node node = node(plan);
    List<Requirement> requirements =
        new ArrayList<>(requirements(node, nodeClassGroup, sizes(node.vcpus(), 2L * node.vcpus())));
    if (AWS_GROUP.equals(nodeClassGroup) && node.localNvmeGB() > 0) {
      // The plan counts on instance store for shuffle: only types with enough of it hold its executors' disk.
      requirements.add(new Requirement(AWS_GROUP + "/instance-local-nvme", "Gt",
          List.of(Long.toString(nodeDiskGB(plan) - 1))));
    }
    return List.copyOf(requirements);
  }

  /**
   * Local NVMe (GB) a node needs for its executors' ephemeral-storage requests: allocatable is the disk less
   * 1 GiB kube-reserved and 10 % eviction (aws/karpenter-provider-aws ephemeralStorage() with
   * instanceStorePolicy RAID0, evictionThreshold()).
   */
  static long nodeDiskGB(SizingPlan plan) {
    double requested = (double) plan.node().executorsPerNode() * plan.localDisk().executorRequestMiB() * (1 << 20);
    return (long) Math.ceil((requested + (1L << 30)) / 0.9 / 1e9);
  }

  /**
   * What the node class must do for the plan's disk, or null: instance store is only ephemeral storage when
   * the EC2NodeClass says instanceStorePolicy: RAID0 (otherwise the kubelet stays on the root volume, and
   * Karpenter counts that volume as the node's ephemeral storage).
   */
  public static String nodeClassAdvice(SizingPlan plan, String nodeClassGroup, String nodeClassName) {
    SizingPlan.Node node = node(plan);
    if (!AWS_GROUP.equals(nodeClassGroup) || plan.localDisk() == null) {
      return null;
    }
    if (node.localNvmeGB() > 0) {
      return "executors request " + plan.localDisk().executorRequestMiB() / 1024 + "Gi of ephemeral storage each on"
          + " instance-store NVMe: set instanceStorePolicy: RAID0 on EC2NodeClass " + nodeClassName
          + ", or the kubelet and Spark's local dirs stay on the root volume";
    }
    // On the root volume: the plan already warns when its disk (Karpenter's 20Gi by default) is too small.
    return null;
  }

  /**
   * On-demand: drivers alone get a small node (twice the driver's cores, at least 4 vCPUs); fallback
   * executors (prefer) the plan's sizes.
   */
  public static List<Requirement> onDemandRequirements(SizingPlan plan, String nodeClassGroup, SpotMode mode) {
    SizingPlan.Node node = node(plan);
    long driverNode = driverNodeVcpus(plan);
    TreeSet<Long> sizes = mode == SpotMode.PREFER
        ? sizes(driverNode, node.vcpus(), 2L * node.vcpus())
        : sizes(driverNode, 2 * driverNode);
    return requirements(node, nodeClassGroup, sizes);
  }

  private static List<Requirement> requirements(SizingPlan.Node node, String group, TreeSet<Long> vcpus) {
    Matcher ec2 = EC2_TYPE.matcher(node.type());
    if (AWS_GROUP.equals(group) && ec2.matches()) {
      int generation = Integer.parseInt(ec2.group(2));
      return List.of(
          Requirement.in(AWS_GROUP + "/instance-category", ec2.group(1)),
          new Requirement(AWS_GROUP + "/instance-generation", "Gt", List.of(Integer.toString(generation - 1))),
          Requirement.in(AWS_GROUP + "/instance-cpu", vcpus.stream().map(String::valueOf).toList()));
    }
    Matcher azure = AZURE_SIZE.matcher(node.type());
    if (AZURE_GROUP.equals(group) && azure.matches()) {
      return azureRequirements(node, azure, vcpus);
    }
    if ("custom".equals(node.type())) {
      throw new InvalidInputException(
          "--node-type: required for render karpenter; a custom node (--node-cores/--node-memory) names no"
              + " instance type to ask Karpenter for");
    }
    return List.of(Requirement.in(INSTANCE_TYPE, node.type()));
  }

  /**
   * The plan's family from its version on, at the given vCPU counts and the plan's memory per vCPU (which
   * leaves out the low-memory "l" and other ratios), premium storage where the plan's type has it.
   */
  private static List<Requirement> azureRequirements(SizingPlan.Node node, Matcher size, TreeSet<Long> vcpus) {
    List<Requirement> requirements = new ArrayList<>();
    requirements.add(Requirement.in(AZURE_GROUP + "/sku-family", size.group(1)));
    int version = Integer.parseInt(size.group(4));
    requirements.add(new Requirement(AZURE_GROUP + "/sku-version", "Gt", List.of(Integer.toString(version - 1))));
    requirements.add(Requirement.in(AZURE_GROUP + "/sku-cpu", vcpus.stream().map(String::valueOf).toList()));
    if (node.memoryMiB() % node.vcpus() == 0) {
      long perVcpu = node.memoryMiB() / node.vcpus();
      requirements.add(Requirement.in(AZURE_GROUP + "/sku-memory",
          vcpus.stream().map(v -> String.valueOf(v * perVcpu)).toList()));
    }
    if (size.group(3).contains("s")) {
      requirements.add(Requirement.in(AZURE_GROUP + "/sku-storage-premium-capable", "true"));
    }
    return List.copyOf(requirements);
  }

  private static TreeSet<Long> sizes(long... vcpus) {
    TreeSet<Long> sizes = new TreeSet<>();
    for (long v : vcpus) {
      sizes.add(v);
    }
    return sizes;
  }

  /** The smallest power of two that holds two driver pods' cores, and no less than 4 vCPUs. */
  static long driverNodeVcpus(SizingPlan plan) {
    long v = 4;
    while (v < 2L * plan.driver().cores()) {
      v *= 2;
    }
    return v;
  }

  /** The plan's nodes at its largest executor count, with {@link #HEADROOM}. */
  public static Limits executorLimits(SizingPlan plan) {
    SizingPlan.Node node = node(plan);
    long nodes = plan.cluster().nodes() == null ? 1 : Math.max(1, plan.cluster().nodes());
    long cpuMillis = (long) Math.ceil(nodes * node.vcpus() * HEADROOM) * 1000;
    long memoryGiB = (long) Math.ceil(nodes * node.memoryMiB() * HEADROOM / 1024.0);
    return new Limits(cpuMillis, memoryGiB * 1024);
  }

  /**
   * Room for this many driver nodes at once, at the plan's memory per vCPU; with prefer, also the whole
   * executor fleet, which may fall back to on-demand when a region runs out of spot.
   */
  public static Limits onDemandLimits(SizingPlan plan, SpotMode mode, int concurrentDrivers) {
    SizingPlan.Node node = node(plan);
    long driverVcpus = driverNodeVcpus(plan) * concurrentDrivers;
    long memoryGiB = (long) Math.ceil((double) driverVcpus * node.memoryMiB() / node.vcpus() / 1024.0);
    Limits drivers = new Limits(driverVcpus * 1000, memoryGiB * 1024);
    return mode == SpotMode.PREFER ? executorLimits(plan).plus(drivers) : drivers;
  }
}
