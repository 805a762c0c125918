package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Karpenter's own estimate of allocatable, checked against what Karpenter publishes and tests. */
class KarpenterEstimateTest {

  /** One row of src/test/resources/karpenter/instance-types-allocatable.tsv (its origin is in its header). */
  record Published(String type, String arch, long memoryMiB, int nvmeGB, long cpuMillis, long allocatableMiB,
      int pods) {}

  static List<Published> published() throws IOException {
    try (InputStream in = KarpenterEstimateTest.class.getResourceAsStream("/karpenter/instance-types-allocatable.tsv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank())
          .map(line -> line.split("\t"))
          .map(f -> new Published(f[0], f[1], Long.parseLong(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]),
              Long.parseLong(f[5]), Integer.parseInt(f[6])))
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("published")
  void awsTypesMatchKarpentersPublishedAllocatable(Published row) {
    NodeType type = NodeCatalog.find(row.type()).orElseThrow();
    assertThat(type.arch().id()).isEqualTo(row.arch());
    assertThat(type.memoryMiB()).isEqualTo(row.memoryMiB());
    assertThat(type.localNvmeGB()).isEqualTo(row.nvmeGB());
    assertThat(type.defaultMaxPods()).as("ENI formula").isEqualTo(row.pods());
    Reserve estimate = KarpenterEstimate.allocatable(type, type.defaultMaxPods(),
        KarpenterEstimate.DEFAULT_VM_MEMORY_OVERHEAD, type.arch() == Arch.ARM64);
    assertThat(estimate).isEqualTo(new Reserve(row.cpuMillis(), row.allocatableMiB()));
  }

  /** Azure/karpenter-provider-azure pkg/providers/instancetype/suite_test.go, "Tax Calculator". */
  @ParameterizedTest(name = "{0} cores, {1} GiB -> {2}m, {3} MiB")
  @CsvSource({"4, 7, 140, 1638", "2, 8, 100, 1843", "3, 64, 120, 5611"})
  void azureTaxBracketsMatchKarpentersTests(int cores, double gib, long cpuMillis, long memoryMiB) {
    assertThat(KarpenterEstimate.azureCpuTaxMillis(cores)).isEqualTo(cpuMillis);
    assertThat((long) (1024 * KarpenterEstimate.azureMemoryTaxGiB(gib))).isEqualTo(memoryMiB);
  }

  @ParameterizedTest
  @CsvSource({"Standard_D16s_v5, 15740, 54259", "Standard_E8s_v5, 7820, 54259"})
  void azureEstimate(String name, long cpuMillis, long memoryMiB) {
    // 64 GiB less 7.5 % (4915.2 MiB) = 60620 MiB, less 5611 MiB tax and 750 MiB eviction
    NodeType type = NodeCatalog.find(name).orElseThrow();
    assertThat(KarpenterEstimate.allocatable(type, 250, 0.075, false)).isEqualTo(new Reserve(cpuMillis, memoryMiB));
  }

  @ParameterizedTest
  @CsvSource({"n2-standard-16", "t2a-standard-16"})
  void gkeHasNoKarpenter(String name) {
    assertThat(KarpenterEstimate.allocatable(NodeCatalog.find(name).orElseThrow(), 110, 0.075, false)).isNull();
  }
}
