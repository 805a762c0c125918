package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.catalogue;
import static io.sparkscale.sizing.SizerTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shuffle storage per executor is sized, requested, and checked against the node's disk. */
class LocalDiskSizingTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long GIB = 1024;
  private final Sizer sizer = new Sizer();

  @Test
  void shuffleIsSpreadOverTheExecutorsWithSpillRoom() {
    SizingPlan plan = sizer.plan(request(TB).build());
    // 10^12 x 1.25 / 466 = 2558 MiB + 4 cores x 2 x 200 MB partitions (1526 MiB) = 4084 MiB -> 4 GiB
    assertThat(plan.localDisk().shuffleBytes()).isEqualTo(TB);
    assertThat(plan.localDisk().executorNeedMiB()).isEqualTo(4 * GIB);
    assertThat(plan.localDisk().executorRequestMiB()).isEqualTo(4 * GIB);
    assertThat(plan.localDisk().nodeDiskBytes()).isNull();
  }

  @Test
  void hundredTerabytesOnARootVolumeAreWarnedWithTheNvmeSibling() {
    SizingPlan plan = sizer.plan(request(100 * TB).node(catalogue("r5.4xlarge")).build());
    long need = plan.localDisk().executorNeedMiB();
    assertThat(need).isGreaterThan(20 * GIB); // 10^14 x 1.25 / 5000 executors = 25 GB each, before spills
    // 20 GiB root volume: 20 - 1 - 2 = 17 GiB allocatable, 9 GiB after the OS and images, 2 GiB for each of 4
    assertThat(plan.localDisk().nodeAllocatableDiskBytes() >> 30).isEqualTo(17);
    assertThat(plan.localDisk().executorRequestMiB()).isEqualTo(2 * GIB);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("local disk")
        .contains("r5d.4xlarge (600 GB instance-store NVMe").contains("instanceStorePolicy RAID0")
        .contains("--node-disk"));
  }

  /**
   * The kubelet evicts when the disk's real free space falls under 10 %, and the OS and images already use
   * some: 4 executors of 4 GiB fit 17 GiB of allocatable requests but not the 9 GiB the root volume has left.
   */
  @Test
  void theOsAndImagesOnTheRootVolumeAreNotGivenToExecutors() {
    SizingPlan plan = sizer.plan(request(TB).node(catalogue("r5.4xlarge")).build());
    assertThat(plan.localDisk().executorNeedMiB()).isEqualTo(4 * GIB);
    assertThat(plan.localDisk().executorRequestMiB() * plan.node().executorsPerNode())
        .isLessThanOrEqualTo(((20L << 30) - (1L << 30) - (2L << 30) - (8L << 30)) >> 20);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("local disk")
        .contains("9 GiB for executors").contains("r5d.4xlarge").contains("--node-disk 28GiB"));
  }

  @Test
  void instanceStoreHoldsIt() {
    SizingPlan plan = sizer.plan(request(100 * TB).node(catalogue("r5d.4xlarge")).build());
    assertThat(plan.localDisk().nodeDiskBytes()).isEqualTo(600_000_000_000L);
    assertThat(plan.localDisk().executorRequestMiB()).isEqualTo(plan.localDisk().executorNeedMiB());
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("local disk"));
  }

  @Test
  void aGivenDiskIsUsed() {
    NodeType type = NodeCatalog.find("r5.4xlarge").orElseThrow();
    NodeSpec node = NodeSpec.of(type, new NodeSpec.Options(null, NodeSpec.DEFAULT_DAEMONSET_RESERVE, null, false,
        500L << 30));
    SizingPlan plan = sizer.plan(request(100 * TB).node(node).build());
    assertThat(plan.localDisk().nodeDiskSource()).isEqualTo("--node-disk");
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("local disk"));
  }
}
