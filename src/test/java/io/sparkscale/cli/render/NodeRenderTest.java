package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.GoYaml;
import io.sparkscale.render.KarpenterCel;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.StandInCloud;
import io.sparkscale.render.Yaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeRenderTest {

  @Test
  void priorityExpanderConfigMapHasIntegerKeysAsClusterAutoscalerReadsThem() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cm = Manifests.assertValid(r.out()).get(0);
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("cluster-autoscaler-priority-expander");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("kube-system");
    Map<Object, Object> priorities = GoYaml.mapping(cm.at("/data/priorities").asText());
    assertThat(priorities.keySet()).allSatisfy(k -> assertThat(k).isInstanceOf(Integer.class));
    assertThat(priorities).containsEntry(50, List.of(".*spot.*")).containsEntry(10, List.of(".*"));
  }

  @Test
  void customGroupsAndBadRegex() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws", "--spot-groups", ".*-preemptible-.*",
        "--spot-groups", "1234", "--on-demand-groups", ".*-standard-.*");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Map<Object, Object> priorities = GoYaml.mapping(Manifests.assertValid(r.out()).get(0).at("/data/priorities").asText());
    // A regex that looks like a number must stay a string: the expander compiles each one.
    assertThat(priorities.get(50)).isEqualTo(List.of(".*-preemptible-.*", "1234"));
    Result bad = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws", "--spot-groups", "(spot");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--spot-groups");
    Result cloud = CliRunner.run("render", "cluster-autoscaler", "--cloud", "oracle");
    assertThat(cloud.exitCode()).isEqualTo(2);
    assertThat(cloud.err()).contains("--cloud");
  }

  @Test
  void chartValuesCarryTheRecommendedFlagsOnAws() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws", "--chart-values", "--cluster-name", "prod");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode values = Yaml.read(r.out());
    assertThat(values.path("cloudProvider").asText()).isEqualTo("aws");
    assertThat(values.at("/autoDiscovery/clusterName").asText()).isEqualTo("prod");
    assertThat(values.at("/extraArgs/expander").asText()).isEqualTo("priority,least-waste");
    assertThat(values.at("/extraArgs/skip-nodes-with-local-storage").asBoolean(true)).isFalse();
    assertThat(values.at("/expanderPriorities/50/0").asText()).isEqualTo(".*spot.*");
    Result missing = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws", "--chart-values");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--cluster-name");
  }

  @Test
  void gkeGetsAGcloudScriptBecauseItsAutoscalerIsManaged() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "analytics",
        "--location", "us-central1", "--max-nodes", "40");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("kind: ConfigMap").startsWith("#!/bin/sh\n")
        .contains("\nset -eu\n", "cluster=analytics\n", "location=us-central1\n", "machine_type=n2-standard-16\n")
        .contains("--total-max-nodes 40\n", "--node-taints cloud.google.com/gke-spot=true:NoSchedule");
    // The profile (cluster-wide) after both pools.
    assertThat(r.out().indexOf("--autoscaling-profile optimize-utilization"))
        .isGreaterThan(r.out().lastIndexOf("node-pools create"));
    for (String[] refused : List.of(
        new String[] {"--cloud", "gcp", "--chart-values", "--cluster-name", "a", "--location", "l", "--max-nodes", "3"},
        new String[] {"--cloud", "gcp", "--location", "us-central1", "--max-nodes", "3"},
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--max-nodes", "3"},
        new String[] {"--cloud", "azure", "--chart-values", "--cluster-name", "a", "--max-nodes", "3"},
        new String[] {"--cloud", "azure", "--cluster-name", "a", "--max-nodes", "3"})) {
      Result bad = CliRunner.run(concat(new String[] {"render", "cluster-autoscaler"}, refused));
      assertThat(bad.exitCode()).as(String.join(" ", refused)).isEqualTo(2);
      assertThat(bad.err().strip().lines()).hasSize(1);
    }
  }

  @Test
  void aksGetsItsAutoscalerProfileASpotPoolAndTheConfigMapInOneScript() throws Exception {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "analytics",
        "--resource-group", "rg-data", "--max-nodes", "20");
    assertThat(r.exitCode()).as(r.err()).isZero();
    // One document, the script: it applies the ConfigMap itself, so stdout mixes nothing.
    assertThat(r.out()).startsWith("#!/bin/sh\n").doesNotContain("\n---\n")
        .contains("resource_group=rg-data\n", "cluster=analytics\n", "vm_size=Standard_D16s_v5\n")
        .contains("--cluster-autoscaler-profile \\\n  expander=priority")
        .contains("skip-nodes-with-local-storage=false")
        .contains("--priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size \"$vm_size\"");
    StandInCloud.Run run = StandInCloud.succeeds(r.out());
    assertThat(run.changes()).extracting(c -> c.replaceAll(" --(resource-group|cluster-name) \\S+", ""))
        .containsExactly(
            "kubectl apply -f -",
            "az aks nodepool add --name sparkspot --priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size"
                + " Standard_D16s_v5 --node-count 0 --enable-cluster-autoscaler --min-count 0 --max-count 20",
            "az aks nodepool add --name sparkdemand --node-vm-size Standard_D16s_v5 --node-count 0 --enable-cluster-autoscaler"
                + " --min-count 0 --max-count 20",
            "az aks update --name analytics --cluster-autoscaler-profile expander=priority balance-similar-node-groups=true"
                + " skip-nodes-with-local-storage=false scale-down-unneeded-time=5m scale-down-delay-after-add=5m"
                + " scale-down-utilization-threshold=0.5");
    JsonNode cm = Manifests.assertValid(run.applied()).get(0);
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("kube-system");
    assertThat(GoYaml.mapping(cm.at("/data/priorities").asText()).keySet()).containsExactly(50, 10);
    // A regex from the user cannot end the here-document early, nor be expanded: every line of it is indented.
    Result odd = CliRunner.run("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "analytics",
        "--resource-group", "rg-data", "--max-nodes", "20", "--spot-groups", "CONFIGMAP", "--on-demand-groups",
        "$(echo expanded)");
    assertThat(odd.exitCode()).as(odd.err()).isZero();
    JsonNode oddMap = Manifests.assertValid(StandInCloud.succeeds(odd.out()).applied()).get(0);
    assertThat(GoYaml.mapping(oddMap.at("/data/priorities").asText()))
        .containsEntry(50, List.of("CONFIGMAP")).containsEntry(10, List.of("$(echo expanded)"));
  }

  @Test
  void karpenterPoolsFollowThePlan() {
    Result r = CliRunner.run("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> pools = Manifests.assertValid(r.out());
    pools.forEach(p -> assertThat(KarpenterCel.violations(p)).isEmpty());
    JsonNode spot = pools.get(0);
    JsonNode onDemand = pools.get(1);
    assertThat(spot.at("/metadata/name").asText()).isEqualTo("spark-spot");
    assertThat(spot.at("/spec/weight").asInt()).isGreaterThan(onDemand.at("/spec/weight").asInt());
    assertThat(values(spot, "karpenter.sh/capacity-type")).containsExactly("spot");
    assertThat(values(onDemand, "karpenter.sh/capacity-type")).containsExactly("on-demand");
    assertThat(values(spot, "karpenter.k8s.aws/instance-category")).containsExactly("r");
    assertThat(values(spot, "karpenter.k8s.aws/instance-cpu")).containsExactly("16", "32");
    assertThat(values(spot, "karpenter.k8s.aws/instance-generation")).containsExactly("4");
    // On-demand also takes a lone driver on a small node.
    assertThat(values(onDemand, "karpenter.k8s.aws/instance-cpu")).contains("4", "16", "32");
    assertThat(spot.at("/spec/template/spec/taints/0/key").asText()).isEqualTo("sparkscale.io/spark-executor");
    assertThat(onDemand.at("/spec/template/spec/taints/0/key").asText()).isEqualTo("sparkscale.io/spark");
    // The plan's nodes at max executors, +20 %: the limit holds what the plan asks for.
    JsonNode plan = Yaml.read(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--node-type",
        "r5.4xlarge", "--format", "json").out());
    int nodes = plan.at("/cluster/nodes").asInt();
    assertThat(spot.at("/spec/limits/cpu").asLong()).isEqualTo((long) Math.ceil(nodes * 16 * 1.2));
    assertThat(spot.at("/spec/limits/cpu").asLong()).isGreaterThanOrEqualTo(plan.at("/cluster/totalExecutorCores").asLong());
    assertThat(onDemand.at("/spec/limits/cpu").asLong()).isGreaterThan(spot.at("/spec/limits/cpu").asLong());
  }

  /**
   * The case: 1 TB on r5.4xlarge. Karpenter packs executors into its own estimate of the node (118,312
   * MiB for r5.4xlarge, its published figure) until it has seen one: the plan's executors fit that, so
   * Karpenter launches the plan's 117 nodes and the limits hold them.
   */
  @Test
  void karpenterLaunchesThePlansNodesAndTheLimitsHoldThem() {
    Result r = CliRunner.run("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode spot = Manifests.assertValid(r.out()).get(0);
    JsonNode plan = Yaml.read(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--node-type",
        "r5.4xlarge", "--format", "json").out());
    long pod = plan.at("/executor/podMemoryMiB").asLong();
    long karpenterFree = plan.at("/node/karpenterAllocatableMemoryMiB").asLong() - 512;
    assertThat(plan.at("/node/karpenterAllocatableMemoryMiB").asLong()).isEqualTo(118_312);
    long perNodeInKarpentersView = Math.min(karpenterFree / pod,
        (15_890 - 200) / plan.at("/executor/cpuRequestMillis").asLong());
    assertThat(perNodeInKarpentersView).isEqualTo(plan.at("/node/executorsPerNode").asLong()).isEqualTo(4);
    long karpenterNodes = (long) Math.ceil(plan.at("/dynamicAllocation/maxExecutors").asDouble() / perNodeInKarpentersView);
    assertThat(karpenterNodes).isEqualTo(117);
    assertThat(spot.at("/spec/limits/cpu").asLong()).isGreaterThanOrEqualTo(karpenterNodes * 16);
    assertThat(Long.parseLong(spot.at("/spec/limits/memory").asText().replace("Gi", "")))
        .isGreaterThanOrEqualTo(karpenterNodes * 128);
  }

  @Test
  void karpenterPoolsForInstanceStoreAskForEnoughOfIt() {
    Result r = CliRunner.run("render", "karpenter", "--data-size", "100TB", "--cloud", "aws", "--node-type", "r5d.4xlarge");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode spot = Manifests.assertValid(r.out()).get(0);
    assertThat(KarpenterCel.violations(spot)).isEmpty();
    long atLeast = Long.parseLong(values(spot, "karpenter.k8s.aws/instance-local-nvme").get(0)) + 1;
    JsonNode plan = Yaml.read(CliRunner.run("rightsize", "--data-size", "100TB", "--cloud", "aws", "--node-type",
        "r5d.4xlarge", "--format", "json").out());
    long requested = plan.at("/node/executorsPerNode").asLong() * plan.at("/localDisk/executorRequestMiB").asLong();
    // Karpenter's allocatable ephemeral storage for RAID0 instance store: disk - 1 GiB - 10 %
    assertThat((atLeast * 1e9 - (1L << 30)) * 0.9).isGreaterThanOrEqualTo(requested * (double) (1 << 20));
    assertThat(atLeast).isLessThanOrEqualTo(600);
    assertThat(r.err()).contains("instanceStorePolicy: RAID0");
  }

  @Test
  void arm64SizesAndPricesGravitonAndThePoolsAskForIt() {
    Result r = CliRunner.run("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--arch", "arm64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode spot = Manifests.assertValid(r.out()).get(0);
    assertThat(values(spot, "kubernetes.io/arch")).containsExactly("arm64");
    assertThat(values(spot, "karpenter.k8s.aws/instance-category")).containsExactly("m");
    assertThat(values(spot, "karpenter.k8s.aws/instance-generation")).containsExactly("6");
    JsonNode plan = Yaml.read(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--arch", "arm64",
        "--format", "json").out());
    assertThat(plan.at("/node/type").asText()).isEqualTo("m7g.4xlarge");
    assertThat(plan.at("/node/arch").asText()).isEqualTo("arm64");
    assertThat(plan.at("/cost/onDemandPerHour").asDouble())
        .isEqualTo(plan.at("/cluster/nodes").asInt() * 0.6528, org.assertj.core.data.Offset.offset(1e-6));
    Result wrong = CliRunner.run("rightsize", "--data-size", "1TB", "--node-type", "r5.4xlarge", "--arch", "arm64");
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("--arch: r5.4xlarge is amd64").contains("m7g.4xlarge");
    Result azure = CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "azure", "--arch", "arm64");
    assertThat(azure.exitCode()).isEqualTo(2);
    assertThat(azure.err()).contains("no arm64 type for --cloud azure");
  }

  @Test
  void karpenterSpotOnlyKeepsTheOnDemandPoolForDrivers() {
    Result r = CliRunner.run("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--spot", "only",
        "--cpu-limit", "200", "--memory-limit", "800Gi", "--arch", "arm64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> pools = Manifests.assertValid(r.out());
    assertThat(pools.get(0).at("/spec/limits/cpu").asText()).isEqualTo("200");
    assertThat(pools.get(0).at("/spec/limits/memory").asText()).isEqualTo("800Gi");
    // Four drivers (the default) on nodes of twice the driver's cores, at least 4 vCPUs.
    int driverCores = Yaml.read(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--format", "json")
        .out()).at("/driver/cores").asInt();
    long driverNode = Math.max(4, Long.highestOneBit(Math.max(1, 2 * driverCores - 1)) * 2);
    assertThat(pools.get(1).at("/spec/limits/cpu").asLong()).isEqualTo(4 * driverNode);
    assertThat(values(pools.get(1), "kubernetes.io/arch")).containsExactly("arm64");
    assertThat(pools.get(0).at("/spec/disruption/consolidationPolicy").asText()).isEqualTo("WhenEmpty");
  }

  @Test
  void karpenterRefusesWhatItCannotShape() {
    for (String[] args : List.of(
        new String[] {"--arch", "sparc", "--data-size", "1TB", "--cloud", "aws"},
        new String[] {"--data-size", "1TB"},
        new String[] {"--data-size", "1TB", "--cloud", "gcp"},
        new String[] {"--data-size", "1TB", "--cloud", "aws", "--spot", "sometimes"},
        // A bare number is ambiguous (MiB to Spark, bytes to Kubernetes): the unit is required.
        new String[] {"--data-size", "1TB", "--cloud", "aws", "--memory-limit", "800"})) {
      Result bad = CliRunner.run(concat(new String[] {"render", "karpenter"}, args));
      assertThat(bad.exitCode()).as(String.join(" ", args) + ": " + bad.err()).isEqualTo(2);
      assertThat(bad.err().strip().lines()).hasSize(1);
    }
  }

  /**
   * Azure VM sizes as the Azure provider labels them (pkg/providers/instancetype/instancetype.go: family letter,
   * version number, vCPUs, memory in MiB, premium storage): name, then those labels.
   */
  private static final String[][] AZURE_SKUS = {
    {"Standard_D16s_v5", "D", "5", "16", "65536", "true"},
    {"Standard_D32s_v5", "D", "5", "32", "131072", "true"},
    {"Standard_D16as_v5", "D", "5", "16", "65536", "true"},
    {"Standard_D16ds_v6", "D", "6", "16", "65536", "true"},
    {"Standard_D16ls_v5", "D", "5", "16", "32768", "true"},
    {"Standard_D16_v5", "D", "5", "16", "65536", "false"},
    {"Standard_D16s_v4", "D", "4", "16", "65536", "true"},
    {"Standard_D8s_v5", "D", "5", "8", "32768", "true"},
    {"Standard_D64s_v5", "D", "5", "64", "262144", "true"},
    {"Standard_E16s_v5", "E", "5", "16", "131072", "true"},
  };

  @Test
  void azureSpotPoolTakesEverySizeOfThePlansShapeNotOneSku() {
    Result azure = CliRunner.run("render", "karpenter", "--data-size", "1TB", "--cloud", "azure");
    assertThat(azure.exitCode()).as(azure.err()).isZero();
    List<JsonNode> pools = Manifests.assertValid(azure.out());
    pools.forEach(p -> assertThat(KarpenterCel.violations(p)).as(p.at("/metadata/name").asText()).isEmpty());
    JsonNode spot = pools.get(0);
    assertThat(spot.at("/spec/template/spec/nodeClassRef/kind").asText()).isEqualTo("AKSNodeClass");
    assertThat(values(spot, "karpenter.azure.com/sku-family")).containsExactly("D");
    // The plan's D16s_v5 (4 GiB per vCPU, premium storage), version 5 and later, at its size and twice it.
    List<String> chosen = java.util.Arrays.stream(AZURE_SKUS).filter(sku -> selects(spot, sku)).map(sku -> sku[0])
        .toList();
    assertThat(chosen).containsExactly("Standard_D16s_v5", "Standard_D32s_v5", "Standard_D16as_v5",
        "Standard_D16ds_v6");
    // The on-demand pool also takes the driver's small node of the same family.
    JsonNode onDemand = pools.get(1);
    assertThat(selects(onDemand, new String[] {"Standard_D4s_v5", "D", "5", "4", "16384", "true"})).isTrue();
    assertThat(selects(onDemand, new String[] {"Standard_E4s_v5", "E", "5", "4", "32768", "true"})).isFalse();
    // A type the labels cannot describe (a subfamily, a constrained size) stays pinned by name.
    Result named = CliRunner.run("render", "karpenter", "--data-size", "100GB", "--cloud", "azure", "--node-type",
        "Standard_E8s_v5");
    JsonNode memory = Manifests.assertValid(named.out()).get(0);
    assertThat(values(memory, "karpenter.azure.com/sku-family")).containsExactly("E");
    assertThat(values(memory, "karpenter.azure.com/sku-memory")).containsExactly("65536", "131072");
  }

  /** Whether a pool's requirements (In, Gt) admit a SKU with these provider labels. */
  private static boolean selects(JsonNode pool, String[] sku) {
    java.util.Map<String, String> labels = java.util.Map.of(
        "karpenter.azure.com/sku-family", sku[1], "karpenter.azure.com/sku-version", sku[2],
        "karpenter.azure.com/sku-cpu", sku[3], "karpenter.azure.com/sku-memory", sku[4],
        "karpenter.azure.com/sku-storage-premium-capable", sku[5]);
    for (JsonNode r : pool.at("/spec/template/spec/requirements")) {
      String value = labels.get(r.path("key").asText());
      if (value == null) {
        continue; // capacity type, arch, os: the same for every SKU here
      }
      List<String> values = java.util.stream.StreamSupport.stream(r.path("values").spliterator(), false)
          .map(JsonNode::asText).toList();
      boolean ok = switch (r.path("operator").asText()) {
        case "In" -> values.contains(value);
        case "Gt" -> Long.parseLong(value) > Long.parseLong(values.get(0));
        default -> throw new AssertionError("operator not modelled: " + r);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static List<String> values(JsonNode pool, String key) {
    for (JsonNode r : pool.at("/spec/template/spec/requirements")) {
      if (r.path("key").asText().equals(key)) {
        return java.util.stream.StreamSupport.stream(r.path("values").spliterator(), false)
            .map(JsonNode::asText).toList();
      }
    }
    throw new AssertionError("no requirement " + key + " in " + pool);
  }

  private static String[] concat(String[] a, String[] b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }
}
