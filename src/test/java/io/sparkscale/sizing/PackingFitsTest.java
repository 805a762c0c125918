package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every plan fits the node it packs with the headroom left over on the real node, and fits Karpenter's
 * estimate of the node when Karpenter provisions it, so Karpenter launches the plan's node count.
 */
class PackingFitsTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long[] DATA_SIZES = {1_000_000_000L, TB, 10 * TB};

  /** A heap given with --executor-memory, packed by memory instead of fitted; null: fitted to the node. */
  private static final Long[] GIVEN_HEAPS_MIB = {null, 8192L};

  static List<Arguments> everyTypePresetAndProvisioner() {
    List<Arguments> cases = new ArrayList<>();
    for (NodeType type : NodeCatalog.all()) {
      for (ExecutorPreset preset : ExecutorPreset.values()) {
        if (preset.cores() > type.vcpus()) {
          continue; // no slot at all: refused with an error (SizerTest)
        }
        for (boolean karpenter : new boolean[] {false, true}) {
          if (karpenter && type.cloud() == Cloud.GCP) {
            continue; // Karpenter has no GKE provider
          }
          // Pools that may also launch Graviton: Karpenter's estimate is 64 MiB smaller for every type.
          boolean[] arm64Possible = karpenter && type.cloud() == Cloud.AWS && type.arch() == Arch.AMD64
              ? new boolean[] {false, true} : new boolean[] {false};
          for (boolean arm64 : arm64Possible) {
            for (Long heap : GIVEN_HEAPS_MIB) {
              if (heap != null && !fitsOnce(type, preset, heap)) {
                continue; // a given heap the node cannot hold once is refused with an error (SizerTest)
              }
              for (long data : DATA_SIZES) {
                cases.add(Arguments.of(type.name(), preset, karpenter, arm64, heap, data));
              }
            }
          }
        }
      }
    }
    return cases;
  }

  private static boolean fitsOnce(NodeType type, ExecutorPreset preset, long heapMiB) {
    NodeSpec node = NodeSpec.of(type, NodeSpec.Options.DEFAULTS);
    return new ExecutorMemory(ExecutorMemory.JVM_FACTOR, ExecutorMemory.MIN_OVERHEAD_MIB).podMiB(heapMiB)
        <= node.executorBudget(SizingRequest.DEFAULT_HEADROOM).memoryMiB() * 0.9;
  }

  @ParameterizedTest(name = "{0} {1} karpenter={2} arm64={3} heap={4} {5} bytes")
  @MethodSource("everyTypePresetAndProvisioner")
  void everyPlanFitsWithHeadroomAndKarpentersOverhead(String typeName, ExecutorPreset preset, boolean karpenter,
      boolean arm64Possible, Long givenHeapMiB, long dataBytes) {
    NodeType type = NodeCatalog.find(typeName).orElseThrow();
    NodeSpec node = NodeSpec.of(type, new NodeSpec.Options(null, NodeSpec.DEFAULT_DAEMONSET_RESERVE,
        karpenter ? KarpenterEstimate.DEFAULT_VM_MEMORY_OVERHEAD : null, arm64Possible, null));
    SizingPlan plan = new Sizer().plan(new SizingRequest(dataBytes, preset, null, givenHeapMiB,
        new ExecutorMemory(ExecutorMemory.JVM_FACTOR, ExecutorMemory.MIN_OVERHEAD_MIB), node, null, null, null,
        null, SizingRequest.DEFAULT_SPOT_DISCOUNT, null, SizingRequest.DEFAULT_SHUFFLE_RATIO,
        SizingRequest.DEFAULT_WAVES, null, null, SizingRequest.DEFAULT_HEADROOM));

    int perNode = plan.node().executorsPerNode();
    long podMemory = (long) perNode * plan.executor().podMemoryMiB();
    long podCpu = (long) perNode * plan.executor().cpuRequestMillis();
    Reserve real = node.forExecutors();
    assertThat(podMemory).as("memory with headroom on the real node")
        .isLessThanOrEqualTo((long) Math.floor(real.memoryMiB() * (1 - SizingRequest.DEFAULT_HEADROOM)));
    assertThat(podCpu).isLessThanOrEqualTo(real.cpuMillis());
    if (givenHeapMiB == null) {
      assertThat(plan.executor().memoryMiB()).isLessThanOrEqualTo(Packing.MAX_FITTED_HEAP_MIB);
    }
    if (karpenter) {
      Reserve estimate = node.karpenterForExecutors();
      long karpenterPerNode = Math.min(estimate.memoryMiB() / plan.executor().podMemoryMiB(),
          estimate.cpuMillis() / plan.executor().cpuRequestMillis());
      assertThat(karpenterPerNode).as("executors Karpenter packs per node").isGreaterThanOrEqualTo(perNode);
    }
  }

  /** The case: 4 executors of 31,907 MiB left 3 MiB on r5.4xlarge, and Karpenter fitted 3. */
  @Test
  void oneTerabyteOnR5FourXlargeLeavesRoomAndKarpenterFitsFour() {
    NodeType type = NodeCatalog.find("r5.4xlarge").orElseThrow();
    NodeSpec node = NodeSpec.of(type, new NodeSpec.Options(null, NodeSpec.DEFAULT_DAEMONSET_RESERVE,
        KarpenterEstimate.DEFAULT_VM_MEMORY_OVERHEAD, false, null));
    SizingPlan plan = new Sizer().plan(SizerTest.request(TB).node(node).build());

    assertThat(plan.node().executorsPerNode()).isEqualTo(4);
    assertThat(plan.cluster().nodes()).isEqualTo(117);
    // Karpenter's published allocatable for r5.4xlarge is 118,312 MiB; less 512 MiB of DaemonSets.
    assertThat(plan.node().karpenterAllocatableMemoryMiB()).isEqualTo(118_312);
    assertThat(4 * plan.executor().podMemoryMiB()).isLessThanOrEqualTo(118_312 - 512);
    // On the real node (capacity 131072 - 3742 MiB measured) at least the headroom stays free.
    long realFree = 131_072 - 3_742 - 2_929 - 512;
    assertThat(realFree - 4 * plan.executor().podMemoryMiB()).isGreaterThanOrEqualTo((long) (0.03 * realFree));
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("Karpenter").contains("117800 MiB"));
  }

  @Test
  void headroomIsTakenFromTheRealNode() {
    NodeSpec node = SizerTest.catalogue("m5.4xlarge");
    long free = node.forExecutors().memoryMiB();
    SizingPlan none = new Sizer().plan(SizerTest.request(TB).node(node).headroom(0).build());
    SizingPlan ten = new Sizer().plan(SizerTest.request(TB).node(node).headroom(0.10).build());
    assertThat(none.node().executorMemoryBudgetMiB()).isEqualTo(free);
    assertThat(ten.node().executorMemoryBudgetMiB()).isEqualTo((long) Math.floor(free * 0.9));
    assertThat(ten.executor().memoryMiB()).isLessThan(none.executor().memoryMiB());
  }
}
