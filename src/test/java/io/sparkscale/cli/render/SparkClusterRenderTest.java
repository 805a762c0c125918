package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import io.sparkscale.units.Cpu;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkClusterRenderTest {

  static final String[] CLUSTER = {
    "render", "sparkcluster", "--name", "ingest", "--namespace", "spark", "--image", "apache/spark:4.1.0",
    "--data-size", "2TB", "--cloud", "aws", "--node-type", "r5.4xlarge",
    "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--prefix", "incoming/"
  };

  static Result run(String... more) {
    return CliRunner.run(Stream.concat(Stream.of(CLUSTER), Stream.of(more)).toArray(String[]::new));
  }

  /** kind -> document, for a successful render; stdout is Kubernetes objects only, each valid. */
  static Map<String, JsonNode> render(String... more) {
    Result r = run(more);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = Manifests.assertValid(r.out());
    return docs.stream().collect(Collectors.toMap(d -> d.path("kind").asText(), d -> d));
  }

  @Test
  void rendersAClusterItsBudgetAndAScaledObjectOnTheWorkerStatefulSet() {
    Map<String, JsonNode> docs = render("--min-workers", "1", "--max-workers", "6");
    assertThat(docs).containsOnlyKeys("SparkCluster", "PodDisruptionBudget", "ScaledObject", "ConfigMap");
    JsonNode target = docs.get("ScaledObject").at("/spec/scaleTargetRef");
    assertThat(target.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(target.path("kind").asText()).isEqualTo("StatefulSet");
    // SparkClusterResourceSpec.buildWorkerStatefulSet: withName(name + "-worker").
    assertThat(target.path("name").asText()).isEqualTo("ingest-worker");
    assertThat(docs.get("ScaledObject").at("/spec/minReplicaCount").asInt()).isEqualTo(1);
    assertThat(docs.get("ScaledObject").at("/spec/maxReplicaCount").asInt()).isEqualTo(6);
    assertThat(docs.get("ScaledObject").at("/spec/triggers/0/metadata/bucket").asText()).isEqualTo("landing");
  }

  @Test
  void theOperatorMakesNoHpaAndNoPdbSoKedaIsTheOnlyAutoscaler() {
    JsonNode instances = render("--min-workers", "2", "--max-workers", "9")
        .get("SparkCluster").at("/spec/clusterTolerations/instanceConfig");
    int min = instances.path("minWorkers").asInt();
    int max = instances.path("maxWorkers").asInt();
    // buildHorizontalPodAutoscaler: `if (getMinWorkers() >= getMaxWorkers()) return Optional.empty()`.
    assertThat(min).isGreaterThanOrEqualTo(max);
    // buildPodDisruptionBudget: `if (getMinWorkers() < 1) return Optional.empty()`: ours is the only PDB.
    assertThat(min).isLessThan(1);
    // buildWorkerStatefulSet(... getInitWorkers() ...): the StatefulSet starts at KEDA's minimum.
    assertThat(instances.path("initWorkers").asInt()).isEqualTo(2);
  }

  @Test
  void scaleToZeroStartsWithNoWorkers() {
    Map<String, JsonNode> docs = render("--min-workers", "0", "--max-workers", "4");
    assertThat(docs.get("SparkCluster").at("/spec/clusterTolerations/instanceConfig/initWorkers").asInt()).isZero();
    assertThat(docs.get("ScaledObject").at("/spec/minReplicaCount").asInt()).isZero();
  }

  @Test
  void workerPodPacksOneNodeWithRightsizesExecutorsAndTheDaemon() {
    JsonNode worker = render("--max-workers", "3")
        .get("SparkCluster").at("/spec/workerSpec/statefulSetSpec/template/spec/containers/0");
    assertThat(worker.path("name").asText()).isEqualTo("worker");
    Map<String, String> env = new java.util.HashMap<>();
    worker.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    Result plan = CliRunner.run("rightsize", "--data-size", "2TB", "--cloud", "aws", "--node-type", "r5.4xlarge",
        "--daemonset-cpu", "300m", "--daemonset-memory", "1280Mi", "--format", "json");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    JsonNode p = io.sparkscale.render.Yaml.read(plan.out());
    int perNode = p.at("/node/executorsPerNode").asInt();
    assertThat(env).containsEntry("SPARK_WORKER_CORES", Integer.toString(perNode * p.at("/executor/cores").asInt()))
        .containsEntry("SPARK_WORKER_MEMORY", perNode * p.at("/executor/memoryMiB").asLong() + "m");
    long memoryMiB = Long.parseLong(worker.at("/resources/requests/memory").asText().replace("Mi", ""));
    long cpuMillis = Cpu.parseMillis("cpu", worker.at("/resources/requests/cpu").asText());
    long freeMemory = p.at("/node/allocatableMemoryMiB").asLong() - 512;
    long freeCpu = p.at("/node/allocatableCpuMillis").asLong() - 200;
    assertThat(memoryMiB).as("fits the node beside the default DaemonSets").isLessThanOrEqualTo(freeMemory)
        .isEqualTo(perNode * p.at("/executor/podMemoryMiB").asLong() + 768);
    assertThat(cpuMillis).isLessThanOrEqualTo(freeCpu);
    assertThat(worker.at("/resources/limits/memory").asText()).isEqualTo(worker.at("/resources/requests/memory").asText());
    assertThat(worker.at("/resources/limits/cpu").isMissingNode()).as("no CPU limit").isTrue();
    assertThat(worker.at("/resources/requests/ephemeral-storage").asText())
        .as("its executors' local disk").isEqualTo(perNode * p.at("/localDisk/executorRequestMiB").asLong() / 1024 + "Gi");
    assertThat(worker.at("/lifecycle/preStop/exec/command/2").asText()).contains("decommission-worker.sh");
  }

  @Test
  void scaleDownIsOneWorkerPerPeriodAndTheBudgetOneAtATime() {
    Map<String, JsonNode> docs = render("--scale-down-period", "900");
    JsonNode scaleDown = docs.get("ScaledObject").at("/spec/advanced/horizontalPodAutoscalerConfig/behavior/scaleDown");
    assertThat(scaleDown.path("stabilizationWindowSeconds").asInt()).isEqualTo(900);
    assertThat(scaleDown.at("/policies/0/type").asText()).isEqualTo("Pods");
    assertThat(scaleDown.at("/policies/0/value").asInt()).isEqualTo(1);
    assertThat(scaleDown.at("/policies/0/periodSeconds").asInt()).isEqualTo(900);
    assertThat(scaleDown.path("policies")).hasSize(1);
    assertThat(scaleDown.path("selectPolicy").asText()).isEqualTo("Max");
    JsonNode pdb = docs.get("PodDisruptionBudget");
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    assertThat(pdb.at("/spec/selector/matchLabels/spark.operator~1spark-cluster-name").asText()).isEqualTo("ingest");
    assertThat(pdb.at("/spec/selector/matchLabels/spark-role").asText()).isEqualTo("worker");
  }

  @Test
  void aScalerOutageKeepsTheWorkersThatRun() {
    JsonNode so = render("--fallback-replicas", "2").get("ScaledObject");
    assertThat(so.at("/spec/fallback/behavior").asText()).isEqualTo("currentReplicasIfHigher");
    assertThat(so.at("/spec/fallback/replicas").asInt()).isEqualTo(2);
    assertRefused(new String[] {"--scale-down-period", "3600"}, "--scale-down-period");
  }

  @Test
  void maxWorkersDefaultsToTheNodesRightsizePlans() {
    Map<String, JsonNode> docs = render();
    Result plan = CliRunner.run("rightsize", "--data-size", "2TB", "--cloud", "aws", "--node-type", "r5.4xlarge",
        "--daemonset-cpu", "300m", "--daemonset-memory", "1280Mi", "--format", "json");
    int nodes = io.sparkscale.render.Yaml.read(plan.out()).at("/cluster/nodes").asInt();
    assertThat(docs.get("ScaledObject").at("/spec/maxReplicaCount").asInt()).isEqualTo(nodes);
  }

  @Test
  void daemonSettingsFollowTheSparkVersion() {
    JsonNode v35 = render("--spark-version", "3.5.6").get("SparkCluster").at("/spec/sparkConf");
    assertThat(v35.path("spark.decommission.enabled").asText()).isEqualTo("true");
    assertThat(v35.path("spark.worker.cleanup.enabled").asText()).as("off by default before 4.0").isEqualTo("true");
    JsonNode v40 = render("--spark-version", "4.0.0").get("SparkCluster").at("/spec/sparkConf");
    assertThat(v40.has("spark.worker.cleanup.enabled")).as("on by default from 4.0").isFalse();
    assertThat(v40.path("spark.kubernetes.container.image").asText()).isEqualTo("apache/spark:4.1.0");
    assertThat(render("--spark-version", "4.0.0").get("SparkCluster").at("/spec/runtimeVersions/sparkVersion").asText())
        .isEqualTo("4.0.0");
  }

  @Test
  void clientConfPointsAtTheMasterWithExecutorsTheWorkersHost(@TempDir Path dir) throws Exception {
    JsonNode configMap = render("--max-workers", "2").get("ConfigMap");
    assertThat(configMap.at("/metadata/name").asText()).isEqualTo("ingest-spark-defaults");
    assertThat(configMap.at("/metadata/namespace").asText()).isEqualTo("spark");
    assertThat(configMap.path("data").properties()).hasSize(1);
    String conf = configMap.at("/data/spark-defaults.conf").asText();
    assertThat(conf).contains("spark.master spark://ingest-master-svc.spark.svc:7077\n")
        .contains("spark.dynamicAllocation.enabled true\n").contains("spark.decommission.enabled true\n");

    // -o DIR: the same ConfigMap for kubectl, and the plain file for a spark-submit outside the cluster.
    Result r = run("--max-workers", "2", "-o", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(dir.resolve("spark-defaults.conf"))).isEqualTo(conf);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
          "sparkcluster-ingest.yaml", "poddisruptionbudget-ingest-worker.yaml", "scaledobject-ingest-worker.yaml",
          "configmap-ingest-spark-defaults.yaml", "spark-defaults.conf");
    }
    assertThat(Manifests.assertValid(Files.readString(dir.resolve("configmap-ingest-spark-defaults.yaml"))))
        .containsExactly(configMap);
  }

  @Test
  void refusesWhatCannotWork() {
    assertRefused(new String[] {"--max-workers", "2", "--min-workers", "3"}, "--max-workers: 2 is below --min-workers 3");
    assertRefused(new String[] {"--spark-version", "3.0.3"}, "--spark-version");
    Result noNode = CliRunner.run("render", "sparkcluster", "--name", "ingest", "--image", "apache/spark:4.1.0",
        "--data-size", "1TB", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing");
    assertThat(noNode.exitCode()).isEqualTo(2);
    assertThat(noNode.err()).contains("--cloud (or --node-type or --node-cores/--node-memory): required");
    Result longName = CliRunner.run("render", "sparkcluster", "--name", "a".repeat(53), "--image", "apache/spark:4.1.0",
        "--data-size", "1TB", "--cloud", "aws", "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing");
    assertThat(longName.exitCode()).isEqualTo(2);
    assertThat(longName.err()).contains("--name").contains("NAME-master-svc");
  }

  private static void assertRefused(String[] more, String message) {
    Result r = run(more);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains(message);
    assertThat(r.out()).isEmpty();
  }
}
