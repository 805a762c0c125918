package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.cli.CliRunner;
import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.render.KubernetesModels;
import io.sparkscale.render.Manifests;
import io.sparkscale.render.StandInCloud;
import io.sparkscale.render.Yaml;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every render kind's stdout is what one tool reads whole: a stream of Kubernetes objects that
 * `kubectl apply -f -` applies (each with apiVersion, kind and metadata.name, each valid against its CRD or
 * the Kubernetes model), or the single document the kind is documented to be. Outputs that would mix the
 * two are refused, with nothing on stdout.
 */
class RenderStdoutTest {

  /** What stdout is for one invocation. */
  enum Form { OBJECTS, SPARK_CONF, SCRIPT, CHART_VALUES, REFUSED }

  record Case(Form form, List<String> args) {
    String kind() {
      return args.get(1);
    }

    @Override
    public String toString() {
      return String.join(" ", args);
    }
  }

  static final List<String> SCALER = List.of("--scaler-address", "sparkscale.keda.svc:9090", "--bucket", "landing");
  static final List<String> SIZE = List.of("--data-size", "1TB", "--cloud", "aws", "--node-type", "r5.4xlarge");
  static final List<String> APP = List.of("--name", "etl", "--namespace", "spark", "--image", "apache/spark:4.1.0",
      "--main-application-file", "local:///opt/app/etl.jar", "--main-class", "com.example.Etl");

  static List<Case> cases() {
    List<Case> c = new ArrayList<>();
    c.add(of(Form.OBJECTS, "scaledobject", List.of("--name", "a", "--target-name", "b"), SCALER));
    c.add(of(Form.OBJECTS, "scaledobject", List.of("--name", "a", "--target-name", "b", "--tls-secret", "tls",
        "--push"), SCALER));
    c.add(of(Form.OBJECTS, "scaledjob", List.of("--name", "a", "--image", "apache/spark:4.1.0", "--tls-secret",
        "tls", "--cloud", "aws"), SCALER));
    c.add(of(Form.OBJECTS, "sparkapplication", APP, SIZE));
    c.add(of(Form.OBJECTS, "sparkapplication", APP, SIZE, List.of("--preset", "cost-optimized")));
    c.add(of(Form.OBJECTS, "sparkapplication", APP, SIZE, List.of("--operator", "apache", "--preset",
        "cost-optimized")));
    c.add(of(Form.OBJECTS, "sparkcluster", List.of("--name", "ingest", "--namespace", "spark", "--image",
        "apache/spark:4.1.0"), SIZE, SCALER));
    c.add(of(Form.SPARK_CONF, "spark-conf", SIZE));
    c.add(of(Form.OBJECTS, "spark-conf", SIZE, List.of("--configmap", "spark-conf")));
    c.add(of(Form.OBJECTS, "spark-conf", SIZE, List.of("--preset", "cost-optimized", "--configmap", "spark-conf")));
    c.add(of(Form.REFUSED, "spark-conf", SIZE, List.of("--preset", "cost-optimized")));
    c.add(of(Form.OBJECTS, "cluster-autoscaler", List.of("--cloud", "aws")));
    c.add(of(Form.CHART_VALUES, "cluster-autoscaler", List.of("--cloud", "aws", "--chart-values", "--cluster-name",
        "analytics", "--region", "us-east-1")));
    c.add(of(Form.SCRIPT, "cluster-autoscaler", List.of("--cloud", "gcp", "--cluster-name", "analytics",
        "--location", "us-central1", "--max-nodes", "20")));
    c.add(of(Form.SCRIPT, "cluster-autoscaler", List.of("--cloud", "azure", "--cluster-name", "analytics",
        "--resource-group", "rg", "--data-size", "1TB")));
    c.add(of(Form.OBJECTS, "karpenter", SIZE));
    c.add(of(Form.OBJECTS, "karpenter", List.of("--data-size", "1TB", "--cloud", "azure")));
    c.add(of(Form.CHART_VALUES, "keda-sidecar", List.of("--image", "ghcr.io/sparkscale/sparkscale:0.1.0")));
    c.add(of(Form.REFUSED, "keda-sidecar", List.of("--image", "ghcr.io/sparkscale/sparkscale:0.1.0", "--name", "a",
        "--target-name", "b", "--bucket", "landing")));
    return c;
  }

  @SafeVarargs
  static Case of(Form form, String kind, List<String>... parts) {
    List<String> args = new ArrayList<>(List.of("render", kind));
    Stream.of(parts).forEach(args::addAll);
    return new Case(form, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void stdoutIsOneToolsInput(Case c) throws Exception {
    Result r = CliRunner.run(c.args().toArray(String[]::new));
    if (c.form() == Form.REFUSED) {
      assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
      assertThat(r.out()).isEmpty();
      assertThat(r.err()).hasLineCount(1).contains("-o DIR");
      return;
    }
    assertThat(r.exitCode()).as(r.err()).isZero();
    switch (c.form()) {
      case OBJECTS -> appliable(r.out());
      case SPARK_CONF -> assertThat(r.out().lines()).isNotEmpty()
          .allMatch(line -> line.matches("spark\\.[A-Za-z0-9.\\-/]+ \\S.*"), "a spark-defaults.conf line");
      case SCRIPT -> {
        assertThat(r.out()).startsWith("#!/bin/sh\n");
        StandInCloud.Run run = StandInCloud.succeeds(r.out());
        assertThat(run.changes()).isNotEmpty();
        if (!run.applied().isEmpty()) {
          appliable(run.applied());
        }
      }
      case CHART_VALUES -> {
        List<JsonNode> docs = Manifests.parse(r.out());
        assertThat(docs).hasSize(1);
        assertThat(docs.get(0).isObject()).isTrue();
        assertThat(docs.get(0).has("apiVersion") || docs.get(0).has("kind")).as("values, not an object").isFalse();
      }
      default -> throw new AssertionError(c.form());
    }
  }

  /** Every document an object kubectl can apply, valid against its schema; pod templates in a ConfigMap too. */
  static void appliable(String stream) {
    List<JsonNode> objects = Manifests.assertValid(stream);
    for (JsonNode object : objects) {
      assertThat(object.isObject()).as("a Kubernetes object, not text: %s", object).isTrue();
      for (String field : List.of("/apiVersion", "/kind", "/metadata/name")) {
        assertThat(object.at(field).asText()).as(field + " of " + object).isNotBlank();
      }
      object.path("data").properties().stream()
          .filter(entry -> entry.getKey().endsWith("-pod-template.yaml"))
          .forEach(entry -> assertThat(KubernetesModels.validate(Yaml.read(entry.getValue().asText())))
              .as(entry.getKey()).isEmpty());
    }
  }

  /** The table covers every kind `render` has, the clouds and both operators. */
  @Test
  void everyKindIsChecked() {
    Set<String> kinds = new TreeSet<>(new CommandLine(new RenderCommand()).getSubcommands().keySet());
    assertThat(cases().stream().map(Case::kind).distinct()).containsExactlyInAnyOrderElementsOf(kinds);
    assertThat(cases()).filteredOn(c -> c.kind().equals("cluster-autoscaler"))
        .flatExtracting(c -> c.args().subList(c.args().indexOf("--cloud") + 1, c.args().indexOf("--cloud") + 2))
        .contains("aws", "gcp", "azure");
    assertThat(cases()).filteredOn(c -> c.kind().equals("sparkapplication"))
        .anyMatch(c -> c.args().contains("apache")).anyMatch(c -> !c.args().contains("--operator"));
  }
}
