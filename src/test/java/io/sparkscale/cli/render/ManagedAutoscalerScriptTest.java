package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.render.GoYaml;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.StandInCloud;
import io.sparkscale.render.StandInCloud.Run;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GKE and AKS scripts run against {@link StandInCloud}: what is checked is the order. Nothing changes before
 * every check has passed, the cluster-wide profile comes last (on AKS after the priority expander's
 * ConfigMap), and a second run finishes what a failed first run left.
 */
class ManagedAutoscalerScriptTest {

  @TempDir Path dir;

  @Test
  void gkeCreatesThePoolsThenSetsTheProfileAndARerunOnlyUpdatesLimits() throws Exception {
    String script = gkeScript("--data-size", "1TB");
    StandInCloud cloud = new StandInCloud(dir).zones("us-central1-a", "us-central1-b");
    Run first = cloud.run(script);
    assertThat(first.exitCode()).as(first.output()).isZero();
    List<String> changes = first.changes();
    assertThat(changes).hasSize(3);
    assertThat(changes.get(0)).startsWith("gcloud container node-pools create spark-spot ")
        .contains("--machine-type n2-standard-16", " --spot ", "--num-nodes 0", "--total-max-nodes 117");
    assertThat(changes.get(1)).startsWith("gcloud container node-pools create spark-on-demand ")
        .doesNotContain("--spot").contains("--total-max-nodes 118");
    assertThat(changes.get(2)).contains("--autoscaling-profile optimize-utilization");
    // Every check ran before the first change.
    assertThat(first.calls().indexOf(changes.get(0)))
        .isGreaterThan(first.calls().lastIndexOf(lastCall(first, "machine-types describe")));

    Run again = cloud.run(script);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.changes()).containsExactly(
        "gcloud container clusters update analytics --location us-central1 --node-pool spark-spot"
            + " --enable-autoscaling --total-min-nodes 0 --total-max-nodes 117",
        "gcloud container clusters update analytics --location us-central1 --node-pool spark-on-demand"
            + " --enable-autoscaling --total-min-nodes 0 --total-max-nodes 118",
        "gcloud container clusters update analytics --location us-central1 --autoscaling-profile"
            + " optimize-utilization");
  }

  @Test
  void gkeChangesNothingWhenACheckFails() throws Exception {
    String script = gkeScript("--max-nodes", "20");
    StandInCloud cloud = new StandInCloud(dir).zones("us-central1-a", "us-central1-b");
    cloud.withdraw("us-central1-b", "n2-standard-16");
    Run missingType = cloud.run(script);
    assertThat(missingType.exitCode()).isNotZero();
    assertThat(missingType.changes()).isEmpty();

    cloud.zones("us-central1-a", "us-central1-b");
    cloud.pool("spark-spot", "n2-standard-16", ""); // same name, not spot
    Run wrongPool = cloud.run(script);
    assertThat(wrongPool.exitCode()).isNotZero();
    assertThat(wrongPool.output()).contains("node pool spark-spot exists as n2-standard-16 (spot: False)");
    assertThat(wrongPool.changes()).isEmpty();
  }

  @Test
  void gkeRunAgainAfterAFailedCreateFinishesTheJob() throws Exception {
    String script = gkeScript("--max-nodes", "20");
    StandInCloud cloud = new StandInCloud(dir).zones("us-central1-a");
    cloud.failCallsWith("node-pools create spark-on-demand");
    Run failed = cloud.run(script);
    assertThat(failed.exitCode()).isNotZero();
    assertThat(failed.changes()).hasSize(2).noneMatch(c -> c.contains("--autoscaling-profile"));
    cloud.stopFailing();
    Run second = cloud.run(script);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.changes()).extracting(c -> c.replaceAll(" --location.*", ""))
        .containsExactly("gcloud container clusters update analytics",
            "gcloud container node-pools create spark-on-demand --cluster analytics",
            "gcloud container clusters update analytics");
  }

  @Test
  void aksAppliesTheConfigMapAfterTheChecksAndSwitchesToThePriorityExpanderLast() throws Exception {
    String script = aksScript("--data-size", "1TB");
    StandInCloud cloud = new StandInCloud(dir);
    cloud.offerSku("Standard_D16s_v5");
    // kubectl cannot apply to kube-system (no rights, no cluster): the dry run fails, nothing has changed.
    cloud.failCallsWith("apply --dry-run=server");
    Run refused = cloud.run(script);
    assertThat(refused.exitCode()).isNotZero();
    assertThat(refused.changes()).isEmpty();

    cloud.stopFailing();
    Run first = cloud.run(script);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.changes()).hasSize(4);
    assertThat(first.changes().get(0)).isEqualTo("kubectl apply -f -");
    assertThat(first.changes().get(1)).startsWith("az aks nodepool add ").contains("--name sparkspot",
        "--priority Spot", "--node-count 0", "--enable-cluster-autoscaler --min-count 0 --max-count 117");
    assertThat(first.changes().get(2)).contains("--name sparkdemand", "--max-count 118").doesNotContain("Spot");
    assertThat(first.changes().get(3)).startsWith("az aks update ").contains("expander=priority");
    // Every check, the dry run included, came before the first change.
    assertThat(first.calls().subList(0, first.calls().indexOf("kubectl apply -f -")))
        .anyMatch(c -> c.startsWith("az vm list-skus "))
        .anyMatch(c -> c.startsWith("kubectl apply --dry-run=server "))
        .anyMatch(c -> c.contains("--name sparkspot --query vmSize"))
        .anyMatch(c -> c.contains("--name sparkdemand --query vmSize"));
    JsonNode configMap = Manifests.assertValid(first.applied()).get(0);
    assertThat(configMap.at("/metadata/name").asText()).isEqualTo("cluster-autoscaler-priority-expander");
    assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("kube-system");
    assertThat(GoYaml.mapping(configMap.at("/data/priorities").asText()).keySet()).containsExactly(50, 10);
  }

  @Test
  void aksUpdatesExistingPoolsTheWayAzAcceptsForTheirAutoscalerState() throws Exception {
    String script = aksScript("--max-nodes", "20");
    StandInCloud cloud = new StandInCloud(dir);
    cloud.offerSku("Standard_D16s_v5");
    cloud.pool("sparkspot", "Standard_D16s_v5", "spot", "on");
    cloud.pool("sparkdemand", "Standard_D16s_v5", "regular", "off");
    Run r = cloud.run(script);
    assertThat(r.exitCode()).as(r.output()).isZero();
    assertThat(r.changes()).hasSize(4);
    assertThat(r.changes().get(1)).contains("--name sparkspot --update-cluster-autoscaler --min-count 0 --max-count 20");
    assertThat(r.changes().get(2)).contains("--name sparkdemand --enable-cluster-autoscaler --min-count 0 --max-count 20");
    assertThat(cloud.describe("sparkdemand")).endsWith("on");

    cloud.withdrawSku("Standard_D16s_v5");
    Run notOffered = cloud.run(script);
    assertThat(notOffered.exitCode()).isNotZero();
    assertThat(notOffered.output()).contains("Standard_D16s_v5 is not offered in eastus");
    assertThat(notOffered.changes()).isEmpty();
  }

  @Test
  void machineTypesAreTheClouds() {
    Result aws = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--max-nodes", "5", "--node-type", "r5.4xlarge");
    assertThat(aws.exitCode()).isEqualTo(2);
    assertThat(aws.err()).contains("--node-type: 'r5.4xlarge' is a node type of --cloud aws, not gcp");
    Result unknown = CliRunner.run("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "a",
        "--resource-group", "rg", "--max-nodes", "5", "--node-type", "Standard_D16s_v9");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("--node-type: unknown node type 'Standard_D16s_v9'");
    Result custom = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "1TB", "--node-cores", "16", "--node-memory", "64g");
    assertThat(custom.exitCode()).isEqualTo(2);
    assertThat(custom.err()).contains("--node-type: required for the node pools");
  }

  @Test
  void thePoolsCeilingComesFromThePlanOrIsGiven() {
    Result none = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("--data-size (or --max-nodes): required with --cloud gcp");
    Result plan = CliRunner.run("rightsize", "--data-size", "5TB", "--cloud", "gcp", "--executor-preset", "large",
        "--format", "json");
    int nodes = io.sparkscale.render.Yaml.read(plan.out()).at("/cluster/nodes").asInt();
    Result sized = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "5TB", "--executor-preset", "large");
    assertThat(sized.exitCode()).as(sized.err()).isZero();
    assertThat(sized.out()).contains("--total-max-nodes " + nodes + "\n", "--total-max-nodes " + (nodes + 1) + "\n");
    Result capped = CliRunner.run("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "a", "--location",
        "us-central1", "--data-size", "5TB", "--max-nodes", "12");
    assertThat(capped.out()).contains("--total-max-nodes 12\n", "--total-max-nodes 13\n");
    // Sizing flags without a plan, or on aws where node groups are made elsewhere, would do nothing: refused.
    for (String[] args : List.of(
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--location", "l", "--max-nodes", "3",
            "--executor-preset", "large"},
        new String[] {"--cloud", "aws", "--data-size", "1TB"},
        new String[] {"--cloud", "aws", "--region", "us-east-1"},
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--region", "us-central1", "--max-nodes", "3"})) {
      Result bad = CliRunner.run(concat(new String[] {"render", "cluster-autoscaler"}, args));
      assertThat(bad.exitCode()).as(String.join(" ", args) + ": " + bad.err()).isEqualTo(2);
      assertThat(bad.err().strip().lines()).hasSize(1);
    }
  }

  /** GKE's --region became --location (--region is the sizing flags' bucket region): the old spelling says so. */
  @Test
  void gkeRegionIsNowLocation() {
    for (String[] args : List.of(
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--region", "us-central1", "--max-nodes", "3"},
        new String[] {"--cloud", "gcp", "--cluster-name", "a", "--region", "us-central1", "--data-size", "1TB"})) {
      Result old = CliRunner.run(concat(new String[] {"render", "cluster-autoscaler"}, args));
      assertThat(old.exitCode()).isEqualTo(2);
      assertThat(old.err()).isEqualTo("sparkscale render cluster-autoscaler: --region: with --cloud gcp the"
          + " cluster's location is --location (gcloud's name for it)\n");
    }
  }

  private static String gkeScript(String... sizing) {
    return script(concat(new String[] {"render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name",
        "analytics", "--location", "us-central1"}, sizing));
  }

  private static String aksScript(String... sizing) {
    String script = script(concat(new String[] {"render", "cluster-autoscaler", "--cloud", "azure",
        "--cluster-name", "analytics", "--resource-group", "rg-data"}, sizing));
    // One document: the script applies the ConfigMap itself.
    assertThat(script).doesNotContain("\n---\n");
    return script;
  }

  private static String script(String[] args) {
    Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("#!/bin/sh\n");
    return r.out();
  }

  /** The last call containing {@code text}. */
  private static String lastCall(Run run, String text) {
    List<String> matching = run.calls().stream().filter(c -> c.contains(text)).toList();
    assertThat(matching).as("calls containing " + text).isNotEmpty();
    return matching.get(matching.size() - 1);
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
  }
}
