package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.GoYaml;
import io.sparkscale.render.KarpenterCel;
import io.sparkscale.render.Manifests;
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
  void gkeGetsGcloudCommandsBecauseItsAutoscalerIsManaged() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "analytics",
        "--region", "us-central1", "--max-nodes", "40");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).doesNotContain("kind: ConfigMap").startsWith("#!/bin/sh\n");
    assertThat(r.out().lines().filter(l -> l.startsWith("gcloud ")))
        .containsExactly(
            "gcloud container clusters update analytics --location us-central1 --autoscaling-profile"
                + " optimize-utilization",
            "gcloud container node-pools create spark-spot --cluster analytics --location us-central1 --spot"
                + " --machine-type n2-standard-16 --enable-autoscaling --total-min-nodes 0 --total-max-nodes 40"
                + " --node-taints cloud.google.com/gke-spot=true:NoSchedule",
            "gcloud container node-pools create spark-on-demand --cluster analytics --location us-central1"
                + " --machine-type n2-standard-16 --enable-autoscaling --total-min-nodes 0 --total-max-nodes 40");
    for (String[] refused : List.of(
        new String[] {"--cloud", "gcp", "--chart-values", "--cluster-name", "a"},
        new String[] {"--cloud", "gcp", "--region", "us-central1"},
        new String[] {"--cloud", "azure", "--chart-values", "--cluster-name", "a"},
        new String[] {"--cloud", "azure", "--cluster-name", "a"})) {
      Result bad = CliRunner.run(concat(new String[] {"render", "cluster-autoscaler"}, refused));
      assertThat(bad.exitCode()).as(String.join(" ", refused)).isEqualTo(2);
      assertThat(bad.err().strip().lines()).hasSize(1);
    }
  }

  @Test
  void aksGetsItsAutoscalerProfileASpotPoolAndTheConfigMap() {
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "analytics",
        "--resource-group", "rg-data");
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] parts = r.out().split("\n---\n");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).contains("# file: aks-spot-node-pools.sh")
        .contains("az aks update --resource-group rg-data --name analytics --cluster-autoscaler-profile"
            + " expander=priority")
        .contains("skip-nodes-with-local-storage=false")
        .contains("az aks nodepool add --resource-group rg-data --cluster-name analytics --name sparkspot"
            + " --priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size Standard_D16s_v5");
    JsonNode cm = Manifests.assertValid(parts[1]).get(0);
    assertThat(GoYaml.mapping(cm.at("/data/priorities").asText()).keySet()).containsExactly(50, 10);
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
    Result azure = CliRunner.run("render", "karpenter", "--data-size", "100GB", "--cloud", "azure");
    assertThat(azure.exitCode()).as(azure.err()).isZero();
    JsonNode pool = Manifests.assertValid(azure.out()).get(0);
    assertThat(pool.at("/spec/template/spec/nodeClassRef/kind").asText()).isEqualTo("AKSNodeClass");
    assertThat(values(pool, "node.kubernetes.io/instance-type")).containsExactly("Standard_D16s_v5");
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
