package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.render.Cli.Result;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.Yaml;
import org.junit.jupiter.api.Test;

class NodeRenderTest {

  @Test
  void priorityExpanderConfigMapPrefersSpot() {
    Result r = Cli.run("render", "cluster-autoscaler", "--cloud", "aws");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cm = Manifests.assertValid(r.out()).get(0);
    assertThat(cm.at("/metadata/name").asText()).isEqualTo("cluster-autoscaler-priority-expander");
    assertThat(cm.at("/metadata/namespace").asText()).isEqualTo("kube-system");
    JsonNode priorities = Yaml.read(cm.at("/data/priorities").asText());
    assertThat(priorities.path("50")).extracting(JsonNode::asText).containsExactly(".*spot.*");
    assertThat(priorities.path("10")).extracting(JsonNode::asText).containsExactly(".*");
  }

  @Test
  void customGroupsAndBadRegex() {
    Result r = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--spot-groups", ".*-preemptible-.*",
        "--spot-groups", ".*-spot-.*", "--on-demand-groups", ".*-standard-.*");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode priorities = Yaml.read(Manifests.assertValid(r.out()).get(0).at("/data/priorities").asText());
    assertThat(priorities.path("50")).hasSize(2);
    Result bad = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--spot-groups", "(spot");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--spot-groups");
    Result cloud = Cli.run("render", "cluster-autoscaler", "--cloud", "oracle");
    assertThat(cloud.exitCode()).isEqualTo(2);
    assertThat(cloud.err()).contains("--cloud");
  }

  @Test
  void chartValuesCarryTheRecommendedFlags() {
    Result r = Cli.run("render", "cluster-autoscaler", "--cloud", "gcp", "--chart-values", "--cluster-name", "prod");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode values = Yaml.read(r.out());
    assertThat(values.path("cloudProvider").asText()).isEqualTo("gce");
    assertThat(values.at("/autoDiscovery/clusterName").asText()).isEqualTo("prod");
    assertThat(values.at("/extraArgs/expander").asText()).isEqualTo("priority,least-waste");
    assertThat(values.at("/extraArgs/skip-nodes-with-local-storage").asBoolean(true)).isFalse();
    assertThat(values.at("/expanderPriorities/50/0").asText()).isEqualTo(".*spot.*");
    Result missing = Cli.run("render", "cluster-autoscaler", "--cloud", "aws", "--chart-values");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--cluster-name");
  }

  @Test
  void karpenterNodePoolIsSpotOnlyTaintedAndLimited() {
    Result r = Cli.run("render", "karpenter", "--cpu-limit", "200", "--memory-limit", "800Gi", "--arch", "arm64");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode pool = Manifests.assertValid(r.out()).get(0);
    JsonNode requirement = pool.at("/spec/template/spec/requirements/0");
    assertThat(requirement.path("key").asText()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(requirement.path("values")).extracting(JsonNode::asText).containsExactly("spot");
    assertThat(pool.at("/spec/template/spec/taints/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(pool.at("/spec/limits/cpu").asText()).isEqualTo("200");
    assertThat(pool.at("/spec/limits/memory").asText()).isEqualTo("800Gi");
    assertThat(pool.at("/spec/disruption/consolidationPolicy").asText()).isEqualTo("WhenEmpty");
    Result bad = Cli.run("render", "karpenter", "--arch", "sparc");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--arch");
  }
}
