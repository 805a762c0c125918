package io.sparkscale.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the reference cannot run, the comparison is skipped with a line that says why (no network here). */
class ReferenceScalerTest {

  @TempDir Path dir;

  @Test
  void withoutNodeTheComparisonIsSkippedSayingWhy() {
    ReferenceScaler.Setup setup =
        ReferenceScaler.install(dir.resolve("no-such-node").toString(), "npm", dir.resolve("modules"));

    assertThat(setup.available()).isFalse();
    assertThat(ReferenceScaler.skipReason(setup))
        .startsWith("reference scaler skipped: Node.js not found")
        .contains("-Dbench.node");
    assertThat(dir.resolve("modules")).doesNotExist();
  }

  @Test
  void aFailingNpmInstallIsSkippedWithItsLastLine() throws Exception {
    Path node = script("node", "echo v20.0.0");
    Path npm = script("npm", "echo 'npm error code ENOTFOUND'; exit 1");

    ReferenceScaler.Setup setup = ReferenceScaler.install(node.toString(), npm.toString(), dir.resolve("modules"));

    assertThat(setup.available()).isFalse();
    assertThat(setup.missing()).contains("npm install @grpc/grpc-js@").contains("exited with 1")
        .endsWith("npm error code ENOTFOUND");
  }

  @Test
  void packagesAlreadyInstalledAreNotInstalledAgain() throws Exception {
    Path node = script("node", "echo v20.0.0");
    Path npm = script("npm", "exit 1"); // would fail if called
    Path modules = dir.resolve("modules");
    Files.createDirectories(modules.resolve("node_modules/@grpc/grpc-js"));
    Files.createDirectories(modules.resolve("node_modules/@grpc/proto-loader"));

    ReferenceScaler.Setup setup = ReferenceScaler.install(node.toString(), npm.toString(), modules);

    assertThat(setup.available()).isTrue();
    assertThat(setup.nodeModules()).isEqualTo(modules.resolve("node_modules"));
  }

  private Path script(String name, String body) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
