package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AllocatableTest {

  @ParameterizedTest(name = "{0} cores -> {1}m")
  @CsvSource({"1, 60", "2, 70", "4, 80", "8, 90", "16, 110", "48, 190"})
  void eksAndGkeCpuTiers(int vcpus, long millis) {
    assertThat(Allocatable.tieredCpuMillis(vcpus)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "{0} cores -> {1}m")
  @CsvSource({"1, 60", "2, 100", "4, 140", "8, 180", "16, 260", "32, 420", "48, 420", "64, 740"})
  void aksCpuTable(int vcpus, long millis) {
    assertThat(Allocatable.aksCpuMillis(vcpus)).isEqualTo(millis);
  }

  @ParameterizedTest(name = "GKE {0} MiB -> {1} MiB reserved")
  @CsvSource({
    // 25% of 4 GiB = 1024
    "4096, 1024",
    // + 20% of 4 GiB = 819.2 -> 1843.2
    "8192, 1844",
    // + 10% of 8 GiB = 819.2 -> 2662.4
    "16384, 2663",
    // + 6% of 16 GiB = 983.04 -> 3645.44
    "32768, 3646",
    // 6% of the 48 GiB above 16 GiB = 2949.12 -> 2662.4 + 2949.12 = 5611.52
    "65536, 5612"
  })
  void gkeMemoryTiers(long memoryMiB, long reservedMiB) {
    assertThat(Allocatable.gkeMemoryMiB(memoryMiB)).isEqualTo(reservedMiB);
  }

  @ParameterizedTest
  @CsvSource({
    "AWS, 16, 65536, 234, 110, 2929",      // 11 x 234 + 255 + 100 eviction
    "AWS, 8, 32768, 58, 90, 993",          // 11 x 58 + 255 + 100
    "GCP, 8, 32768, 110, 90, 3746",        // tiers + 100 eviction
    "AZURE, 8, 32768, 250, 180, 5150",     // min(20 x 250 + 50, 8192) + 100
    "AZURE, 8, 8192, 250, 180, 2148"       // 25 % cap: 2048 + 100
  })
  void providerReserves(Cloud cloud, int vcpus, long memoryMiB, int maxPods, long cpu, long memory) {
    assertThat(Allocatable.systemReserve(cloud, vcpus, memoryMiB, maxPods)).isEqualTo(new Reserve(cpu, memory));
  }
}
