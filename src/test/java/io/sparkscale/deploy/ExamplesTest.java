package io.sparkscale.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner;
import io.sparkscale.render.Manifests;
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
    "--image", "apache/spark:4.1.0",
    "--main-application-file", "local:///opt/spark/examples/jars/spark-examples_2.13-4.1.0.jar",
    "--main-class", "org.apache.spark.examples.SparkPi", "--data-size", "1TB"
  };

  /** Standalone workers on the S3 backlog (docs/render.md walks through the same command). */
  static final List<String> SPARK_CLUSTER =
      List.of("render", "sparkcluster", "--name", "ingest", "--namespace", "spark", "--image", "apache/spark:4.1.0",
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
    e.put("spark-conf-cost-optimized-gcp.txt",
        List.of("render", "spark-conf", "--data-size", "500GB", "--cloud", "gcp", "--preset", "cost-optimized"));
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
            "--image", "apache/spark:4.1.0", "--scaler-address", "sparkscale.keda.svc:9090",
            "--bucket", "landing", "--prefix", "batches/", "--metric", "bytes", "--target-bytes", "50GB",
            "--min-object-age", "2m", "--cloud", "aws", "--node-type", "r5.4xlarge", "--",
            "--class", "com.example.NightlyBatch", "s3a://artifacts/nightly-batch.jar"));
    e.put("cluster-autoscaler-priority-expander.yaml", List.of("render", "cluster-autoscaler", "--cloud", "aws"));
    e.put("cluster-autoscaler-values.yaml",
        List.of("render", "cluster-autoscaler", "--cloud", "aws", "--chart-values", "--cluster-name", "analytics",
            "--region", "us-east-1"));
    e.put("cluster-autoscaler-gke.sh",
        List.of("render", "cluster-autoscaler", "--cloud", "gcp", "--cluster-name", "analytics",
            "--region", "us-central1", "--max-nodes", "20"));
    e.put("cluster-autoscaler-aks.txt",
        List.of("render", "cluster-autoscaler", "--cloud", "azure", "--cluster-name", "analytics",
            "--resource-group", "rg-analytics", "--max-nodes", "20"));
    e.put("karpenter-nodepools.yaml",
        List.of("render", "karpenter", "--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge"));
    e.put("keda-sidecar.yaml",
        List.of("render", "keda-sidecar", "--image", "ghcr.io/sparkscale/sparkscale:0.1.0",
            "--role-arn", "arn:aws:iam::123456789012:role/sparkscale-s3-read",
            "--name", "spark-connect", "--namespace", "spark", "--target-name", "spark-connect",
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
  void everyPriorityExpanderExampleHasIntegerKeys() throws IOException {
    int seen = 0;
    for (String file : examples().keySet()) {
      for (String part : Files.readString(EXAMPLES.resolve(file)).split("\n---\n")) {
        if (part.contains("name: cluster-autoscaler-priority-expander")) {
          var cm = Manifests.parse(part).get(0);
          assertThat(io.sparkscale.render.GoYaml.mapping(cm.at("/data/priorities").asText()).keySet())
              .as(file).isNotEmpty().allSatisfy(k -> assertThat(k).isInstanceOf(Integer.class));
          seen++;
        }
      }
    }
    assertThat(seen).as("priority-expander ConfigMaps among the examples").isEqualTo(2);
  }

  @Test
  void everyExampleManifestIsValid() throws IOException {
    for (String file : examples().keySet()) {
      String text = Files.readString(EXAMPLES.resolve(file));
      if (file.equals("keda-sidecar.yaml")) {
        List<com.fasterxml.jackson.databind.JsonNode> docs = Manifests.parse(text);
        assertThat(io.sparkscale.render.KubernetesModels.validateContainer(
                docs.get(0).at("/operator/extraContainers/0")))
            .isEmpty();
        assertThat(Manifests.errors(docs.get(1))).isEmpty();
      } else if (file.startsWith("sparkcluster-")) {
        // The YAML documents; the client spark-defaults.conf printed after them is not YAML.
        Manifests.assertValid(text.substring(0, text.indexOf("---\n# file: spark-defaults.conf"))
            .replaceAll("(?m)^# file: .*\n", ""));
      } else if (file.endsWith(".yaml") && !file.endsWith("-values.yaml")) {
        Manifests.assertValid(text);
      }
    }
  }
}
