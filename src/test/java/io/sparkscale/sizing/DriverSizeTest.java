package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The driver grows with what it tracks: executors and tasks. */
class DriverSizeTest {

  private static final long TB = 1_000_000_000_000L;
  private final Sizer sizer = new Sizer();

  @Test
  void tiersFollowTheExecutorCount() {
    SizingPlan small = sizer.plan(request(100_000_000_000L).build()); // 745 tasks, 47 executors
    assertThat(small.driver().cores()).isEqualTo(1);
    assertThat(small.driver().memoryMiB()).isEqualTo(4096);
    SizingPlan medium = sizer.plan(request(TB).build()); // 466 executors
    assertThat(medium.driver().cores()).isEqualTo(2);
    assertThat(medium.driver().memoryMiB()).isEqualTo(8192);
    SizingPlan large = sizer.plan(request(100 * TB).build()); // 5,000 executors
    assertThat(large.driver().cores()).isEqualTo(4);
    assertThat(large.driver().memoryMiB()).isEqualTo(16_384);
    assertThat(large.sparkConf())
        .containsEntry("spark.driver.cores", "4")
        .containsEntry("spark.driver.memory", "16384m")
        .containsEntry("spark.driver.memoryOverhead", "1638m");
  }

  @Test
  void manyInputTasksRaiseTheTierEvenWithFewExecutors() {
    SizingPlan plan = sizer.plan(request(10 * TB).maxExecutors(50).build()); // 74,506 tasks
    assertThat(plan.driver().cores()).isEqualTo(2);
  }

  @Test
  void givenValuesWin() {
    SizingPlan plan = sizer.plan(request(100 * TB).driver(8, 32_768L).build());
    assertThat(plan.driver().cores()).isEqualTo(8);
    assertThat(plan.driver().memoryMiB()).isEqualTo(32_768);
  }

  @Test
  void pythonDriverGetsTheNonJvmOverhead() {
    SizingPlan plan = sizer.plan(request(TB).overheadFactor(ExecutorMemory.PYSPARK_FACTOR).build());
    assertThat(plan.driver().memoryOverheadMiB()).isEqualTo(3276); // floor(0.4 x 8192)
  }

  @Test
  void heapsUnderSparksMinimumAreRefused() {
    assertThatThrownBy(() -> request(TB).heap(449).build())
        .hasMessageStartingWith("--executor-memory:").hasMessageContaining("450");
    assertThat(request(TB).heap(450).build().executorHeapMiB()).isEqualTo(450);
    assertThatThrownBy(() -> request(TB).driver(null, 300L).build())
        .hasMessageStartingWith("--driver-memory:").hasMessageContaining("450");
  }
}
