package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ApacheSparkApplicationRenderTest {

  static final String[] APP = {
    "render", "sparkapplication", "--operator", "apache", "--name", "etl", "--namespace", "spark",
    "--image", "apache/spark:4.1.0", "--main-application-file", "local:///opt/spark/examples/jars/spark-examples.jar",
    "--main-class", "org.apache.spark.examples.SparkPi", "--data-size", "1TB", "--cloud", "aws"
  };

  static JsonNode app(String... more) {
    Result r = CliRunner.run(Stream.concat(Stream.of(APP), Stream.of(more)).toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<JsonNode> docs = Manifests.assertValid(r.out());
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).path("apiVersion").asText()).isEqualTo("spark.apache.org/v1");
    return docs.get(0).path("spec");
  }

  @Test
  void sizedLikeTheKubeflowOneWithEverythingInSparkConf() {
    JsonNode spec = app("--", "1000");
    Result kubeflow = CliRunner.run(Stream.concat(Stream.of(SparkRenderTest.APP), Stream.of("--cloud", "aws"))
        .toArray(String[]::new));
    JsonNode kf = Manifests.assertValid(kubeflow.out()).get(0).path("spec");
    JsonNode conf = spec.path("sparkConf");
    assertThat(conf.path("spark.executor.cores").asText()).isEqualTo(kf.at("/executor/cores").asText());
    assertThat(conf.path("spark.executor.memory").asText()).isEqualTo(kf.at("/executor/memory").asText());
    assertThat(conf.path("spark.dynamicAllocation.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.dynamicAllocation.shuffleTracking.enabled").asText()).isEqualTo("true");
    assertThat(conf.path("spark.dynamicAllocation.maxExecutors").asText())
        .isEqualTo(kf.at("/dynamicAllocation/maxExecutors").asText());
    assertThat(conf.path("spark.kubernetes.container.image").asText()).isEqualTo("apache/spark:4.1.0");
    assertThat(conf.path("spark.kubernetes.authenticate.driver.serviceAccountName").asText()).isEqualTo("spark");
    assertThat(spec.path("jars").asText()).endsWith("spark-examples.jar");
    assertThat(spec.path("driverArgs")).extracting(JsonNode::asText).containsExactly("1000");
    assertThat(spec.at("/runtimeVersions/sparkVersion").asText()).isEqualTo("4.2.0");
  }

  @Test
  void tolerationsCarryThePlansExecutorCountsAndBatchPolicies() {
    JsonNode spec = app("--initial-executors", "2");
    JsonNode t = spec.path("applicationTolerations");
    assertThat(t.at("/instanceConfig/initExecutors").asInt()).isEqualTo(2);
    assertThat(t.at("/instanceConfig/minExecutors").asInt()).isZero();
    assertThat(t.at("/instanceConfig/maxExecutors").asText())
        .isEqualTo(spec.at("/sparkConf/spark.dynamicAllocation.maxExecutors").asText());
    assertThat(t.at("/restartConfig/restartPolicy").asText()).isEqualTo("OnInfrastructureFailure");
    assertThat(t.at("/applicationTimeoutConfig/executorStartTimeoutMillis").asLong()).isEqualTo(600_000);
    assertThat(t.path("resourceRetainPolicy").asText()).isEqualTo("OnFailure");
  }

  @Test
  void costOptimizedGoesThroughThePodTemplatesAndMatchesSparkGraceFrom41() {
    JsonNode spec = app("--preset", "cost-optimized");
    JsonNode executor = spec.at("/executorSpec/podTemplateSpec/spec");
    // Spot preferred, not required: on-demand nodes can still take executors.
    JsonNode preferred =
        executor.at("/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution/0/preference");
    assertThat(preferred.at("/matchExpressions/0/key").asText()).isEqualTo("karpenter.sh/capacity-type");
    assertThat(preferred.at("/matchExpressions/0/values/0").asText()).isEqualTo("spot");
    assertThat(executor.has("nodeSelector")).isFalse();
    assertThat(spec.at("/driverSpec/podTemplateSpec/metadata/annotations/karpenter.sh~1do-not-disrupt").asText())
        .isEqualTo("true");
    assertThat(executor.path("terminationGracePeriodSeconds").asInt()).isEqualTo(120);
    assertThat(spec.at("/driverSpec/podTemplateSpec/spec/affinity/nodeAffinity").isObject()).isTrue();
    // BasicExecutorFeatureStep (4.1+) sets the pod's grace from this key, over the template's.
    assertThat(spec.at("/sparkConf/spark.kubernetes.executor.terminationGracePeriodSeconds").asText())
        .isEqualTo("120");
    assertThat(spec.at("/sparkConf/spark.decommission.enabled").asText()).isEqualTo("true");

    JsonNode v40 = app("--preset", "cost-optimized", "--spark-version", "4.0.1");
    assertThat(v40.path("sparkConf").has("spark.kubernetes.executor.terminationGracePeriodSeconds")).isFalse();
    assertThat(v40.path("sparkConf").has("spark.kubernetes.allocation.maximum")).isFalse();
    assertThat(v40.at("/executorSpec/podTemplateSpec/spec/terminationGracePeriodSeconds").asInt())
        .as("before 4.1 the template's grace is the pod's").isEqualTo(120);
    assertThat(v40.at("/runtimeVersions/sparkVersion").asText()).isEqualTo("4.0.1");
  }

  @Test
  void basePresetHasNoPlacement() {
    JsonNode spec = app();
    assertThat(spec.at("/executorSpec/podTemplateSpec/spec/affinity").isMissingNode()).isTrue();
    assertThat(spec.at("/executorSpec/podTemplateSpec/spec/tolerations").isMissingNode()).isTrue();
    // What the template does carry: the executors' local disk, which no Spark key can request.
    assertThat(spec.at("/executorSpec/podTemplateSpec/spec/containers/0/resources/requests/ephemeral-storage")
        .asText()).endsWith("Gi");
    assertThat(spec.at("/executorSpec/podTemplateSpec/metadata/labels/sparkscale.io~1role").asText())
        .isEqualTo("executor");
  }

  @Test
  void pythonFilesGoToPyFilesAndNeedNoMainClass() {
    Result r = CliRunner.run("render", "sparkapplication", "--operator", "apache", "--name", "py", "--image",
        "apache/spark:4.1.0", "--main-application-file", "s3a://code/job.py", "--data-size", "100GB");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode spec = Manifests.assertValid(r.out()).get(0).path("spec");
    assertThat(spec.path("pyFiles").asText()).isEqualTo("s3a://code/job.py");
    assertThat(spec.has("mainClass")).isFalse();
  }

  @Test
  void eventLogDirAndVersionAlsoApplyToKubeflowAndSparkConf() {
    Result kf = CliRunner.run(Stream.concat(Stream.of(SparkRenderTest.APP),
        Stream.of("--spark-version", "3.5.6", "--event-log-dir", "s3a://logs/events/")).toArray(String[]::new));
    assertThat(kf.exitCode()).as(kf.err()).isZero();
    JsonNode spec = Manifests.assertValid(kf.out()).get(0).path("spec");
    assertThat(spec.path("sparkVersion").asText()).isEqualTo("3.5.6");
    assertThat(spec.at("/sparkConf/spark.eventLog.rolling.enabled").asText()).isEqualTo("true");
    Result conf = CliRunner.run("render", "spark-conf", "--data-size", "1TB", "--spark-version", "4.2.0",
        "--event-log-dir", "s3a://logs/events/");
    assertThat(conf.exitCode()).as(conf.err()).isZero();
    assertThat(conf.out()).contains("spark.eventLog.enabled true\n").doesNotContain("spark.eventLog.compress")
        .doesNotContain("spark.kubernetes.allocation.batch.size");
  }

  @Test
  void unknownOperatorIsRefused() {
    Result r = CliRunner.run(Stream.concat(Stream.of(SparkRenderTest.APP), Stream.of("--operator", "stackable"))
        .toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--operator: 'stackable' is not valid; use kubeflow or apache");
  }
}
