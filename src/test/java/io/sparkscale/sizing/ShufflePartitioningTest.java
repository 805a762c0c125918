package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Map tasks x shuffle partitions stays bounded at scale, and what still does not fit is a warning. */
class ShufflePartitioningTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long PB = 1000 * TB;
  private final Sizer sizer = new Sizer();

  @Test
  void oneAndTenTerabytesAreUnchanged() {
    SizingPlan one = sizer.plan(request(TB).build());
    assertThat(one.partitions().maxPartitionBytes()).isEqualTo(128L << 20);
    assertThat(one.partitions().shufflePartitions()).isEqualTo(5000);
    assertThat(one.partitions().shuffleBlocks()).isEqualTo(7451L * 5000);
    SizingPlan ten = sizer.plan(request(10 * TB).build());
    assertThat(ten.partitions().shufflePartitions()).isEqualTo(50_000);
    assertThat(ten.warnings()).noneSatisfy(w -> assertThat(w).contains("too much for one shuffle"));
  }

  @Test
  void twentyTerabytesRaiseTheSplitToBoundTheBlocks() {
    SizingPlan plan = sizer.plan(request(20 * TB).build());
    // 149,012 maps x 100,000 partitions = 1.5e10 > 1e10: 256 MiB splits halve the maps.
    assertThat(plan.partitions().maxPartitionBytes()).isEqualTo(256L << 20);
    assertThat(plan.partitions().shuffleBlocks()).isLessThanOrEqualTo(ShufflePartitioning.MAX_SHUFFLE_BLOCKS);
    assertThat(plan.sparkConf()).containsEntry("spark.sql.files.maxPartitionBytes", Long.toString(256L << 20));
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("Input split raised from 128 MiB to 256 MiB"));
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("too much for one shuffle"));
  }

  @Test
  void hundredTerabytesAreBoundedAndWarned() {
    SizingPlan plan = sizer.plan(request(100 * TB).build());
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(ShufflePartitioning.MAX_SHUFFLE_PARTITIONS);
    assertThat(plan.partitions().maxPartitionBytes()).isEqualTo(1L << 30);
    assertThat(plan.partitions().shuffleBlocks()).isLessThanOrEqualTo(ShufflePartitioning.MAX_SHUFFLE_BLOCKS);
    assertThat(plan.sparkConf()).containsEntry("spark.sql.shuffle.partitions", "100000");
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("too much for one shuffle")
        .contains("capped at 100000 (uncapped 500000)").contains("Split the job into 5 runs of at most 20.00 TB"));
  }

  @Test
  void fivePetabytesAreBoundedAndToldToSplit() {
    SizingPlan plan = sizer.plan(request(5 * PB).build());
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(100_000);
    assertThat(plan.partitions().maxPartitionBytes()).isEqualTo(1L << 30);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("blocks").contains("250 runs"));
  }

  @Test
  void aGivenSplitIsKeptAndTheBlocksAreWarnedAbout() {
    SizingPlan plan = sizer.plan(request(20 * TB).maxPartitionBytes(128L << 20).build());
    assertThat(plan.partitions().maxPartitionBytes()).isEqualTo(128L << 20);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("1.5e+10 blocks"));
  }

  @Test
  void theShuffleRatioScalesTheLimit() {
    // A fifth of the shuffle bytes per input byte: 100 TB needs only 100,000 partitions of 200 MB.
    SizingPlan plan = sizer.plan(request(100 * TB).shuffleRatio(0.2).build());
    assertThat(plan.partitions().shufflePartitions()).isEqualTo(100_000);
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("too much for one shuffle"));
  }
}
