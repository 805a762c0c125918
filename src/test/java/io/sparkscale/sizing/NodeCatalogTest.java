package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NodeCatalogTest {

  @Test
  void catalogueHasTheRequiredTypesEachWithADatedPriceSource() {
    assertThat(NodeCatalog.all())
        .extracting(NodeType::name)
        .contains("m5.2xlarge", "m5.4xlarge", "m5.12xlarge", "r5.2xlarge", "r5.4xlarge", "r5.12xlarge",
            "c5.2xlarge", "c5.4xlarge", "c5.12xlarge", "n2-standard-8", "n2-standard-16", "n2-highmem-8",
            "Standard_D8s_v5", "Standard_D16s_v5", "Standard_E8s_v5");
    assertThat(NodeCatalog.all()).allSatisfy(type -> {
      assertThat(type.onDemandPerHour()).isPositive();
      assertThat(type.priceSource()).matches(".*read \\d{4}-\\d{2}-\\d{2}.*");
    });
  }

  /** Issue 19 part 3 item 11: current generations, Graviton, instance-store variants, GCP n2d/c3/t2a. */
  @Test
  void currentGenerationsGravitonInstanceStoreAndNewGcpFamilies() {
    for (String family : new String[] {"m6i", "r6i", "c6i", "m7i", "r7i", "c7i", "m5d", "r5d", "c5d", "m6id",
        "r6id", "c6id"}) {
      assertThat(NodeCatalog.find(family + ".4xlarge")).as(family).map(NodeType::arch).contains(Arch.AMD64);
    }
    for (String family : new String[] {"m7g", "r7g", "c7g", "m7gd", "r7gd", "c7gd"}) {
      assertThat(NodeCatalog.find(family + ".4xlarge")).as(family).map(NodeType::arch).contains(Arch.ARM64);
    }
    assertThat(NodeCatalog.all()).filteredOn(t -> t.cloud() == Cloud.GCP).extracting(NodeType::name)
        .contains("n2d-standard-8", "n2d-standard-16", "n2d-highmem-8", "c3-standard-8", "c3-standard-22",
            "c3-highmem-8", "t2a-standard-8", "t2a-standard-16");
    assertThat(NodeCatalog.find("t2a-standard-16")).map(NodeType::arch).contains(Arch.ARM64);
    assertThat(NodeCatalog.find("n2d-standard-16")).map(NodeType::arch).contains(Arch.AMD64);
  }

  /** Each price is the one in the table its source names (test resources, origin in their headers). */
  @ParameterizedTest(name = "{0}")
  @MethodSource("publishedPrices")
  void pricesAreTheTablesTheirSourcesName(String type, double price, String sourceMarker) {
    NodeType node = NodeCatalog.find(type).orElseThrow();
    assertThat(node.onDemandPerHour()).isEqualTo(price, offset(1e-9));
    assertThat(node.priceSource()).contains(sourceMarker);
  }

  @Test
  void t2aIsPricedPerVcpu() {
    for (String type : new String[] {"t2a-standard-8", "t2a-standard-16"}) {
      NodeType node = NodeCatalog.find(type).orElseThrow();
      assertThat(node.onDemandPerHour()).isEqualTo(node.vcpus() * 0.0385, offset(1e-9));
    }
  }

  @Test
  void everyAwsTypeIsPricedAndEveryPricedTypeIsInTheTable() throws IOException {
    assertThat(NodeCatalog.all()).filteredOn(t -> t.cloud() == Cloud.AWS).extracting(NodeType::name)
        .containsExactlyInAnyOrderElementsOf(prices("/prices/aws-us-east-1.tsv", "").stream()
            .map(a -> (String) a.get()[0]).toList());
  }

  @Test
  void instanceStoreSiblings() {
    assertThat(NodeCatalog.withLocalNvme(NodeCatalog.find("r5.4xlarge").orElseThrow())).map(NodeType::name)
        .contains("r5d.4xlarge");
    assertThat(NodeCatalog.withLocalNvme(NodeCatalog.find("m6i.2xlarge").orElseThrow())).map(NodeType::name)
        .contains("m6id.2xlarge");
    assertThat(NodeCatalog.withLocalNvme(NodeCatalog.find("c7g.12xlarge").orElseThrow())).map(NodeType::name)
        .contains("c7gd.12xlarge");
    // No r7id in the catalogue, and a d type is its own instance store.
    assertThat(NodeCatalog.withLocalNvme(NodeCatalog.find("r7i.4xlarge").orElseThrow())).isEmpty();
    assertThat(NodeCatalog.withLocalNvme(NodeCatalog.find("r5d.4xlarge").orElseThrow())).isEmpty();
  }

  @Test
  void arm64DefaultsAreGravitonAndTau() {
    assertThat(NodeCatalog.defaultFor(Cloud.AWS, Arch.ARM64).name()).isEqualTo("m7g.4xlarge");
    assertThat(NodeCatalog.defaultFor(Cloud.GCP, Arch.ARM64).name()).isEqualTo("t2a-standard-16");
    assertThatThrownBy(() -> NodeCatalog.defaultFor(Cloud.AZURE, Arch.ARM64))
        .hasMessageStartingWith("--arch: the catalogue has no arm64 type for --cloud azure");
  }

  static List<Arguments> publishedPrices() throws IOException {
    List<Arguments> all = new ArrayList<>(
        prices("/prices/aws-us-east-1.tsv", "zz_generated.pricing_aws.go (generated 2026-07-20"));
    all.addAll(prices("/prices/gce-cluster-autoscaler.tsv", "gce_price_info.go (commit e72c7c68"));
    return all;
  }

  /** type TAB price lines of a test resource whose header names its origin. */
  private static List<Arguments> prices(String resource, String sourceMarker) throws IOException {
    try (InputStream in = NodeCatalogTest.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(line -> !line.startsWith("#") && !line.isBlank())
          .map(line -> line.split("\t"))
          .map(f -> Arguments.of(f[0], Double.parseDouble(f[1]), sourceMarker))
          .toList();
    }
  }

  @Test
  void azureNamesMatchWithOrWithoutPrefix() {
    assertThat(NodeCatalog.find("d8s_v5")).map(NodeType::name).contains("Standard_D8s_v5");
    assertThat(NodeCatalog.find("R5.4XLARGE")).map(NodeType::name).contains("r5.4xlarge");
  }

  @Test
  void unknownTypeNamesTheNearest() {
    assertThatThrownBy(() -> NodeCatalog.require("--node-type", "r5.4xlarg"))
        .hasMessageStartingWith("--node-type: unknown node type 'r5.4xlarg'; nearest known: r5.4xlarge");
  }
}
