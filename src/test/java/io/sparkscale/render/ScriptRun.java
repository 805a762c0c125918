package io.sparkscale.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a rendered shell script under a real /bin/sh with az, gcloud and kubectl replaced by shell functions
 * that record how they were called, and what kubectl read on stdin: the shell itself parses the quoting
 * and the here-documents, so a script that runs here runs the same commands against a real cluster.
 *
 * @param calls one line per command, "az aks update ...", in order
 * @param kubectlInput everything the script piped into kubectl
 */
public record ScriptRun(List<String> calls, String kubectlInput) {

  private static final String STUBS = """
      az() { printf 'az %s\\n' "$*" >> "$CALLS"; }
      gcloud() { printf 'gcloud %s\\n' "$*" >> "$CALLS"; }
      kubectl() { printf 'kubectl %s\\n' "$*" >> "$CALLS"; cat >> "$KUBECTL_INPUT"; }
      . "$SCRIPT"
      """;

  public static ScriptRun of(String script) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("script-run");
    try {
      Path file = Files.writeString(dir.resolve("script.sh"), script);
      Path calls = Files.createFile(dir.resolve("calls"));
      Path input = Files.createFile(dir.resolve("kubectl-input"));
      ProcessBuilder sh = new ProcessBuilder("/bin/sh", "-c", STUBS).redirectErrorStream(true);
      sh.environment().put("SCRIPT", file.toString());
      sh.environment().put("CALLS", calls.toString());
      sh.environment().put("KUBECTL_INPUT", input.toString());
      Process process = sh.start();
      String output = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the script did not finish within 30 s");
      }
      if (process.exitValue() != 0) {
        throw new AssertionError("the script failed (exit " + process.exitValue() + "): " + output);
      }
      return new ScriptRun(Files.readAllLines(calls), Files.readString(input));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
