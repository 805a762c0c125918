package io.sparkscale.sizing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
