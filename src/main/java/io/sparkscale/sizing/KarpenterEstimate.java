package io.sparkscale.sizing;

/**
 * The allocatable CPU and memory Karpenter assumes for an instance type before it has seen a node of that
 * type: it packs pods into this estimate, so executors sized to the real node alone can come out one per node
 * short and Karpenter launches more nodes than the plan. Memory starts from the type's nominal size less
 * vmMemoryOverheadPercent (default 0.075, a fraction despite its name).
 *
 * <ul>
 *   <li>AWS (aws/karpenter-provider-aws pkg/providers/instancetype/types.go, memory() and
 *       kubeReservedResources()): capacity = MiB - 64 MiB on Graviton (CMA reserve), less
 *       ceil(capacity x overhead); allocatable = capacity - (11 MiB x maxPods + 255 MiB) - 100 MiB eviction;
 *       CPU as EKS. Until the instance-type cache holds a launched node's real capacity (pkg/providers/
 *       instancetype/instancetype.go, discoveredCapacityCache, lost when Karpenter restarts) this is used.
 *   <li>Azure (Azure/karpenter-provider-azure pkg/providers/instancetype/instancetype.go): capacity = GiB
 *       less ceil(bytes x overhead), always; kube-reserved memory by its tax brackets on GiB (25 % of the
 *       first 4, 20 % of the next 4, 10 % of the next 8, 6 % up to 128, 2 % above); eviction 750 MiB;
 *       CPU 6 % of the first core, 4 % of the second, 2 % of cores 3-4, 1 % above.
 * </ul>
 */
public final class KarpenterEstimate {

  /** Karpenter's default VM_MEMORY_OVERHEAD_PERCENT on AWS and Azure. */
  public static final double DEFAULT_VM_MEMORY_OVERHEAD = 0.075;
  static final long GRAVITON_CMA_MIB = 64;
  static final long AZURE_EVICTION_MIB = 750;

  private static final double[] AZURE_MEMORY_TIER_GIB = {4, 8, 16, 128, Double.MAX_VALUE};
  private static final double[] AZURE_MEMORY_RATE = {0.25, 0.20, 0.10, 0.06, 0.02};

  private KarpenterEstimate() {}

  /**
   * Karpenter's allocatable for a catalogue type, or null where Karpenter has no provider (GKE).
   *
   * @param arm64 arm64 nodes may be launched: Graviton's 64 MiB is taken off (the worst case when both may be)
   */
  public static Reserve allocatable(NodeType type, int maxPods, double vmMemoryOverhead, boolean arm64) {
    return switch (type.cloud()) {
      case AWS -> {
        long capacity = type.memoryMiB() - (arm64 ? GRAVITON_CMA_MIB : 0);
        capacity -= (long) Math.ceil(capacity * vmMemoryOverhead);
        long reserved = 11L * maxPods + 255 + Allocatable.EVICTION_MIB;
        yield new Reserve(type.vcpus() * 1000L - Allocatable.tieredCpuMillis(type.vcpus()), capacity - reserved);
      }
      case AZURE -> {
        double gib = type.memoryMiB() / 1024.0;
        long bytes = type.memoryMiB() << 20;
        long capacityMiB = (bytes - (long) Math.ceil(bytes * vmMemoryOverhead)) >> 20;
        long reserved = (long) (1024 * azureMemoryTaxGiB(gib)) + AZURE_EVICTION_MIB;
        yield new Reserve(type.vcpus() * 1000L - azureCpuTaxMillis(type.vcpus()), capacityMiB - reserved);
      }
      case GCP -> null;
    };
  }

  static long azureCpuTaxMillis(int vcpus) {
    double[] upper = {1, 2, 4, Double.MAX_VALUE};
    double[] rate = {0.06, 0.04, 0.02, 0.01};
    double tax = 0;
    double lower = 0;
    for (int i = 0; i < upper.length && vcpus > lower; i++) {
      tax += (Math.min(vcpus, upper[i]) - lower) * rate[i];
      lower = upper[i];
    }
    return Math.round(1000 * tax);
  }

  static double azureMemoryTaxGiB(double gib) {
    double tax = 0;
    double lower = 0;
    for (int i = 0; i < AZURE_MEMORY_TIER_GIB.length && gib > lower; i++) {
      double upper = Math.min(gib, AZURE_MEMORY_TIER_GIB[i]);
      tax += (upper - lower) * AZURE_MEMORY_RATE[i];
      lower = AZURE_MEMORY_TIER_GIB[i];
    }
    return tax;
  }
}
