package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.catalogue;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fitter keeps heaps under compressed oops itself: more, smaller executors rather than a warning. */
class HeapCapTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long CAP = 31 * 1024;
  private final Sizer sizer = new Sizer();

  private SizingPlan plan(ExecutorPreset preset, String type, Integer cores) {
    return sizer.plan(new SizingRequest(TB, preset, cores, null,
        new ExecutorMemory(ExecutorMemory.JVM_FACTOR, ExecutorMemory.MIN_OVERHEAD_MIB), catalogue(type), null,
        null, null, null, SizingRequest.DEFAULT_SPOT_DISCOUNT, null, SizingRequest.DEFAULT_SHUFFLE_RATIO,
        SizingRequest.DEFAULT_WAVES, null, null, SizingRequest.DEFAULT_HEADROOM));
  }

  @Test
  void largePresetOnR5FourXlargeGetsFourCoreExecutorsUnderTheCap() {
    // Two 8-core executors would each get about 58 GiB of heap there.
    SizingPlan plan = plan(ExecutorPreset.LARGE, "r5.4xlarge", null);
    assertThat(plan.executor().cores()).isEqualTo(4);
    assertThat(plan.node().executorsPerNode()).isEqualTo(4);
    assertThat(plan.executor().memoryMiB()).isLessThanOrEqualTo(CAP).isGreaterThan(26 * 1024);
    assertThat(plan.sparkConf()).containsEntry("spark.executor.cores", "4");
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("compressed object pointers"));
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("large preset's 8 cores").contains("4 cores"));
  }

  @Test
  void xlargePresetOnR5TwelveXlargeToo() {
    SizingPlan plan = plan(ExecutorPreset.XLARGE, "r5.12xlarge", null);
    assertThat(plan.executor().memoryMiB()).isLessThanOrEqualTo(CAP);
    assertThat(plan.executor().cores()).isEqualTo(4);
    assertThat(plan.node().executorsPerNode()).isEqualTo(12);
    assertThat(plan.warnings()).noneSatisfy(w -> assertThat(w).contains("compressed object pointers"));
  }

  @Test
  void presetsKeepTheirCoresWhereTheHeapFits() {
    assertThat(plan(ExecutorPreset.XLARGE, "c5.12xlarge", null).executor().cores()).isEqualTo(16);
    assertThat(plan(ExecutorPreset.LARGE, "m5.4xlarge", null).executor().cores()).isEqualTo(8);
  }

  @Test
  void givenCoresKeepTheirCountAndTheHeapIsCapped() {
    SizingPlan plan = plan(ExecutorPreset.MEDIUM, "r5.4xlarge", 8);
    assertThat(plan.executor().cores()).isEqualTo(8);
    assertThat(plan.executor().memoryMiB()).isEqualTo(CAP);
    assertThat(plan.notes()).anySatisfy(n -> assertThat(n).contains("capped at 31744 MiB").contains("fewer"));
    // Two 31 GiB executors on a 128 GiB node: the rest of the memory is stranded, and that is a warning.
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("memory for executors is stranded"));
  }

  @Test
  void presetsWithoutANodeStayUnderTheCap() {
    for (ExecutorPreset preset : ExecutorPreset.values()) {
      assertThat(preset.heapMiB()).isLessThanOrEqualTo(CAP);
      assertThat(preset.heapMiB()).isEqualTo(Math.min(4096L * preset.cores(), CAP));
    }
  }
}
