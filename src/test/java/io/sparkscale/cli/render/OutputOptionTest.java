package io.sparkscale.cli.render;

import io.sparkscale.cli.CliRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.render.Document;
import io.sparkscale.units.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputOptionTest {

  @TempDir Path dir;

  @Test
  void filesAreWorldReadableAndNothingHalfWrittenIsLeft() throws IOException {
    Path out = dir.resolve("conf");
    Result r = CliRunner.run("render", "spark-conf", "--data-size", "100GB", "--cloud", "gcp", "--preset",
        "cost-optimized", "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("spark-defaults.conf", "driver-pod-template.yaml", "executor-pod-template.yaml");
    }
    try (Stream<Path> files = Files.list(out)) {
      for (Path file : files.toList()) {
        // The Spark image's user (uid 185) reads these, so group and others need read.
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
            .as(file.toString()).isEqualTo("rw-r--r--");
      }
    }
  }

  /** Stdout: objects joined by ---, or one document alone; file-only copies left out; a mixture refused. */
  @Test
  void stdoutCarriesObjectsOrOneDocument() {
    Document a = Document.object("configmap-a.yaml", "kind: ConfigMap\n");
    Document b = Document.object("configmap-b.yaml", "kind: ConfigMap\n");
    Document conf = Document.plain("spark-defaults.conf", "spark.x y\n");
    Document values = Document.yaml("values.yaml", "a: 1\n");
    assertThat(OutputOption.stdout(List.of(a, b))).isEqualTo("kind: ConfigMap\n---\nkind: ConfigMap\n");
    assertThat(OutputOption.stdout(List.of(conf))).isEqualTo("spark.x y\n");
    assertThat(OutputOption.stdout(List.of(values))).isEqualTo("a: 1\n");
    assertThat(OutputOption.stdout(List.of(a, conf.onlyAsFile()))).isEqualTo("kind: ConfigMap\n");
    assertThatThrownBy(() -> OutputOption.stdout(List.of(a, conf)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("-o: configmap-a.yaml, spark-defaults.conf cannot share stdout, which carries Kubernetes"
            + " objects for kubectl or a single other file; add -o DIR to write them as files");
    assertThatThrownBy(() -> OutputOption.stdout(List.of(values, a))).isInstanceOf(InvalidInputException.class);
  }

  @Test
  void rewritingReplacesTheFileWhole() throws IOException {
    Path out = dir.resolve("ca");
    Files.createDirectories(out);
    Path target = out.resolve("configmap-cluster-autoscaler-priority-expander.yaml");
    Files.writeString(target, "old content that is much longer than anything the renderer writes ".repeat(100));
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
    Result r = CliRunner.run("render", "cluster-autoscaler", "--cloud", "aws", "-o", out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.readString(target)).startsWith("apiVersion: v1\n").doesNotContain("old content");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
    try (Stream<Path> files = Files.list(out)) {
      assertThat(files).hasSize(1);
    }
  }
}
