package io.sparkscale.sizing;

import static io.sparkscale.sizing.SizerTest.catalogue;
import static io.sparkscale.sizing.SizerTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Shapes that strand a node's capacity or pass compressed oops are warned about, not refused. */
class ShapeWarningsTest {

  private static final long TB = 1_000_000_000_000L;
  private static final long GIB = 1024;
  private final Sizer sizer = new Sizer();

  @Test
  void memoryBoundPackingStrandsCpu() {
    // 2 pods of 48g fit an r5.4xlarge by memory: 7840m of 15690m CPU requested.
    SizingPlan plan = sizer.plan(request(TB).heap(48 * GIB).node(catalogue("r5.4xlarge")).build());
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("50% of each r5.4xlarge node's CPU"));
    assertThat(plan.warnings()).anySatisfy(w -> assertThat(w).contains("compressed object pointers"));
  }

  @Test
  void cpuBoundPackingStrandsMemory() {
    // 4 pods of 4g on an r5.4xlarge: about 18 GiB of 125 GiB requested.
    SizingPlan plan = sizer.plan(request(TB).heap(4 * GIB).node(roomyDisk("r5.4xlarge")).build());
    assertThat(plan.warnings()).singleElement().satisfies(w -> assertThat(w)
        .contains("of each r5.4xlarge node's memory for executors is stranded").contains("--executor-cores"));
  }

  @Test
  void fittedShapesPassSilently() {
    assertThat(sizer.plan(request(TB).node(roomyDisk("m5.4xlarge")).build()).warnings()).isEmpty();
    assertThat(sizer.plan(request(TB).node(roomyDisk("r5.4xlarge")).build()).warnings()).isEmpty();
  }

  /** A catalogue node with a disk that holds 1 TB's shuffle, so only the shape can draw a warning. */
  private static NodeSpec roomyDisk(String type) {
    return NodeSpec.of(NodeCatalog.find(type).orElseThrow(), new NodeSpec.Options(null,
        NodeSpec.DEFAULT_DAEMONSET_RESERVE, null, false, 100L << 30));
  }

  @Test
  void compressedOopsLimit() {
    assertThat(sizer.plan(request(TB).heap(31 * GIB).build()).warnings()).isEmpty();
    assertThat(sizer.plan(request(TB).heap(32 * GIB).build()).warnings())
        .singleElement().satisfies(w -> assertThat(w).contains("20-30 GB"));
  }
}
