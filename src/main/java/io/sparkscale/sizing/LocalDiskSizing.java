package io.sparkscale.sizing;

import io.sparkscale.units.Nouns;
import io.sparkscale.units.Sizes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Local disk for shuffle files and spills, requested as the executor pod's ephemeral-storage. Spark on
 * Kubernetes keeps both in SPARK_LOCAL_DIRS, an emptyDir volume per local dir on the kubelet's disk
 * (LocalDirsFeatureStep), and with shuffle tracking an executor keeps the map output it wrote until the
 * shuffle is no longer needed. Without a request the scheduler places executors on nodes whose disk cannot
 * hold them, and the kubelet evicts whichever pod exceeds its request first when the disk fills.
 */
final class LocalDiskSizing {

  /** Map output is not spread evenly: the busiest executors hold a quarter more than the mean. */
  static final double IMBALANCE = 1.25;
  /**
   * Room for a running task's sort spills, per core, in shuffle partitions: a task that cannot sort its
   * partition in memory writes it out in sorted runs and merges them, so it holds up to about twice its
   * partition on disk while it runs.
   */
  static final double SPILL_PARTITIONS_PER_CORE = 2;
  private static final long GIB = 1024;

  private LocalDiskSizing() {}

  static SizingPlan.LocalDisk of(SizingRequest request, Packing packing, int maxExecutors, long shufflePartitions,
      List<String> notes, List<String> warnings) {
    long shuffleBytes = (long) Math.ceil(request.dataBytes() * request.shuffleRatio());
    double shareMiB = shuffleBytes * IMBALANCE / maxExecutors / (1 << 20);
    double partitionMiB = (double) shuffleBytes / shufflePartitions / (1 << 20);
    double spillMiB = packing.cores() * SPILL_PARTITIONS_PER_CORE * partitionMiB;
    long need = roundUpToGiB((long) Math.ceil(shareMiB + spillMiB));
    String why = String.format(Locale.ROOT, "Local disk per executor: %s of shuffle over %s x %.2f"
        + " + %s x %.0f shuffle partitions of %s spilling = %d GiB needed",
        Sizes.humanBytes(shuffleBytes), Nouns.count(maxExecutors, "executor"), IMBALANCE,
        Nouns.count(packing.cores(), "core"), SPILL_PARTITIONS_PER_CORE,
        Sizes.humanBytes(shuffleBytes / shufflePartitions), need / GIB);
    NodeSpec node = request.node();
    if (node == null || node.allocatableDiskBytes() == null) {
      notes.add(why + (node == null ? "." : "; the node's disk is unknown: give --node-disk to check it fits."));
      return new SizingPlan.LocalDisk(shuffleBytes, need, need, null, null, null);
    }
    int perNode = packing.executorsPerNode();
    long usableMiB = Allocatable.executorDiskBytes(node.diskBytes()) >> 20;
    long fit = usableMiB / perNode / GIB * GIB;
    long granted = Math.min(need, fit);
    notes.add(String.format(Locale.ROOT, "%s; %s per node need %d GiB, the node's disk leaves executors %d GiB"
        + " (%d GiB allocatable less %d GiB of OS and images; %s): %d GiB requested each (ephemeral-storage).",
        why, Nouns.count(perNode, "executor"), need * perNode / GIB, usableMiB / GIB,
        node.allocatableDiskBytes() >> 30, Allocatable.DISK_IN_USE_BYTES >> 30, node.diskSource(), granted / GIB));
    if (need > fit) {
      warnings.add(shortDisk(node, perNode, need, granted));
    }
    return new SizingPlan.LocalDisk(shuffleBytes, need, granted, node.diskBytes(), node.allocatableDiskBytes(),
        node.diskSource());
  }

  private static String shortDisk(NodeSpec node, int perNode, long need, long granted) {
    long nodeNeedGiB = need * perNode / GIB;
    // executors' share = disk - 1 GiB - 10 % - OS and images: the disk that leaves them nodeNeedGiB
    long diskGiB = (long) Math.ceil((nodeNeedGiB + 1 + (Allocatable.DISK_IN_USE_BYTES >> 30))
        / (1 - Allocatable.NODEFS_EVICTION_SHARE));
    StringBuilder warning = new StringBuilder(String.format(Locale.ROOT, "Executors need %d GiB of local disk each"
        + " for shuffle and spills (%d GiB per %s node), but its disk (%s, %d GiB for executors) holds %d GiB"
        + " each: executors request that and may be evicted when the disk fills. ", need / GIB, nodeNeedGiB,
        node.type(), node.diskSource(), Allocatable.executorDiskBytes(node.diskBytes()) >> 30, granted / GIB));
    Optional<NodeType> nvme = NodeCatalog.find(node.type()).flatMap(NodeCatalog::withLocalNvme)
        .filter(t -> Allocatable.executorDiskBytes(t.localNvmeGB() * 1_000_000_000L) >> 30 >= nodeNeedGiB);
    nvme.ifPresent(t -> warning.append(String.format(Locale.ROOT, "Use %s (%d GB instance-store NVMe, %.4f USD/h,"
        + " %+.0f%%) with its instance store as the kubelet's disk (Karpenter: EC2NodeClass instanceStorePolicy"
        + " RAID0), or ", t.name(), t.localNvmeGB(), t.onDemandPerHour(),
        (t.onDemandPerHour() / node.onDemandPerHour() - 1) * 100)));
    warning.append(nvme.isPresent() ? "give" : "Give").append(" nodes a root volume of at least ")
        .append(diskGiB).append(" GiB and pass --node-disk ").append(diskGiB).append("GiB.");
    return warning.toString();
  }

  private static long roundUpToGiB(long mib) {
    return Math.max(GIB, (mib + GIB - 1) / GIB * GIB);
  }
}
