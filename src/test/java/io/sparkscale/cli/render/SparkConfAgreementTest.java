package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.SparkTime;
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
    Stream<String> appArgs = Stream.of("render", "sparkapplication", "--name", "etl", "--image",
        "apache/spark:4.2.0", "--main-application-file", mainFile);
    if (mainFile.endsWith(".jar")) {
      appArgs = Stream.concat(appArgs, Stream.of("--main-class", "com.example.Etl"));
    }
    Result app = CliRunner.run(Stream.concat(appArgs, Stream.of(sizing)).toArray(String[]::new));
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
    // The operator passes the field on as milliseconds; the conf line is a Spark time such as 30min.
    fromSpec.put(TIMEOUT, dynamic.path("shuffleTrackingTimeout").asText());
    lines.computeIfPresent(TIMEOUT, (key, value) -> Long.toString(SparkTime.millis(key, value)));

    assertThat(fromSpec).containsExactlyEntriesOf(lines);
    assertThat(spec.path("sparkConf").has(TIMEOUT)).as("carried by the spec field").isFalse();
  }

  static final String TIMEOUT = "spark.dynamicAllocation.shuffleTracking.timeout";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "aws r5.4xlarge|--data-size 1TB --cloud aws --node-type r5.4xlarge",
    "gcp python|--data-size 500GB --cloud gcp --pyspark",
    "no node, large|--data-size 100GB --executor-preset large",
    "custom node|--data-size 2TB --node-cores 32 --node-memory 256g --executor-cores 5",
  })
  void rightsizeAndRenderWriteTheSameConfForTheSameFlags(String label, String flags) {
    String[] sizing = flags.split(" ");
    Result rightsize = CliRunner.run(Stream.concat(Stream.of("rightsize", "--format", "spark-conf"), Stream.of(sizing))
        .toArray(String[]::new));
    Result render = CliRunner.run(Stream.concat(Stream.of("render", "spark-conf"), Stream.of(sizing))
        .toArray(String[]::new));
    assertThat(rightsize.exitCode()).as(rightsize.err()).isZero();
    assertThat(render.exitCode()).as(render.err()).isZero();
    assertThat(rightsize.out()).isEqualTo(render.out());

    // The fragment is the sized part of what render sparkapplication writes for a Python file.
    Result fragment = CliRunner.run(Stream.concat(Stream.of("rightsize", "--format", "sparkapplication-fragment"),
        Stream.of(sizing)).toArray(String[]::new));
    Result app = CliRunner.run(Stream.concat(Stream.of("render", "sparkapplication", "--name", "etl", "--image",
        "apache/spark:4.2.0", "--main-application-file", "local:///opt/app/etl.py"), Stream.of(sizing))
        .toArray(String[]::new));
    assertThat(app.exitCode()).as(app.err()).isZero();
    JsonNode sized = io.sparkscale.render.Yaml.read(fragment.out());
    JsonNode spec = Manifests.assertValid(app.out()).get(0).path("spec");
    if (flags.contains("--pyspark")) {
      assertThat(sized.path("sparkConf")).isEqualTo(spec.path("sparkConf"));
      assertThat(sized.path("dynamicAllocation")).isEqualTo(spec.path("dynamicAllocation"));
    }
    assertThat(sized.at("/dynamicAllocation/shuffleTrackingTimeout").asLong()).isEqualTo(1_800_000L);
    assertThat(sized.path("sparkConf").has(TIMEOUT)).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"kubeflow,local:///opt/app/etl.py", "apache,local:///opt/app/etl.py", "kubeflow,s3a://code/job.R"})
  void aPythonOrRFileWithAMainClassIsRefused(String operator, String mainFile) {
    Result r = CliRunner.run("render", "sparkapplication", "--operator", operator, "--name", "py", "--image",
        "apache/spark:4.2.0", "--main-application-file", mainFile, "--main-class", "com.example.Etl",
        "--data-size", "100GB");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--main-class: a ").contains("drop --main-class");
    assertThat(r.out()).isEmpty();
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
