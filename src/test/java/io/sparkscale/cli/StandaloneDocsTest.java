package io.sparkscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkscale.render.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/render.md, "Spark standalone workers on the S3 backlog", works as written: every sparkscale command
 * in it runs and what it writes is valid; kubectl and spark-submit find the files the walk-through says.
 */
class StandaloneDocsTest {

  static final String SECTION = "## Spark standalone workers on the S3 backlog";
  private static final Pattern SH_BLOCK = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL);

  static String section() throws Exception {
    String doc = Files.readString(Paths.get(System.getProperty("project.basedir", "."), "docs", "render.md"));
    int start = doc.indexOf(SECTION);
    assertThat(start).as("section in docs/render.md").isNotNegative();
    int end = doc.indexOf("\n## ", start + SECTION.length());
    return doc.substring(start, end < 0 ? doc.length() : end);
  }

  static List<List<String>> commands(String section) {
    List<List<String>> commands = new ArrayList<>();
    Matcher block = SH_BLOCK.matcher(section);
    while (block.find()) {
      for (String line : block.group(1).replace("\\\n", " ").split("\n")) {
        if (!line.isBlank()) {
          commands.add(List.of(line.trim().split("\\s+")));
        }
      }
    }
    return commands;
  }

  @Test
  void everyCommandRunsAsWritten(@TempDir Path work) throws Exception {
    String section = section();
    List<List<String>> commands = commands(section);
    List<String> ran = new ArrayList<>();
    Map<String, String> outputs = new HashMap<>();
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command.subList(1, command.size()));
      switch (command.get(0)) {
        case "sparkscale" -> {
          int o = args.indexOf("-o");
          if (o >= 0) {
            args.set(o + 1, work.resolve(args.get(o + 1)).toString());
          }
          CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
          assertThat(r.exitCode()).as("%s: %s", command, r.err()).isZero();
          outputs.put(args.get(0) + (args.size() > 1 ? " " + args.get(1) : ""), r.out());
        }
        case "kubectl" -> {
          Path dir = work.resolve(args.get(args.indexOf("-f") + 1));
          try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).toList();
            assertThat(yaml).as("what kubectl applies").hasSize(4);
            for (Path file : yaml) {
              Manifests.assertValid(Files.readString(file));
            }
          }
        }
        case "spark-submit" -> {
          Path conf = work.resolve(args.get(args.indexOf("--properties-file") + 1));
          assertThat(Files.readString(conf)).contains("spark.master spark://ingest-master-svc.spark.svc:7077\n");
        }
        default -> throw new AssertionError("the walk-through runs a command the test does not know: " + command);
      }
      ran.add(command.get(0));
    }
    assertThat(ran).containsExactly("sparkscale", "sparkscale", "kubectl", "spark-submit");
    assertThat(outputs).containsKeys("rightsize --data-size", "render sparkcluster");
  }

  /**
   * The Pod in the walk-through mounts the ConfigMap render writes where spark-submit reads
   * spark-defaults.conf ($SPARK_HOME/conf; the image's SPARK_HOME is /opt/spark), and is a valid Pod.
   */
  @Test
  void theMountSnippetMountsTheRenderedConfigMapWhereSparkSubmitReadsIt(@TempDir Path work) throws Exception {
    String section = section();
    Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(block.find()).as("a yaml block in the section").isTrue();
    JsonNode pod = Manifests.assertValid(block.group(1)).get(0);
    List<String> render = commands(section).stream()
        .filter(c -> c.size() > 2 && c.get(1).equals("render")).findFirst().orElseThrow();
    List<String> args = new ArrayList<>(render.subList(1, render.size()));
    args.set(args.indexOf("-o") + 1, work.toString());
    assertThat(CliRunner.run(args.toArray(String[]::new)).exitCode()).isZero();
    JsonNode configMap;
    try (Stream<Path> files = Files.list(work)) {
      Path file = files.filter(f -> f.getFileName().toString().startsWith("configmap-")).findFirst().orElseThrow();
      configMap = Manifests.parse(Files.readString(file)).get(0);
    }
    assertThat(configMap.at("/data/spark-defaults.conf").asText())
        .isEqualTo(Files.readString(work.resolve("spark-defaults.conf")));
    JsonNode volume = pod.at("/spec/volumes/0");
    assertThat(volume.at("/configMap/name").asText()).isEqualTo(configMap.at("/metadata/name").asText());
    assertThat(pod.at("/metadata/namespace").asText()).isEqualTo(configMap.at("/metadata/namespace").asText());
    JsonNode container = pod.at("/spec/containers/0");
    assertThat(container.at("/volumeMounts/0/name").asText()).isEqualTo(volume.path("name").asText());
    assertThat(container.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/opt/spark/conf");
    assertThat(container.at("/command/0").asText()).isEqualTo("/opt/spark/bin/spark-submit");
  }

  @Test
  void theWorkerShapeInTheProseIsWhatRenderWrites(@TempDir Path work) throws Exception {
    String section = section();
    List<String> render = commands(section).stream()
        .filter(c -> c.size() > 2 && c.get(1).equals("render")).findFirst().orElseThrow();
    List<String> args = new ArrayList<>(render.subList(1, render.size()));
    args.set(args.indexOf("-o") + 1, work.toString());
    assertThat(CliRunner.run(args.toArray(String[]::new)).exitCode()).isZero();
    JsonNode worker = Manifests.parse(Files.readString(work.resolve("sparkcluster-ingest.yaml"))).get(0)
        .at("/spec/workerSpec/statefulSetSpec/template/spec/containers/0");
    Map<String, String> env = new HashMap<>();
    worker.path("env").forEach(e -> env.put(e.path("name").asText(), e.path("value").asText()));
    Matcher prose = Pattern.compile("`(SPARK_WORKER_\\w+)=(\\w+)`").matcher(section);
    int checked = 0;
    while (prose.find()) {
      assertThat(env).containsEntry(prose.group(1), prose.group(2));
      checked++;
    }
    assertThat(checked).isEqualTo(2);
    assertThat(section).contains(worker.at("/resources/requests/cpu").asText() + " CPU")
        .contains(worker.at("/resources/requests/memory").asText().replace("Mi", " MiB"));
  }
}
