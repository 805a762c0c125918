package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * `render spark-conf` and `render sparkapplication` for the same job must configure the same driver and
 * executors: the SparkApplication's spec fields, turned back into Spark keys, equal the conf lines.
 */
class SparkConfAgreementTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "local:///opt/app/etl.py|--pyspark",
    "local:///opt/app/etl.jar|",
  })
  void bothRendersConfigureTheSameDriverAndExecutors(String mainFile, String confFlag) {
    String[] sizing = {"--data-size", "2TB", "--cloud", "aws", "--node-type", "r5.4xlarge"};
    Result app = CliRunner.run(Stream.concat(Stream.of("render", "sparkapplication", "--name", "etl", "--image",
        "apache/spark:4.1.0", "--main-application-file", mainFile, "--main-class", "com.example.Etl"),
        Stream.of(sizing)).toArray(String[]::new));
    assertThat(app.exitCode()).as(app.err()).isZero();
    JsonNode spec = Manifests.assertValid(app.out()).get(0).path("spec");
    Stream<String> confArgs = Stream.concat(Stream.of("render", "spark-conf"), Stream.of(sizing));
    if (confFlag != null) {
      confArgs = Stream.concat(confArgs, Stream.of(confFlag));
    }
    Result conf = CliRunner.run(confArgs.toArray(String[]::new));
    assertThat(conf.exitCode()).as(conf.err()).isZero();

    Map<String, String> lines = new TreeMap<>();
    conf.out().lines().map(line -> line.split(" ", 2)).forEach(kv -> lines.put(kv[0], kv[1]));
    Map<String, String> fromSpec = new TreeMap<>();
    spec.path("sparkConf").fields().forEachRemaining(e -> fromSpec.put(e.getKey(), e.getValue().asText()));
    fromSpec.put("spark.driver.cores", spec.at("/driver/cores").asText());
    fromSpec.put("spark.driver.memory", spec.at("/driver/memory").asText());
    fromSpec.put("spark.driver.memoryOverhead", spec.at("/driver/memoryOverhead").asText());
    fromSpec.put("spark.executor.cores", spec.at("/executor/cores").asText());
    fromSpec.put("spark.executor.memory", spec.at("/executor/memory").asText());
    fromSpec.put("spark.executor.memoryOverhead", spec.at("/executor/memoryOverhead").asText());
    if (spec.at("/executor/coreRequest").isTextual()) {
      fromSpec.put("spark.kubernetes.executor.request.cores", spec.at("/executor/coreRequest").asText());
    }
    // The operator turns driver.annotations into the pod's annotations, as these conf keys do.
    spec.at("/driver/annotations").fields().forEachRemaining(e ->
        fromSpec.put("spark.kubernetes.driver.annotation." + e.getKey(), e.getValue().asText()));
    JsonNode dynamic = spec.path("dynamicAllocation");
    fromSpec.put("spark.dynamicAllocation.enabled", dynamic.path("enabled").asText());
    fromSpec.put("spark.dynamicAllocation.shuffleTracking.enabled", dynamic.path("shuffleTrackingEnabled").asText());
    fromSpec.put("spark.dynamicAllocation.minExecutors", dynamic.path("minExecutors").asText());
    fromSpec.put("spark.dynamicAllocation.initialExecutors", dynamic.path("initialExecutors").asText());
    fromSpec.put("spark.dynamicAllocation.maxExecutors", dynamic.path("maxExecutors").asText());

    assertThat(fromSpec).containsExactlyEntriesOf(lines);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"local:///opt/app/etl.py", "s3a://code/job.PY"})
  void aPythonMainFileGetsSparksNonJvmOverhead(String mainFile) {
    Result app = CliRunner.run("render", "sparkapplication", "--name", "py", "--image", "apache/spark:4.1.0",
        "--main-application-file", mainFile, "--data-size", "100GB");
    assertThat(app.exitCode()).as(app.err()).isZero();
    JsonNode spec = Manifests.assertValid(app.out()).get(0).path("spec");
    assertThat(spec.path("type").asText()).isEqualTo("Python");
    // medium preset: 16384m heap; Spark on Kubernetes gives non-JVM applications a 0.4 factor.
    assertThat(spec.at("/executor/memoryOverhead").asText()).isEqualTo("6553m");
    assertThat(spec.at("/driver/memoryOverhead").asText()).isEqualTo("1638m"); // 0.4 x 4096
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"--pyspark"})
  void pysparkWithAJarIsRefused(String flag) {
    Result app = CliRunner.run("render", "sparkapplication", "--name", "j", "--image", "apache/spark:4.1.0",
        "--main-application-file", "local:///app.jar", "--main-class", "A", "--data-size", "1GB", flag);
    assertThat(app.exitCode()).isEqualTo(2);
    assertThat(app.err()).startsWith("sparkscale render sparkapplication: --pyspark:");
  }
}
