package io.sparkscale.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.cli.CliRunner.Result;
import io.sparkscale.cli.CliRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
