package io.sparkscale.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit container's wrapper, run by a real /bin/sh with a stand-in spark-submit: it submits only
 * a batch with objects, passes the container's args through untouched, and leaves spark-submit's exit code
 * for the finish container.
 */
class ScaledJobScriptTest {

  @TempDir Path dir;

  record Run(int exit, String calledWith, String outcome) {}

  Run run(String batch, int sparkExit, String... args) throws Exception {
    Path fake = dir.resolve("spark-submit");
    Path calls = dir.resolve("calls");
    Files.writeString(fake, "#!/bin/sh\nprintf '%s|' \"$@\" > " + calls + "\nexit " + sparkExit + "\n");
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(dir.resolve("batch.txt"), batch);
    String script = ScaledJobSpec.SUBMIT_SCRIPT
        .replace("/opt/spark/bin/spark-submit", fake.toString())
        .replace(ScaledJobSpec.CONF_DIR, dir.toString());
    List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script, "spark-submit"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the wrapper ended within 30 s").isTrue();
    Path outcome = dir.resolve("outcome");
    return new Run(process.exitValue(), Files.exists(calls) ? Files.readString(calls) : null,
        Files.exists(outcome) ? Files.readString(outcome).strip() : null);
  }

  @Test
  void aBatchIsSubmittedWithTheArgsAsGivenAndItsExitCodeHandedOn() throws Exception {
    Run ok = run("s3a://landing/in/a\n", 0, "--class", "com.example.Etl", "s3a://code/etl jar.jar");
    assertThat(ok.exit()).isZero();
    assertThat(ok.calledWith()).isEqualTo("--class|com.example.Etl|s3a://code/etl jar.jar|");
    assertThat(ok.outcome()).isEqualTo("0");
    assertThat(dir.resolve("outcome.tmp")).doesNotExist();

    Run failed = run("s3a://landing/in/a\n", 3, "x.jar");
    assertThat(failed.exit()).isEqualTo(3);
    assertThat(failed.outcome()).isEqualTo("3");
  }

  @Test
  void anEmptyBatchSubmitsNothingAndSucceeds() throws Exception {
    Run empty = run("", 0, "x.jar");
    assertThat(empty.exit()).isZero();
    assertThat(empty.calledWith()).isNull();
    assertThat(empty.outcome()).isNull();
  }
}
