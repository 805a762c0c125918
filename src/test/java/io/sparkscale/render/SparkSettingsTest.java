package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.render.SpotPlacement.Choice;
import io.sparkscale.render.SpotPlacement.NodeProvisioner;
import io.sparkscale.render.SpotPlacement.SpotMode;
import io.sparkscale.sizing.Cloud;
import io.sparkscale.sizing.SizingPlan;
import io.sparkscale.units.InvalidInputException;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The presets on a plan, without the CLI. */
class SparkSettingsTest {

  static SizingPlan plan() {
    TreeMap<String, String> conf = new TreeMap<>();
    conf.put("spark.dynamicAllocation.enabled", "true");
    conf.put("spark.dynamicAllocation.minExecutors", "2");
    conf.put("spark.executor.cores", "4");
    return new SizingPlan(
        new SizingPlan.Input(1, null), new SizingPlan.Executor(4, 16384, 1638, 18022, 4000),
        new SizingPlan.Driver(1, 4096, 409), null, new SizingPlan.DynamicAllocation(true, 2, 0, 10),
        new SizingPlan.Partitions(1, 1, 1, 1, 1), new SizingPlan.Cluster(null, 10, 40),
        new SizingPlan.LocalDisk(1, 5120, 5120, null, null, null), null, conf, List.of(), List.of());
  }

  @Test
  void baseLeavesThePlanAlone() {
    SparkSettings s = SparkSettings.of(plan(), SparkPreset.BASE, null, null, null, null);
    assertThat(s.sparkConf()).isEqualTo(plan().sparkConf());
    assertThat(s.placement()).isNull();
  }

  @Test
  void costOptimizedDecommissionsAndDropsMinExecutorsToZero() {
    SparkSettings s = SparkSettings.of(plan(), SparkPreset.COST_OPTIMIZED, Cloud.AZURE, null, null, null);
    assertThat(s.sparkConf())
        .containsEntry("spark.dynamicAllocation.minExecutors", "0")
        .containsEntry("spark.decommission.enabled", "true")
        .containsEntry("spark.storage.decommission.enabled", "true")
        .containsEntry("spark.storage.decommission.shuffleBlocks.enabled", "true")
        .containsEntry("spark.storage.decommission.rddBlocks.enabled", "true")
        .doesNotContainKey("spark.storage.decommission.fallbackStorage.path");
    assertThat(s.placement().spotLabel()).isEqualTo("kubernetes.azure.com/scalesetpriority");
    assertThat(s.placement().mode()).isEqualTo(SpotMode.PREFER);
    assertThat(s.executorGracePeriodSeconds()).isEqualTo(30);
  }

  @Test
  void spotLabelsPerProvisioner() {
    assertThat(SpotPlacement.of(Cloud.AWS, Choice.DEFAULTS).spotLabel()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(SpotPlacement.of(Cloud.AWS, new Choice(NodeProvisioner.EKS_MANAGED, null)).spotValue())
        .isEqualTo("SPOT");
    assertThat(SpotPlacement.of(Cloud.AWS, Choice.DEFAULTS).executorTolerations())
        .extracting(t -> t.path("key").asText()).doesNotContain("eks.amazonaws.com/capacityType");
    assertThat(SpotPlacement.of(Cloud.GCP, Choice.DEFAULTS).spotValue()).isEqualTo("true");
    assertThat(SpotPlacement.of(Cloud.GCP, Choice.DEFAULTS).executorTolerations()).hasSize(2);
    assertThat(SpotPlacement.of(Cloud.GCP, Choice.DEFAULTS).driverTolerations()).isEmpty();
    SpotPlacement aks = SpotPlacement.of(Cloud.AZURE, Choice.DEFAULTS);
    assertThat(aks.executorTolerations().get(0).path("key").asText())
        .isEqualTo("kubernetes.azure.com/scalesetpriority");
    assertThat(aks.executorTolerations().get(0).path("value").asText()).isEqualTo("spot");
    assertThat(aks.executorTolerations().get(0).path("effect").asText()).isEqualTo("NoSchedule");
    assertThatThrownBy(() -> SpotPlacement.of(Cloud.GCP, new Choice(NodeProvisioner.AKS, null)))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--node-provisioner");
  }

  @Test
  void refusesWhatCannotWork() {
    assertThatThrownBy(() -> SparkSettings.of(plan(), SparkPreset.COST_OPTIMIZED, null, null, null, null))
        .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("--cloud");
    assertThatThrownBy(() -> SparkSettings.of(plan(), SparkPreset.COST_OPTIMIZED, Cloud.AWS, null, "/tmp/x/", null))
        .hasMessageStartingWith("--fallback-storage-path");
    assertThatThrownBy(() -> SparkSettings.of(plan(), SparkPreset.COST_OPTIMIZED, Cloud.AWS, null, null, 0))
        .hasMessageStartingWith("--executor-grace-period");
    assertThatThrownBy(() -> SparkSettings.of(plan(), SparkPreset.BASE, null, null, null, 60))
        .hasMessageStartingWith("--executor-grace-period");
  }
}
