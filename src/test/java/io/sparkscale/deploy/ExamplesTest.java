package io.sparkscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.KubernetesModels;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.StandInCloud;
import io.sparkscale.render.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/examples/ is what `sparkscale render` prints for the common cases. This test fails when a file has
 * drifted from the current output; run it with -Dexamples.update=true to rewrite them.
 */
class ExamplesTest {

  static final Path EXAMPLES =
      Path.of(System.getProperty("project.basedir", ".")).resolve("deploy/examples");
  static final boolean UPDATE = Boolean.getBoolean("examples.update");

  static final String[] APP = {
    "render", "sparkapplication", "--name", "nightly-etl", "--namespace", "spark",
    "--image", "apache/spark:4.2.0",
    "--main-application-file", "local:///opt/spark/examples/jars/spark-examples_2.13-4.2.0.jar",
    "--main-class", "org.apache.spark.examples.SparkPi", "--data-size", "1TB"
  };

  /** Standalone workers on the S3 backlog (docs/render.md walks through the same command). */
  static final List<String> SPARK_CLUSTER =
      List.of("render", "sparkcluster", "--name", "ingest", "--namespace", "spark", "--image", "apache/spark:4.2.0",
          "--data-size", "2TB", "--cloud", "aws", "--node-type", "r5.4xlarge",
          "--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing", "--prefix", "incoming/",
          "--target-object-count", "20", "--min-workers", "0", "--max-workers", "6");

  /** File name -> the arguments after `sparkscale`. */
  static Map<String, List<String>> examples() {
    Map<String, List<String>> e = new LinkedHashMap<>();
    for (String cloud : List.of("aws", "gcp", "azure")) {
      e.put("sparkapplication-base-" + cloud + ".yaml", args(APP, "--cloud", cloud));
      e.put("sparkapplication-cost-optimized-" + cloud + ".yaml",
          args(APP, "--cloud", cloud, "--preset", "cost-optimized"));
    }
    e.put("sparkapplication-apache-cost-optimized-aws.yaml",
        args(APP, "--operator", "apache", "--cloud", "aws", "--preset", "cost-optimized"));
    e.put("sparkcluster-aws.yaml", SPARK_CLUSTER);
    e.put("spark-conf-cost-optimized-gcp.yaml",
        List.of("render", "spark-conf", "--data-size", "500GB", "--cloud", "gcp", "--preset", "cost-optimized",
            "--configmap", "spark-conf"));
    e.put("spark-conf-memory-bound-pyspark-aws.conf",
        List.of("render", "spark-conf", "--data-size", "1TB", "--cloud", "aws", "--pyspark", "--memory-bound"));
    e.put("scaledobject.yaml",
        List.of("render", "scaledobject", "--name", "spark-connect", "--namespace", "spark",
            "--target-name", "spark-connect", "--scaler-address", "sparkscale.keda.svc:9090",
            "--bucket", "landing", "--prefix", "incoming/", "--target-object-count", "20",
            "--min-object-age", "30s", "--max-replicas", "8", "--fallback-replicas", "1"));
    e.put("scaledobject-tls.yaml",
        List.of("render", "scaledobject", "--name", "spark-connect", "--namespace", "spark",
            "--target-name", "spark-connect", "--scaler-address", "sparkscale.keda.svc:9090",
            "--bucket", "landing", "--prefix", "incoming/", "--tls-secret", "keda-sparkscale-client-tls"));
    e.put("scaledjob.yaml",
        List.of("render", "scaledjob", "--name", "nightly-batch", "--namespace", "spark",
            "--image", "apache/spark:4.2.0", "--scaler-address", "sparkscale.keda.svc:9090",
            "--bucket", "landing", "--prefix", "batches/", "--metric", "bytes", "--target-bytes", "50GB",
            "--min-object-age", "2m", "--cloud", "aws", "--node-type", "r5.4xlarge", "--",
            "--class", "com.example.NightlyBatch", "s3a://artifacts/nightly-batch.jar"));
    e.put("cluster-autoscaler-priority-expander.yaml", List.of("render", "cluster-autoscaler", "--cloud", "aws"));
    e.put("cluster-autoscaler-values.yaml",
        List.of("render", "cluster-autoscaler", "--cloud", "aws", "--chart-values", "--cluster-name", "analytics",
            "--region", "us-east-1"));
    e.put("cluster-autoscaler-gke.sh",
        List.of("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "analytics",
            "--location", "us-central1", "--data-size", "1TB"));
    e.put("cluster-autoscaler-aks.sh",
        List.of("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "analytics",
            "--resource-group", "rg-analytics", "--data-size", "1TB"));
    e.put("karpenter-nodepools.yaml",
        List.of("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge"));
    e.put("karpenter-nodepools-azure.yaml", List.of("render", "karpenter", "--data-size", "1TB", "--cloud", "azure"));
    e.put("keda-sidecar-values.yaml",
        List.of("render", "keda-sidecar", "--image", "ghcr.io/sparkscale/sparkscale:0.1.0",
            "--role-arn", "arn:aws:iam::123456789012:role/sparkscale-s3-read"));
    e.put("scaledobject-keda-sidecar.yaml",
        List.of("render", "scaledobject", "--name", "spark-connect", "--namespace", "spark",
            "--target-name", "spark-connect", "--scaler-address", "localhost:9090",
            "--bucket", "landing", "--prefix", "incoming/"));
    return e;
  }

  static List<String> args(String[] base, String... more) {
    return Stream.concat(Stream.of(base), Stream.of(more)).toList();
  }

  static String render(List<String> args) {
    CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
    return result.out();
  }

  static String readme(Map<String, List<String>> examples) {
    StringBuilder md = new StringBuilder();
    md.append("# Examples\n\n");
    md.append("What `sparkscale render` prints for the common cases. Generated: `ExamplesTest` fails when a\n");
    md.append("file drifts from the current output; regenerate with\n");
    md.append("`./mvnw -B test -Dtest=ExamplesTest -Dexamples.update=true`.\n\n");
    md.append("| file | command |\n|---|---|\n");
    examples.forEach((file, args) ->
        md.append("| [").append(file).append("](").append(file).append(") | `sparkscale ")
            .append(String.join(" ", args).replace("|", "\\|")).append("` |\n"));
    return md.toString();
  }

  @Test
  void examplesMatchWhatRenderPrints() throws IOException {
    Map<String, List<String>> examples = examples();
    Map<String, String> expected = new LinkedHashMap<>();
    examples.forEach((file, args) -> expected.put(file, render(args)));
    expected.put("README.md", readme(examples));
    if (UPDATE) {
      Files.createDirectories(EXAMPLES);
      for (var e : expected.entrySet()) {
        Files.writeString(EXAMPLES.resolve(e.getKey()), e.getValue());
      }
    }
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("files in deploy/examples (regenerate with -Dexamples.update=true)")
          .containsExactlyInAnyOrderElementsOf(expected.keySet());
    }
    for (var e : expected.entrySet()) {
      assertThat(Files.readString(EXAMPLES.resolve(e.getKey())))
          .as("deploy/examples/%s drifted from `render`; regenerate with -Dexamples.update=true", e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  /** Cluster Autoscaler reads the expander's priorities as map[int][]string: keys must be plain integers. */
  @Test
  void everyPriorityExpanderExampleHasIntegerKeys() throws Exception {
    int seen = 0;
    for (String file : examples().keySet()) {
      for (JsonNode object : objects(file)) {
        if (object.at("/metadata/name").asText().equals("cluster-autoscaler-priority-expander")) {
          assertThat(io.sparkscale.render.GoYaml.mapping(object.at("/data/priorities").asText()).keySet())
              .as(file).isNotEmpty().allSatisfy(k -> assertThat(k).isInstanceOf(Integer.class));
          seen++;
        }
      }
    }
    assertThat(seen).as("priority-expander ConfigMaps among the examples").isEqualTo(2);
  }

  /**
   * Every example is what its kind is documented to be, and valid: a stream of Kubernetes objects (each
   * against its CRD or model), chart values, or a script whose kubectl input is such a stream.
   */
  @Test
  void everyExampleManifestIsValid() throws Exception {
    for (String file : examples().keySet()) {
      String text = Files.readString(EXAMPLES.resolve(file));
      if (file.equals("keda-sidecar-values.yaml")) {
        List<JsonNode> docs = Manifests.parse(text);
        assertThat(docs).hasSize(1);
        assertThat(KubernetesModels.validateContainer(docs.get(0).at("/operator/extraContainers/0"))).isEmpty();
      } else if (file.endsWith("-values.yaml")) {
        assertThat(Manifests.parse(text)).as(file).hasSize(1).allMatch(values -> !values.has("kind"));
      } else if (file.endsWith(".sh")) {
        assertThat(StandInCloud.succeeds(text).changes()).as(file + ": the changes it makes").isNotEmpty();
        objects(file);
      } else if (file.endsWith(".conf")) {
        assertThat(text.lines()).as(file).isNotEmpty()
            .allMatch(line -> line.matches("spark\\.[A-Za-z0-9.\\-/]+ \\S.*"), "a spark-defaults.conf line");
      } else {
        assertThat(objects(file)).as(file).isNotEmpty();
      }
    }
  }

  /** The Kubernetes objects an example applies, each checked valid: the file itself, or a script's kubectl input. */
  static List<JsonNode> objects(String file) throws Exception {
    String text = Files.readString(EXAMPLES.resolve(file));
    if (file.endsWith(".sh")) {
      String applied = StandInCloud.succeeds(text).applied();
      return applied.isEmpty() ? List.of() : Manifests.assertValid(applied);
    }
    if (file.endsWith("-values.yaml") || file.endsWith(".conf")) {
      return List.of();
    }
    List<JsonNode> objects = Manifests.assertValid(text);
    for (JsonNode object : objects) {
      // A ConfigMap of Spark client files: the pod templates in it are Pods to Spark.
      object.path("data").properties().stream()
          .filter(entry -> entry.getKey().endsWith("-pod-template.yaml"))
          .forEach(entry -> assertThat(KubernetesModels.validate(Yaml.read(entry.getValue().asText())))
              .as(file + " " + entry.getKey()).isEmpty());
    }
    return objects;
  }
}
