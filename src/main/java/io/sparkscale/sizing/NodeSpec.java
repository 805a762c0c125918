package io.sparkscale.sizing;

import java.util.Map;

/**
 * The node executors are packed onto, resolved to numbers.
 *
 * @param type catalogue name, or "custom"
 * @param cloud null for a custom node
 * @param arch null for a custom node
 * @param capacityMemoryMiB what the kubelet reports as memory capacity (nominal less the VM overhead); the
 *     nominal memory for a custom node
 * @param systemReserve kube-reserved + eviction for a catalogue type; the whole reserve for a custom node
 * @param daemonSetReserve requests of the DaemonSets on every node (logging, CNI, ...); zero for a custom node
 * @param karpenterAllocatable what Karpenter assumes is allocatable before it has seen such a node ({@link
 *     KarpenterEstimate}); null when Karpenter does not provision the nodes
 * @param diskBytes the disk the kubelet's ephemeral storage (and so Spark's local dirs) lives on; null when
 *     unknown (a custom node without --node-disk)
 * @param diskSource where diskBytes comes from, in words
 * @param localNvmeGB instance-store NVMe of the type, 0 when none
 * @param onDemandPerHour null when unknown (custom node without --node-price)
 */
public record NodeSpec(
    String type,
    Cloud cloud,
    Arch arch,
    int vcpus,
    long memoryMiB,
    long capacityMemoryMiB,
    Reserve systemReserve,
    Reserve daemonSetReserve,
    Reserve karpenterAllocatable,
    Long diskBytes,
    String diskSource,
    int localNvmeGB,
    Double onDemandPerHour,
    String priceSource) {

  public static final Reserve DEFAULT_DAEMONSET_RESERVE = new Reserve(200, 512);

  /**
   * The root volume a node gets when nobody sizes it: Karpenter's default EBS volume for AL2023 (20 GiB,
   * aws/karpenter-provider-aws pkg/providers/amifamily/resolver.go DefaultEBS; EKS managed node groups also
   * default to 20 GiB), GKE's default boot disk (100 GB) and AKS's default OS disk (128 GiB).
   */
  static final Map<Cloud, Long> DEFAULT_ROOT_DISK_BYTES =
      Map.of(Cloud.AWS, 20L << 30, Cloud.GCP, 100_000_000_000L, Cloud.AZURE, 128L << 30);

  /**
   * What the node is made of and who provisions it, beyond its type.
   *
   * @param maxPods null: the provider's default
   * @param karpenterVmMemoryOverhead null: Karpenter does not provision the nodes; else its
   *     vmMemoryOverheadPercent
   * @param arm64Possible the pools may launch arm64 nodes (Karpenter then has 64 MiB less on Graviton)
   * @param diskBytes null: instance-store NVMe if the type has it, else the provider's default root volume
   */
  public record Options(
      Integer maxPods, Reserve daemonSets, Double karpenterVmMemoryOverhead, boolean arm64Possible, Long diskBytes) {

    public static final Options DEFAULTS = new Options(null, DEFAULT_DAEMONSET_RESERVE, null, false, null);
  }

  /** A catalogue type, with the provider's reserve for its pod limit. */
  public static NodeSpec of(NodeType type, Options options) {
    int pods = options.maxPods() == null ? type.defaultMaxPods() : options.maxPods();
    Reserve karpenter = options.karpenterVmMemoryOverhead() == null
        ? null
        : KarpenterEstimate.allocatable(type, pods, options.karpenterVmMemoryOverhead(),
            options.arm64Possible() || type.arch() == Arch.ARM64);
    Long disk;
    String diskSource;
    if (options.diskBytes() != null) {
      disk = options.diskBytes();
      diskSource = "--node-disk";
    } else if (type.localNvmeGB() > 0) {
      disk = type.localNvmeGB() * 1_000_000_000L;
      diskSource = "instance-store NVMe as one RAID0 volume, Karpenter's EC2NodeClass instanceStorePolicy RAID0";
    } else {
      disk = DEFAULT_ROOT_DISK_BYTES.get(type.cloud());
      diskSource = "the provider's default root volume, no instance store; --node-disk sets what you provision";
    }
    return new NodeSpec(
        type.name(),
        type.cloud(),
        type.arch(),
        type.vcpus(),
        type.memoryMiB(),
        Allocatable.capacityMemoryMiB(type),
        Allocatable.systemReserve(type.cloud(), type.vcpus(), type.memoryMiB(), pods),
        options.daemonSets(),
        karpenter,
        disk,
        diskSource,
        type.localNvmeGB(),
        type.onDemandPerHour(),
        type.priceSource());
  }

  /** Any other node: the given reserve is all that is kept back. */
  public static NodeSpec custom(int vcpus, long memoryMiB, Reserve reserve, Double pricePerHour, Long diskBytes) {
    return new NodeSpec(
        "custom", null, null, vcpus, memoryMiB, memoryMiB, reserve, Reserve.NONE, null, diskBytes,
        diskBytes == null ? null : "--node-disk", 0, pricePerHour, pricePerHour == null ? null : "--node-price");
  }

  /** The same node with more kept back on it per node (e.g. a worker daemon). */
  public NodeSpec withDaemonSets(Reserve daemonSets) {
    return new NodeSpec(type, cloud, arch, vcpus, memoryMiB, capacityMemoryMiB, systemReserve, daemonSets,
        karpenterAllocatable, diskBytes, diskSource, localNvmeGB, onDemandPerHour, priceSource);
  }

  /** The same node at another price. */
  public NodeSpec withPrice(double pricePerHour, String source) {
    return new NodeSpec(type, cloud, arch, vcpus, memoryMiB, capacityMemoryMiB, systemReserve, daemonSetReserve,
        karpenterAllocatable, diskBytes, diskSource, localNvmeGB, pricePerHour, source);
  }

  public long allocatableCpuMillis() {
    return vcpus * 1000L - systemReserve.cpuMillis();
  }

  public long allocatableMemoryMiB() {
    return capacityMemoryMiB - systemReserve.memoryMiB();
  }

  /** What executors can request on the real node: allocatable less the DaemonSets. */
  public Reserve forExecutors() {
    return new Reserve(
        allocatableCpuMillis() - daemonSetReserve.cpuMillis(),
        allocatableMemoryMiB() - daemonSetReserve.memoryMiB());
  }

  /** What Karpenter thinks executors can request, or null when it does not provision the nodes. */
  public Reserve karpenterForExecutors() {
    return karpenterAllocatable == null ? null : new Reserve(
        karpenterAllocatable.cpuMillis() - daemonSetReserve.cpuMillis(),
        karpenterAllocatable.memoryMiB() - daemonSetReserve.memoryMiB());
  }

  /**
   * What the packing may fill: the real node's share for executors less the headroom on memory, and no more
   * than Karpenter assumes. CPU has no headroom: vCPUs are exact and every reserve is computed as the
   * provider computes it.
   */
  public Reserve executorBudget(double headroom) {
    Reserve real = forExecutors();
    long memory = (long) Math.floor(real.memoryMiB() * (1 - headroom));
    long cpu = real.cpuMillis();
    Reserve karpenter = karpenterForExecutors();
    if (karpenter != null) {
      memory = Math.min(memory, karpenter.memoryMiB());
      cpu = Math.min(cpu, karpenter.cpuMillis());
    }
    return new Reserve(cpu, memory);
  }

  /** Ephemeral storage pods may request on this node, or null when the disk is unknown. */
  public Long allocatableDiskBytes() {
    return diskBytes == null ? null : Allocatable.allocatableDiskBytes(diskBytes);
  }
}
