package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.units.InvalidInputException;
import org.junit.jupiter.api.Test;

class SizerTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long GIB = 1024;

  private final Sizer sizer = new Sizer();

  /**
   * AWS EMR best practices: r5.12xlarge-sized node, 1 core and 1 GiB kept back, 5-core executors. The
   * published method (no headroom) fits 9 per node with a 39,615 MiB heap (AWS: 37 GB + 5 GB overhead); that
   * heap is past compressed oops, so the fitter caps it at 31 GiB and says what the rest would need.
   */
  @Test
  void awsEmrGuidance() {
    SizingPlan plan = sizer.plan(request(TB).cores(5).headroom(0)
        .node(NodeSpec.custom(48, 384 * GIB, new Reserve(1000, GIB), null, null)).build());
    assertThat(plan.node().executorsPerNode()).isEqualTo(9);
    assertThat(new ExecutorMemory(0.1, 384).largestHeapWithin((384 * GIB - GIB) / 9)).isEqualTo(39_615);
    assertThat(plan.executor().memoryMiB()).isEqualTo(31 * GIB);
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("capped at 31744 MiB").contains("39615 MiB"));
    assertThat(plan.executor().cpuRequestMillis()).isEqualTo(5000);
  }

  /** Cloudera (2015): 16 cores / 64 GB nodes, 1 core and 1 GB kept back, 5-core executors; no headroom. */
  @Test
  void clouderaGuidance() {
    SizingPlan plan = sizer.plan(request(TB).cores(5).headroom(0)
        .node(NodeSpec.custom(16, 64 * GIB, new Reserve(1000, GIB), null, null)).build());
    assertThat(plan.node().executorsPerNode()).isEqualTo(3);
    assertThat(plan.executor().memoryMiB()).isEqualTo(19_549).isBetween(19 * GIB, 20 * GIB);
    assertThat(plan.cost()).isNull();
    assertThat(plan.notes()).anyMatch(note -> note.contains("--node-price"));
  }

  @Test
  void reservedCpuDoesNotCostAWholeSlot() {
    SizingPlan plan = sizer.plan(request(TB).node(catalogue("m5.4xlarge")).build());
    // 16000m - 110m kube-reserved - 200m DaemonSets = 15690m: 3 whole 4-core slots, so request 3920m for 4.
    assertThat(plan.executor().cpuRequestMillis()).isEqualTo(3920);
    assertThat(plan.node().executorsPerNode()).isEqualTo(4);
    assertThat(plan.sparkConf()).containsEntry("spark.kubernetes.executor.request.cores", "3920m");
    assertThat(plan.notes()).anyMatch(note -> note.contains("3920m") && note.contains("4 fit instead of 3"));
    // memory: kubelet capacity 65536 - 2718 (measured) - (11 x 234 + 255 + 100) - 512 = 59377 MiB,
    // less 3 % headroom = 57595 MiB / 4 = 14398 MiB per pod
    assertThat(plan.executor().podMemoryMiB()).isLessThanOrEqualTo(14_398);
    assertThat(plan.executor().memoryMiB()).isEqualTo(13_089);
  }

  @Test
  void givenHeapPacksByCpuAndMemory() {
    SizingPlan plan = sizer.plan(request(TB).heap(48 * GIB).node(catalogue("r5.4xlarge")).build());
    // pod = 49152 + 4915 = 54067 MiB; (131072 - 2929 - 512) / 54067 = 2 by memory, 4 by CPU
    assertThat(plan.executor().podMemoryMiB()).isEqualTo(54_067);
    assertThat(plan.node().executorsPerNode()).isEqualTo(2);
  }

  @Test
  void oneTerabyteCounts() {
    SizingPlan plan = sizer.plan(request(TB).build());
    assertThat(plan.partitions().inputTasks()).isEqualTo(7451); // ceil(10^12 / 2^27)
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(466); // ceil(7451 / (4 waves x 4 cores))
    assertThat(plan.partitions().inputWaves()).isEqualTo(4);
    assertThat(plan.dynamicAllocation().minExecutors()).isZero();
    assertThat(plan.dynamicAllocation().initialExecutors()).isZero();
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(5000); // 10^12 / 200 MB, not the core count
    assertThat(plan.warnings()).isEmpty();
    assertThat(plan.node()).isNull();
    assertThat(plan.cost()).isNull();
    assertThat(plan.cluster().nodes()).isNull();
    assertThat(plan.sparkConf())
        .containsEntry("spark.dynamicAllocation.enabled", "true")
        .containsEntry("spark.dynamicAllocation.shuffleTracking.enabled", "true")
        .containsEntry("spark.executor.memory", "16384m")
        .containsEntry("spark.executor.memoryOverhead", "1638m")
        .containsEntry("spark.dynamicAllocation.shuffleTracking.timeout", "30min")
        .containsEntry("spark.sql.adaptive.coalescePartitions.enabled", "true")
        .doesNotContainKey("spark.kubernetes.executor.request.cores");
  }

  @Test
  void shuffleRatioDrivesShufflePartitions() {
    SizingPlan plan = sizer.plan(request(TB).maxExecutors(10).shuffleRatio(2.0).build());
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(10_000); // 2 TB / 200 MB
  }

  @Test
  void tinyDataStillGetsOneExecutor() {
    SizingPlan plan = sizer.plan(request(1).node(catalogue("m5.2xlarge")).build());
    assertThat(plan.partitions().inputTasks()).isEqualTo(1);
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(1);
    assertThat(plan.cluster().nodes()).isEqualTo(1);
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(1);
  }

  @Test
  void hugeDataIsCappedByMaxNodes() {
    SizingPlan plan = sizer.plan(request(1000 * TB).node(catalogue("m5.4xlarge")).maxNodes(50).build());
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(200);
    assertThat(plan.cluster().nodes()).isEqualTo(50);
    assertThat(plan.cost().onDemandPerHour()).isEqualTo(50 * 0.768, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(plan.cost().spotPerHour()).isEqualTo(50 * 0.768 * 0.35, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(plan.notes()).anyMatch(note -> note.contains("--max-nodes 50"));
    assertThat(plan.warnings()).anyMatch(w -> w.contains("--max-nodes 50") && w.contains("waves"));
  }

  @Test
  void budgetCapsNodes() {
    SizingPlan plan = sizer.plan(request(TB).node(catalogue("m5.4xlarge")).budget(10.0).build());
    assertThat(plan.cluster().nodes()).isEqualTo(13); // floor(10 / 0.768)
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(52);
    assertThat(plan.cost().onDemandPerHour()).isLessThanOrEqualTo(10.0);
  }

  @Test
  void maxExecutorsCaps() {
    SizingPlan plan = sizer.plan(request(TB).maxExecutors(7).initial(3).build());
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(7);
    assertThat(plan.dynamicAllocation().initialExecutors()).isEqualTo(3);
    assertThat(plan.cluster().totalExecutorCores()).isEqualTo(28);
  }

  @Test
  void nodeTooSmallForOneExecutorIsAClearError() {
    assertThatThrownBy(() -> sizer.plan(request(TB).cores(16).node(catalogue("c5.2xlarge")).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("c5.2xlarge")
        .hasMessageContaining("too small for one executor")
        .hasMessageContaining("--executor-cores");
    assertThatThrownBy(() -> sizer.plan(request(TB).heap(60 * GIB).node(catalogue("m5.2xlarge")).build()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("too small for one executor")
        .hasMessageContaining("--executor-memory");
  }

  @Test
  void impossibleCapsAreErrors() {
    assertThatThrownBy(() -> sizer.plan(request(TB).node(catalogue("m5.4xlarge")).budget(0.5).build()))
        .hasMessageStartingWith("--budget-per-hour:").hasMessageContaining("buys no m5.4xlarge");
    assertThatThrownBy(() -> sizer.plan(request(TB).budget(5.0).build()))
        .hasMessageStartingWith("--budget-per-hour:").hasMessageContaining("needs a node price");
    assertThatThrownBy(() -> sizer.plan(request(TB).maxNodes(3).build()))
        .hasMessageStartingWith("--max-nodes:");
    assertThatThrownBy(() -> sizer.plan(request(TB).maxExecutors(2).initial(3).build()))
        .hasMessageStartingWith("--initial-executors:").hasMessageContaining("0 to 2");
  }

  static NodeSpec catalogue(String type) {
    return NodeSpec.of(NodeCatalog.find(type).orElseThrow(), NodeSpec.Options.DEFAULTS);
  }

  static Builder request(long dataBytes) {
    return new Builder(dataBytes);
  }

  /** Test-only builder so each case names just what it varies. */
  static final class Builder {
    private final long dataBytes;
    private Integer cores;
    private Long heap;
    private NodeSpec node;
    private Integer maxNodes;
    private Integer maxExecutors;
    private Integer initial;
    private Double budget;
    private double shuffleRatio = SizingRequest.DEFAULT_SHUFFLE_RATIO;
    private int waves = SizingRequest.DEFAULT_WAVES;
    private double overheadFactor = ExecutorMemory.JVM_FACTOR;
    private Integer driverCores;
    private Long driverHeap;
    private Long maxPartitionBytes;
    private double headroom = SizingRequest.DEFAULT_HEADROOM;

    Builder(long dataBytes) {
      this.dataBytes = dataBytes;
    }

    Builder cores(int value) { cores = value; return this; }
    Builder heap(long value) { heap = value; return this; }
    Builder node(NodeSpec value) { node = value; return this; }
    Builder maxNodes(int value) { maxNodes = value; return this; }
    Builder maxExecutors(int value) { maxExecutors = value; return this; }
    Builder initial(int value) { initial = value; return this; }
    Builder budget(double value) { budget = value; return this; }
    Builder shuffleRatio(double value) { shuffleRatio = value; return this; }
    Builder waves(int value) { waves = value; return this; }
    Builder overheadFactor(double value) { overheadFactor = value; return this; }
    Builder driver(Integer coreCount, Long heapMiB) { driverCores = coreCount; driverHeap = heapMiB; return this; }
    Builder maxPartitionBytes(long value) { maxPartitionBytes = value; return this; }
    Builder headroom(double value) { headroom = value; return this; }

    SizingRequest build() {
      return new SizingRequest(dataBytes, ExecutorPreset.MEDIUM, cores, heap,
          new ExecutorMemory(overheadFactor, ExecutorMemory.MIN_OVERHEAD_MIB), node, maxNodes,
          maxExecutors, initial, budget, SizingRequest.DEFAULT_SPOT_DISCOUNT,
          maxPartitionBytes, shuffleRatio, waves, driverCores, driverHeap, headroom);
    }
  }
}
