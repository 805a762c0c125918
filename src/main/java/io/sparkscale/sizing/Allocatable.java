package io.sparkscale.sizing;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What each provider's kubelet keeps back (kube-reserved plus the hard eviction threshold), computed from
 * a node type's nominal vCPU and memory as the provider documents it. Sources: awslabs/amazon-eks-ami
 * nodeadm (AL2023), GKE "Node allocatable resources", AKS "Resource reservations" (1.29+).
 *
 * <p>The reserve is taken from the kubelet's memory capacity, which is less than the type's nominal size
 * (the hypervisor, firmware and kernel keep some): {@link #capacityMemoryMiB}.
 */
public final class Allocatable {

  static final long EVICTION_MIB = 100;
  /**
   * Share of nominal memory the kubelet is assumed not to report when no measurement exists. The largest
   * share Karpenter measured among the catalogue's measured AWS types is 5.3 % (c5.2xlarge: 869 of 16384
   * MiB); 5.5 % stays above it. The kernel's own bookkeeping (64 bytes of page struct per 4 KiB page, 1.6 %)
   * and crash-kernel reservations do not depend on the cloud.
   */
  public static final double ASSUMED_VM_OVERHEAD_SHARE = 0.055;
  /** kube-reserved ephemeral storage on EKS (nodeadm) and in Karpenter's estimate. */
  static final long KUBE_RESERVED_DISK_BYTES = 1L << 30;
  /** The kubelet's default hard eviction threshold nodefs.available: 10 % of the disk. */
  static final double NODEFS_EVICTION_SHARE = 0.10;
  /**
   * Disk already in use on the kubelet's disk before an executor writes: the OS where it shares the root
   * volume, and the container images (a Spark image is 1 to 2 GB unpacked, held a second time compressed by
   * containerd, beside the DaemonSets' images). Allocatable does not count it, the eviction threshold does.
   * 8 GiB is sparkscale's assumption, not a published figure.
   */
  static final long DISK_IN_USE_BYTES = 8L << 30;

  private static final NavigableMap<Integer, Long> AKS_CPU_MILLIS = new TreeMap<>();

  static {
    AKS_CPU_MILLIS.put(1, 60L);
    AKS_CPU_MILLIS.put(2, 100L);
    AKS_CPU_MILLIS.put(4, 140L);
    AKS_CPU_MILLIS.put(8, 180L);
    AKS_CPU_MILLIS.put(16, 260L);
    AKS_CPU_MILLIS.put(32, 420L);
    AKS_CPU_MILLIS.put(64, 740L);
  }

  private Allocatable() {}

  /** The provider's system reserve for a node of this size and pod limit. */
  public static Reserve systemReserve(Cloud cloud, int vcpus, long memoryMiB, int maxPods) {
    return switch (cloud) {
      case AWS -> new Reserve(tieredCpuMillis(vcpus), 11L * maxPods + 255 + EVICTION_MIB);
      case GCP -> new Reserve(tieredCpuMillis(vcpus), gkeMemoryMiB(memoryMiB) + EVICTION_MIB);
      case AZURE -> new Reserve(aksCpuMillis(vcpus), aksMemoryMiB(memoryMiB, maxPods) + EVICTION_MIB);
    };
  }

  /** The memory the kubelet reports as capacity: nominal less the measured (or assumed) VM overhead. */
  public static long capacityMemoryMiB(NodeType type) {
    long overhead = type.measuredVmOverheadMiB() != null
        ? type.measuredVmOverheadMiB()
        : (long) Math.ceil(type.memoryMiB() * ASSUMED_VM_OVERHEAD_SHARE);
    return type.memoryMiB() - overhead;
  }

  /** Ephemeral storage pods may request on a disk of this size: less 1 GiB kube-reserved and 10 % eviction. */
  public static long allocatableDiskBytes(long diskBytes) {
    return Math.max(0, diskBytes - KUBE_RESERVED_DISK_BYTES - (long) Math.ceil(diskBytes * NODEFS_EVICTION_SHARE));
  }

  /**
   * What executors can fill on a disk of this size before the kubelet evicts: allocatable less the OS and
   * images already on it, since eviction looks at the space really free and the scheduler only at requests.
   */
  public static long executorDiskBytes(long diskBytes) {
    return Math.max(0, allocatableDiskBytes(diskBytes) - DISK_IN_USE_BYTES);
  }

  /** EKS and GKE: 6 % of the first core, 1 % of the second, 0.5 % of cores 3-4, 0.25 % above. */
  static long tieredCpuMillis(int vcpus) {
    double millis = 0;
    for (int core = 1; core <= vcpus; core++) {
      millis += core == 1 ? 60 : core == 2 ? 10 : core <= 4 ? 5 : 2.5;
    }
    return (long) Math.ceil(millis);
  }

  /** GKE: 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8, 6 % of the next 112, 2 % above. */
  static long gkeMemoryMiB(long memoryMiB) {
    long[] tierSizesMiB = {4096, 4096, 8192, 112 * 1024L, Long.MAX_VALUE};
    double[] shares = {0.25, 0.20, 0.10, 0.06, 0.02};
    double reserved = 0;
    long left = memoryMiB;
    for (int i = 0; i < shares.length && left > 0; i++) {
      long inTier = Math.min(left, tierSizesMiB[i]);
      reserved += inTier * shares[i];
      left -= inTier;
    }
    return (long) Math.ceil(reserved);
  }

  /** AKS 1.29+: min(20 MiB x maxPods + 50 MiB, 25 % of memory). */
  static long aksMemoryMiB(long memoryMiB, int maxPods) {
    return Math.min(20L * maxPods + 50, memoryMiB / 4);
  }

  /** AKS publishes a table by core count; between rows the smaller row applies. */
  static long aksCpuMillis(int vcpus) {
    var row = AKS_CPU_MILLIS.floorEntry(Math.max(1, vcpus));
    return row.getValue();
  }
}
