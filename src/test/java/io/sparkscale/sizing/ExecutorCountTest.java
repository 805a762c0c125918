package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.catalogue;
import static io.sparkscale.sizing.SizerTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** maxExecutors from --waves, under the default ceilings and the user's bounds, with a warning when one binds. */
class ExecutorCountTest {

  private static final long TB = 1_000_000_000_000L;
  /** 128 MiB given, so the input split is not raised and these cases stay about the executor ceilings. */
  private static final long SPLIT = 128L << 20;
  private final Sizer sizer = new Sizer();

  @Test
  void hundredTerabytesStopAtTheDefaultExecutorCeiling() {
    SizingPlan plan = sizer.plan(request(100 * TB).node(catalogue("m5.4xlarge")).maxPartitionBytes(SPLIT).build());
    // 745,059 input tasks / (4 waves x 4 cores) = 46,567 executors wanted; 5,000 allowed by default.
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(5000);
    assertThat(plan.cluster().nodes()).isEqualTo(1250);
    assertThat(plan.cost().onDemandPerHour()).isLessThan(1000);
    assertThat(plan.partitions().inputWaves()).isEqualTo(38); // ceil(745059 / 20000)
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w)
        .contains("default ceiling of 5000 executors").contains("--max-executors").contains("38 waves"));
  }

  @Test
  void raisingMaxExecutorsMeetsTheDefaultNodeCeiling() {
    SizingPlan plan = sizer.plan(request(100 * TB).node(catalogue("m5.4xlarge")).maxPartitionBytes(SPLIT).maxExecutors(40_000).build());
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(20_000); // 5,000 nodes x 4 per node
    assertThat(plan.cluster().nodes()).isEqualTo(5000);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("default ceiling of 5000 nodes"));
  }

  @Test
  void raisingBothCeilingsFollowsTheWaves() {
    SizingPlan plan = sizer.plan(
        request(100 * TB).node(catalogue("m5.4xlarge")).maxPartitionBytes(SPLIT).maxExecutors(50_000)
            .maxNodes(20_000).build());
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(46_567);
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("maxExecutors is capped"));
  }

  @Test
  void wavesTradeExecutorsForTime() {
    assertThat(sizer.plan(request(TB).waves(1).build()).dynamicAllocation().maxExecutors()).isEqualTo(1863);
    assertThat(sizer.plan(request(TB).waves(4).build()).dynamicAllocation().maxExecutors()).isEqualTo(466);
    assertThat(sizer.plan(request(TB).waves(8).build()).dynamicAllocation().maxExecutors()).isEqualTo(233);
  }

  @Test
  void oneKilobyteGetsASmallPlan() {
    SizingPlan plan = sizer.plan(request(1000).node(catalogue("m5.4xlarge")).build());
    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(1);
    assertThat(plan.cluster().nodes()).isEqualTo(1);
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(1);
    assertThat(plan.driver().cores()).isEqualTo(1);
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void shufflePartitionsFollowTheShuffleBytesNotTheCores() {
    SizingPlan plan = sizer.plan(request(10 * TB).waves(1).maxExecutors(100_000).build());
    assertThat(plan.cluster().totalExecutorCores()).isEqualTo(74_508);
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(50_000);
  }

  @Test
  void refusesWavesOutOfRange() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> request(TB).waves(0).build())
        .hasMessageStartingWith("--waves:");
  }
}
