package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExecutorMemoryTest {

  private final ExecutorMemory jvm = new ExecutorMemory(0.10, 384);

  @ParameterizedTest(name = "{0} MiB heap -> {1} MiB pod")
  @CsvSource({"512, 896", "4096, 4505", "3840, 4224", "3841, 4225", "16384, 18022"})
  void podMemoryAsSparkComputesIt(long heap, long pod) {
    assertThat(jvm.podMiB(heap)).isEqualTo(pod);
  }

  @Test
  void pysparkFactor() {
    assertThat(new ExecutorMemory(0.40, 384).podMiB(4096)).isEqualTo(4096 + 1638);
  }

  @ParameterizedTest(name = "budget {0} -> heap {1}")
  @CsvSource({"43576, 39615", "21504, 19549", "4505, 4096", "896, 512", "384, 0", "2000, 1616"})
  void largestHeapIsExactlyAtTheEdge(long budget, long heap) {
    assertThat(jvm.largestHeapWithin(budget)).isEqualTo(heap);
    if (heap > 0) {
      assertThat(jvm.podMiB(heap)).isLessThanOrEqualTo(budget);
    }
    assertThat(jvm.podMiB(heap + 1)).isGreaterThan(budget);
  }
}
