package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Sizer#plan with maxExecutors from evidence (the event-log replay) instead of one core per input task. */
class SizerUncappedMaxExecutorsTest {

  private static SizingRequest request(Integer maxExecutors) {
    // 10 GB: 75 input tasks, which four waves on four-core executors turn into 5 executors.
    return new SizingRequest(10_000_000_000L, ExecutorPreset.MEDIUM, null, null,
        new ExecutorMemory(ExecutorMemory.JVM_FACTOR, ExecutorMemory.MIN_OVERHEAD_MIB), null, null,
        maxExecutors, null, null, SizingRequest.DEFAULT_SPOT_DISCOUNT,
        null, SizingRequest.DEFAULT_SHUFFLE_RATIO, SizingRequest.DEFAULT_WAVES, null, null,
        SizingRequest.DEFAULT_HEADROOM);
  }

  @Test
  void evidenceReplacesTheWavesRule() {
    assertThat(new Sizer().plan(request(null)).dynamicAllocation().maxExecutors()).isEqualTo(5);

    SizingPlan plan = new Sizer().plan(request(null), 7, "the replay");

    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(7);
    assertThat(plan.cluster().totalExecutorCores()).isEqualTo(28);
    assertThat(plan.sparkConf()).containsEntry("spark.dynamicAllocation.maxExecutors", "7");
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).startsWith("maxExecutors 7 for the replay"));
  }

  @Test
  void theDefaultCeilingBoundsEvidenceToo() {
    SizingPlan plan = new Sizer().plan(request(null), 12_000, "the replay");

    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(SizingRequest.DEFAULT_MAX_EXECUTORS);
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("default ceiling of 5000 executors"));
  }

  @Test
  void capsStillBoundIt() {
    SizingPlan plan = new Sizer().plan(request(3), 7, "the replay");

    assertThat(plan.dynamicAllocation().maxExecutors()).isEqualTo(3);
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("--max-executors").contains("uncapped it would be 7"));
  }
}
