package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkRenderTest {

  static final String[] APP = {
    "render", "sparkapplication", "--name", "etl", "--namespace", "spark", "--image", "apache/spark:4.1.0",
    "--main-application-file", "local:///opt/spark/examples/jars/spark-examples.jar",
    "--main-class", "org.apache.spark.examples.SparkPi", "--data-size", "1TB"
  };

  static Result run(String[] base, String... more) {
    return CliRunner.run(Stream.concat(Stream.of(base), Stream.of(more)).toArray(String[]::new));
  }

  static JsonNode app(String... more) {
    Result r = run(APP, more);
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = Manifests.assertValid(r.out());
    assertThat(docs).hasSize(1);
    return docs.get(0).path("spec");
  }

  @Test
  void baseHasDynamicAllocationWithShuffleTrackingAndNoPlacement() {
    JsonNode spec = app("--cloud", "aws", "--node-type", "r5.4xlarge", "--", "1000");
    assertThat(spec.at("/dynamicAllocation/enabled").asBoolean()).isTrue();
    assertThat(spec.at("/dynamicAllocation/shuffleTrackingEnabled").asBoolean()).isTrue();
    assertThat(spec.at("/dynamicAllocation/maxExecutors").asInt()).isPositive();
    assertThat(spec.path("type").asText()).isEqualTo("Scala");
    assertThat(spec.path("sparkVersion").asText()).isEqualTo("4.2.0");
    assertThat(spec.path("arguments")).extracting(JsonNode::asText).containsExactly("1000");
    assertThat(spec.at("/executor/nodeSelector").isMissingNode()).isTrue();
    assertThat(spec.at("/driver/affinity").isMissingNode()).isTrue();
    assertThat(spec.path("sparkConf").has("spark.decommission.enabled")).isFalse();
    assertThat(spec.path("sparkConf").has("spark.executor.memory")).as("kept in spec fields").isFalse();
    assertThat(spec.at("/sparkConf/spark.sql.shuffle.partitions").isTextual()).isTrue();
  }

  /** Spark has no key for it: the operator hands executor.template to Spark as the executor pod template. */
  @Test
  void executorsRequestTheirLocalDiskThroughThePodTemplate() throws Exception {
    JsonNode spec = app("--cloud", "aws", "--node-type", "r5d.4xlarge");
    JsonNode plan = io.sparkscale.render.Yaml.read(CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws",
        "--node-type", "r5d.4xlarge", "--format", "json").out());
    JsonNode container = spec.at("/executor/template/spec/containers/0");
    assertThat(container.path("name").asText()).isEqualTo("spark-kubernetes-executor");
    assertThat(container.at("/resources/requests/ephemeral-storage").asText())
        .isEqualTo(plan.at("/localDisk/executorRequestMiB").asLong() / 1024 + "Gi");
    assertThat(plan.at("/localDisk/nodeDiskBytes").asLong()).isEqualTo(600_000_000_000L);
  }

  @Test
  void executorShapeIsWhatRightsizePlans() {
    JsonNode spec = app("--cloud", "aws", "--node-type", "r5.4xlarge");
    Result conf = CliRunner.run("rightsize", "--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge",
        "--format", "spark-conf");
    assertThat(conf.exitCode()).as(conf.err()).isZero();
    assertThat(conf.out())
        .contains("spark.executor.cores " + spec.at("/executor/cores").asText() + "\n")
        .contains("spark.executor.memory " + spec.at("/executor/memory").asText() + "\n")
        .contains("spark.dynamicAllocation.maxExecutors " + spec.at("/dynamicAllocation/maxExecutors").asText());
  }

  @Test
  void costOptimizedOnAwsPutsExecutorsOnSpotAndTheDriverOff() {
    JsonNode spec = app("--preset", "cost-optimized", "--cloud", "aws",
        "--fallback-storage-path", "s3a://spill/spark/");
    // Preferred, not required: the on-demand pool can take executors when spot runs out.
    assertThat(spec.at("/executor/nodeSelector").isMissingNode()).isTrue();
    assertThat(spec.at("/executor/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution")
        .isMissingNode()).isTrue();
    JsonNode preferred = spec.at("/executor/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0");
    assertThat(preferred.path("weight").asInt()).isEqualTo(100);
    assertThat(preferred.at("/preference/matchExpressions/0/key").asText()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(preferred.at("/preference/matchExpressions/0/operator").asText()).isEqualTo("In");
    assertThat(preferred.at("/preference/matchExpressions/0/values/0").asText()).isEqualTo("spot");
    assertThat(spec.at("/executor/tolerations")).extracting(t -> t.path("key").asText())
        .containsExactly("sparkscale.io/spark-executor", "sparkscale.io/spark");
    assertThat(spec.at("/driver/tolerations")).extracting(t -> t.path("key").asText())
        .containsExactly("sparkscale.io/spark");
    assertThat(spec.at("/driver/annotations/karpenter.sh~1do-not-disrupt").asText()).isEqualTo("true");
    assertThat(spec.at("/driver/annotations/cluster-autoscaler.kubernetes.io~1safe-to-evict").asText())
        .isEqualTo("false");
    assertThat(spec.at("/executor/terminationGracePeriodSeconds").asInt()).isEqualTo(120);
    JsonNode expression = spec.at(
        "/driver/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0");
    assertThat(expression.path("key").asText()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(expression.path("operator").asText()).isEqualTo("NotIn");
    assertThat(spec.at("/dynamicAllocation/minExecutors").asInt()).isZero();
    JsonNode conf = spec.path("sparkConf");
    assertThat(conf.path("spark.decommission.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.storage.decommission.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.storage.decommission.shuffleBlocks.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.storage.decommission.rddBlocks.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.storage.decommission.fallbackStorage.path").asText()).isEqualTo("s3a://spill/spark/");
    assertThat(conf.has("spark.executor.decommission.enabled")).as("no such Spark key").isFalse();
  }

  @Test
  void costOptimizedUsesEachProvisionersSpotLabelAndTaint() {
    JsonNode gke = app("--preset", "cost-optimized", "--cloud", "gcp");
    assertThat(preferredSpot(gke)).isEqualTo("cloud.google.com/gke-spot=true");
    assertThat(gke.at("/executor/tolerations/0/key").asText()).isEqualTo("cloud.google.com/gke-spot");
    assertThat(gke.at("/executor/tolerations/0/effect").asText()).isEqualTo("NoSchedule");
    assertThat(gke.at("/executor/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    JsonNode aks = app("--preset", "cost-optimized", "--cloud", "azure");
    assertThat(preferredSpot(aks)).isEqualTo("kubernetes.azure.com/scalesetpriority=spot");
    assertThat(aks.at("/executor/tolerations/0/key").asText()).isEqualTo("kubernetes.azure.com/scalesetpriority");
    assertThat(aks.at("/executor/tolerations/0/value").asText()).isEqualTo("spot");
    JsonNode eks = app("--preset", "cost-optimized", "--cloud", "aws", "--node-provisioner", "eks-managed");
    assertThat(preferredSpot(eks)).isEqualTo("eks.amazonaws.com/capacityType=SPOT");
    JsonNode caOnAws = app("--preset", "cost-optimized", "--cloud", "aws", "--node-provisioner", "cluster-autoscaler");
    assertThat(preferredSpot(caOnAws)).isEqualTo("eks.amazonaws.com/capacityType=SPOT");
    assertThat(eks.at("/driver/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
        + "/nodeSelectorTerms/0/matchExpressions/0/values/0").asText()).isEqualTo("SPOT");
    JsonNode karpenterOnAzure =
        app("--preset", "cost-optimized", "--cloud", "azure", "--node-provisioner", "karpenter");
    assertThat(preferredSpot(karpenterOnAzure)).isEqualTo("karpenter.sh/capacity-type=spot");
  }

  @Test
  void spotOnlyIsAnExplicitChoice() {
    JsonNode only = app("--preset", "cost-optimized", "--cloud", "aws", "--spot", "only");
    JsonNode expression = only.at("/executor/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution"
        + "/nodeSelectorTerms/0/matchExpressions/0");
    assertThat(expression.path("key").asText()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(expression.path("operator").asText()).isEqualTo("In");
    assertThat(only.at("/executor/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution")
        .isMissingNode()).isTrue();
    // Spot only: executors never go to the on-demand pool, so they do not tolerate its taint.
    assertThat(only.at("/executor/tolerations")).extracting(t -> t.path("key").asText())
        .containsExactly("sparkscale.io/spark-executor");
  }

  @Test
  void theDriverIsProtectedInEveryPreset() {
    JsonNode base = app("--cloud", "aws");
    assertThat(base.at("/driver/annotations/karpenter.sh~1do-not-disrupt").asText()).isEqualTo("true");
    assertThat(base.at("/driver/annotations/cluster-autoscaler.kubernetes.io~1safe-to-evict").asText())
        .isEqualTo("false");
    Result conf = CliRunner.run("render", "spark-conf", "--data-size", "500GB", "--cloud", "gcp");
    assertThat(conf.out())
        .contains("spark.kubernetes.driver.annotation.karpenter.sh/do-not-disrupt true\n")
        .contains("spark.kubernetes.driver.annotation.cluster-autoscaler.kubernetes.io/safe-to-evict false\n");
  }

  private static String preferredSpot(JsonNode spec) {
    JsonNode e = spec.at("/executor/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0"
        + "/preference/matchExpressions/0");
    return e.path("key").asText() + "=" + e.at("/values/0").asText();
  }

  @Test
  void memoryBoundResizesExecutorsInPlaceFromSpark42Only() {
    JsonNode kubeflow = app("--memory-bound");
    assertThat(kubeflow.path("sparkVersion").asText()).as("the default release").isEqualTo("4.2.0");
    assertThat(kubeflow.at("/sparkConf/spark.plugins").asText())
        .isEqualTo("org.apache.spark.scheduler.cluster.k8s.ExecutorResizePlugin");
    assertThat(kubeflow.at("/sparkConf/spark.kubernetes.allocation.pods.allocator").asText()).isEqualTo("direct");
    assertThat(kubeflow.at("/sparkConf/spark.kubernetes.executor.resizeInterval").asText()).isEqualTo("1m");
    Result apache = run(APP, "--operator", "apache", "--memory-bound", "--spark-version", "4.2.1");
    assertThat(apache.exitCode()).as(apache.err()).isZero();
    assertThat(Manifests.assertValid(apache.out()).get(0).at("/spec/sparkConf/spark.plugins").asText())
        .endsWith("ExecutorResizePlugin");
    assertThat(app().path("sparkConf").has("spark.plugins")).as("opt-in only").isFalse();
    for (String older : new String[] {"3.5.6", "4.0.0", "4.1.0"}) {
      Result r = run(APP, "--memory-bound", "--spark-version", older);
      assertThat(r.exitCode()).as(older).isEqualTo(2);
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).contains("--memory-bound: needs --spark-version 4.2.0 or later");
    }
  }

  @Test
  void longRunningApplicationsHaveNoCeilingOnExecutorPods() {
    Result batch = CliRunner.run("render", "spark-conf", "--data-size", "1TB", "--cloud", "aws");
    assertThat(batch.out()).containsPattern("(?m)^spark\\.kubernetes\\.allocation\\.maximum \\d+$");
    Result connect = CliRunner.run("render", "spark-conf", "--data-size", "1TB", "--cloud", "aws", "--long-running");
    assertThat(connect.exitCode()).as(connect.err()).isZero();
    assertThat(connect.out()).doesNotContain("spark.kubernetes.allocation.maximum");
    assertThat(app("--long-running").path("sparkConf").has("spark.kubernetes.allocation.maximum")).isFalse();
  }

  @Test
  void pythonNeedsNoMainClass() {
    Result r = CliRunner.run("render", "sparkapplication", "--name", "py", "--image", "apache/spark:4.1.0",
        "--main-application-file", "s3a://code/job.py", "--data-size", "100GB", "--pyspark");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Manifests.assertValid(r.out()).get(0).at("/spec/type").asText()).isEqualTo("Python");
  }

  @Test
  void badSparkFlagsExitTwoNamingTheFlag() {
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"--preset", "cost-optimized"});
    cases.add(new String[] {"--preset", "cheap"});
    cases.add(new String[] {"--preset", "cost-optimized", "--cloud", "aws", "--fallback-storage-path", "s3a://b/x"});
    cases.add(new String[] {"--fallback-storage-path", "s3a://b/x/"});
    cases.add(new String[] {"--executor-cores", "0"});
    cases.add(new String[] {"--spot", "only"});
    cases.add(new String[] {"--preset", "cost-optimized", "--cloud", "aws", "--node-provisioner", "gke"});
    cases.add(new String[] {"--preset", "cost-optimized", "--cloud", "gcp", "--node-provisioner", "karpenter"});
    cases.add(new String[] {"--preset", "cost-optimized", "--cloud", "aws", "--spot", "mostly"});
    String[] named = {"--cloud", "--preset", "--fallback-storage-path", "--fallback-storage-path",
        "--executor-cores", "--spot", "--node-provisioner", "--node-provisioner", "--spot"};
    for (int i = 0; i < cases.size(); i++) {
      Result r = run(APP, cases.get(i));
      assertThat(r.exitCode()).as(String.join(" ", cases.get(i)) + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines()).hasSize(1);
      assertThat(r.err()).contains(named[i]);
    }
    Result noClass = CliRunner.run("render", "sparkapplication", "--name", "x", "--image", "i",
        "--main-application-file", "local:///app.jar", "--data-size", "1GB");
    assertThat(noClass.exitCode()).isEqualTo(2);
    assertThat(noClass.err()).contains("--main-class");
  }

  @Test
  void sparkConfBaseIsRightsizesConf() {
    Result r = CliRunner.run("render", "spark-conf", "--data-size", "500GB", "--cloud", "gcp");
    Result rightsize = CliRunner.run("rightsize", "--data-size", "500GB", "--cloud", "gcp", "--format", "spark-conf");
    assertThat(r.exitCode()).as(r.err()).isZero();
    // The same lines: the plan, the driver's protection and what the default release (4.2) gets.
    assertThat(r.out()).isEqualTo(rightsize.out())
        .contains("spark.dynamicAllocation.enabled true\n")
        .contains("spark.kubernetes.driver.annotation.karpenter.sh/do-not-disrupt true\n");
  }

  @Test
  void sparkConfCostOptimizedWritesConfAndPodTemplates(@TempDir Path dir) throws Exception {
    Result r = CliRunner.run("render", "spark-conf", "--data-size", "500GB", "--cloud", "gcp", "--preset",
        "cost-optimized", "--pod-template-dir", "/opt/spark/conf/sparkscale", "-o", dir.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    String conf = Files.readString(dir.resolve("spark-defaults.conf"));
    assertThat(conf)
        .contains("spark.decommission.enabled true\n")
        .contains("spark.kubernetes.executor.podTemplateFile /opt/spark/conf/sparkscale/executor-pod-template.yaml\n")
        .contains("spark.kubernetes.driver.podTemplateFile /opt/spark/conf/sparkscale/driver-pod-template.yaml\n");
    JsonNode executor = Manifests.assertValid(Files.readString(dir.resolve("executor-pod-template.yaml"))).get(0);
    assertThat(executor.at("/spec/tolerations/0/key").asText()).isEqualTo("cloud.google.com/gke-spot");
    assertThat(executor.at("/spec/terminationGracePeriodSeconds").asInt()).isEqualTo(30);
    JsonNode driver = Manifests.assertValid(Files.readString(dir.resolve("driver-pod-template.yaml"))).get(0);
    assertThat(driver.at("/spec/affinity/nodeAffinity").isObject()).isTrue();
    assertThat(driver.at("/metadata/annotations/karpenter.sh~1do-not-disrupt").asText()).isEqualTo("true");
    assertThat(executor.at("/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/weight")
        .asInt()).isEqualTo(100);
    assertThat(executor.at("/spec/containers/0/name").asText()).isEqualTo("spark-kubernetes-executor");
    assertThat(executor.at("/spec/containers/0/resources/requests/ephemeral-storage").asText()).endsWith("Gi");
    assertThat(r.err()).doesNotContain("cannot request ephemeral storage");
  }

  static final String[] JOB = {
    "render", "scaledjob", "--name", "nightly", "--namespace", "spark", "--image", "apache/spark:4.1.0",
    "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--prefix", "batch/it's here/",
    "--target-object-count", "100", "--cloud", "aws", "--node-type", "r5.4xlarge", "--executor-cores", "5"
  };

  @Test
  void scaledJobClaimsOneTargetsWorthPerJobAndSizesItFromTheBatch() {
    Result r = run(JOB, "--", "--class", "com.example.Etl", "s3a://code/etl.jar");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = Manifests.assertValid(r.out()).get(0);
    assertThat(job.path("kind").asText()).isEqualTo("ScaledJob");
    JsonNode pod = job.at("/spec/jobTargetRef/template/spec");
    assertThat(pod.at("/initContainers/0/command")).extracting(JsonNode::asText).containsExactly(
        "sparkscale", "claim", "--bucket", "landing", "--prefix", "batch/it's here/",
        "--claims-prefix", "sparkscale-claims/batch/it's here/", "--lease", "2h", "--batch-objects", "100",
        "--output-dir", "/etc/sparkscale", "--executor-cores", "5", "--cloud", "aws", "--node-type", "r5.4xlarge");
    assertThat(pod.at("/containers/0/command/0").asText()).isEqualTo("/bin/sh");
    assertThat(pod.at("/containers/0/command/2").asText())
        .contains("/opt/spark/bin/spark-submit \"$@\"", "> /etc/sparkscale/outcome.tmp");
    assertThat(pod.at("/containers/0/args")).extracting(JsonNode::asText)
        .containsSequence("--properties-file", "/etc/sparkscale/spark-defaults.conf")
        .contains("spark.kubernetes.driver.annotation.karpenter.sh/do-not-disrupt=true",
            "spark.kubernetes.driver.annotation.cluster-autoscaler.kubernetes.io/safe-to-evict=false")
        .endsWith("--class", "com.example.Etl", "s3a://code/etl.jar");
    assertThat(pod.at("/containers/1/command")).extracting(JsonNode::asText).containsExactly(
        "sparkscale", "claim", "--finish", "/etc/sparkscale/batch.json", "--outcome", "/etc/sparkscale/outcome");
    assertThat(pod.at("/initContainers/0/volumeMounts/0/mountPath").asText()).isEqualTo("/etc/sparkscale");
    JsonNode metadata = job.at("/spec/triggers/0/metadata");
    assertThat(metadata.path("targetObjectCount").asText()).isEqualTo("100");
    assertThat(metadata.path("claimsPrefix").asText()).isEqualTo("sparkscale-claims/batch/it's here/");
    assertThat(metadata.path("claimLease").asText()).isEqualTo("2h");
    assertThat(job.at("/spec/scalingStrategy/strategy").asText()).isEqualTo("accurate");
    assertThat(job.at("/spec/scalingStrategy/pendingPodConditions")).extracting(JsonNode::asText)
        .containsExactly("Initialized");
    assertThat(job.at("/spec/maxReplicaCount").asInt()).isEqualTo(1);
    assertThat(pod.at("/initContainers/0/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/containers/1/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/containers/0/securityContext/runAsUser").asInt()).isEqualTo(185);
  }

  @Test
  void scaledJobLauncherPodIsKeptFromNodeAutoscalersLikeTheDriver() {
    Result r = run(JOB);
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = Manifests.assertValid(r.out()).get(0);
    // backoffLimit 0: an evicted spark-submit fails the Job while its driver runs on.
    assertThat(job.at("/spec/jobTargetRef/backoffLimit").asInt()).isZero();
    JsonNode annotations = job.at("/spec/jobTargetRef/template/metadata/annotations");
    assertThat(annotations.path("karpenter.sh/do-not-disrupt").asText()).isEqualTo("true");
    assertThat(annotations.path("cluster-autoscaler.kubernetes.io/safe-to-evict").asText()).isEqualTo("false");
    // Annotation values are strings, as the API server requires.
    annotations.fields().forEachRemaining(f -> assertThat(f.getValue().isTextual()).as(f.getKey()).isTrue());
  }

  @Test
  void scaledJobOnBytesClaimsTheTargetBytesAndTakesTheGivenClaimsPrefixAndLease() {
    Result r = run(new String[] {"render", "scaledjob", "--name", "nightly", "--image", "apache/spark:4.1.0",
        "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--prefix", "in/", "--suffix",
        ".parquet", "--metric", "bytes", "--target-bytes", "10GB", "--claims-prefix", "claims/in/", "--lease", "90m"});
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = Manifests.assertValid(r.out()).get(0);
    assertThat(job.at("/spec/jobTargetRef/template/spec/initContainers/0/command")).extracting(JsonNode::asText)
        .containsSequence("--suffix", ".parquet")
        .containsSequence("--claims-prefix", "claims/in/", "--lease", "1h30m", "--batch-bytes", "10000000000");
    assertThat(job.at("/spec/triggers/0/metadata/claimLease").asText()).isEqualTo("1h30m");
    Result inside = run(JOB, "--claims-prefix", "batch/");
    assertThat(inside.exitCode()).isEqualTo(2);
    assertThat(inside.err()).contains("--claims-prefix").contains("contains the data prefix");
    Result shortLease = run(JOB, "--lease", "10s");
    assertThat(shortLease.exitCode()).isEqualTo(2);
    assertThat(shortLease.err()).contains("--lease");
  }

  @Test
  void scaledJobUsesOneRegionAndEndpointForTriggerAndSizing() {
    Result r = run(JOB, "--region", "eu-west-1", "--s3-endpoint", "https://minio.storage:9000");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode job = Manifests.assertValid(r.out()).get(0);
    assertThat(job.at("/spec/triggers/0/metadata/region").asText()).isEqualTo("eu-west-1");
    assertThat(job.at("/spec/triggers/0/metadata/endpoint").asText()).isEqualTo("https://minio.storage:9000");
    assertThat(job.at("/spec/jobTargetRef/template/spec/initContainers/0/command")).extracting(JsonNode::asText)
        .containsSequence("--region", "eu-west-1").containsSequence("--s3-endpoint", "https://minio.storage:9000");
  }

  @Test
  void scaledJobRefusesADataSizeAndBadSizingFlags() {
    Result size = run(JOB, "--data-size", "1TB");
    assertThat(size.exitCode()).isEqualTo(2);
    assertThat(size.err()).contains("--data-size");
    Result cores = run(JOB, "--executor-cores", "0");
    assertThat(cores.exitCode()).isEqualTo(2);
    assertThat(cores.err()).contains("--executor-cores");
  }
}
