package io.sparkscale.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the container image runs sparkscale, read from the files that define it, so the benchmark measures
 * what ships: the chart's JVM options and memory limit (deploy/helm/sparkscale/values.yaml), the image's
 * MALLOC_ARENA_MAX (deploy/Dockerfile.jvm), the JDK 25 the image runs on, and its AOT caches, trained by the
 * image's own script (deploy/aot-train.sh).
 */
final class ImageRuntime {

  static final Path DEFAULT_JDK25 = Paths.get("/usr/lib/jvm/temurin-25-jdk-amd64");

  private static Path caches;

  private ImageRuntime() {}

  private static Path basedir() {
    return Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
  }

  /**
   * The chart's jvmOptions, plus -XX:MaxRAM at the chart's memory limit: the JVM sizes its heap from the
   * container's memory, which a process on this machine does not have.
   */
  static List<String> jvmOptions() throws IOException {
    JsonNode values = new YAMLMapper().readTree(basedir().resolve("deploy/helm/sparkscale/values.yaml").toFile());
    List<String> options = new ArrayList<>(Arrays.asList(values.path("jvmOptions").asText().trim().split("\\s+")));
    String limit = values.path("resources").path("limits").path("memory").asText();
    Matcher mebibytes = Pattern.compile("(\\d+)Mi").matcher(limit);
    if (!mebibytes.matches()) {
      throw new IOException("values.yaml resources.limits.memory '" + limit + "' is not in Mi");
    }
    options.add("-XX:MaxRAM=" + mebibytes.group(1) + "m");
    return List.copyOf(options);
  }

  /** MALLOC_ARENA_MAX as deploy/Dockerfile.jvm sets it. */
  static String mallocArenaMax() throws IOException {
    Matcher env = Pattern.compile("(?m)^ENV MALLOC_ARENA_MAX=(\\d+)")
        .matcher(Files.readString(basedir().resolve("deploy/Dockerfile.jvm")));
    if (!env.find()) {
      throw new IOException("deploy/Dockerfile.jvm sets no MALLOC_ARENA_MAX");
    }
    return env.group(1);
  }

  /** bench.jdk25 (a JDK home), else JAVA25_HOME, else the Temurin 25 of these machines; empty when absent. */
  static Optional<Path> jdk25Java() {
    String home = System.getProperty("bench.jdk25", Optional.ofNullable(System.getenv("JAVA25_HOME")).orElse(""));
    Path java = (home.isBlank() ? DEFAULT_JDK25 : Paths.get(home)).resolve("bin/java");
    return Files.isExecutable(java) ? Optional.of(java) : Optional.empty();
  }

  static String jdk25Missing() {
    return "no JDK 25 (looked at -Dbench.jdk25, $JAVA25_HOME, " + DEFAULT_JDK25 + "): JDK 25 cases skipped";
  }

  /**
   * target/aot/cli.aot and serve.aot, trained once per run by deploy/aot-train.sh on the aot-jar layout with
   * the image's JVM options.
   */
  static synchronized Path trainedCaches(Path java) throws IOException, InterruptedException {
    if (caches != null) {
      return caches;
    }
    if (!Files.isRegularFile(PackagedApp.aotDir().resolve("quarkus-run.jar"))) {
      throw new IOException("no aot-jar layout at " + PackagedApp.aotDir() + " (built by ./mvnw package unless"
          + " -DskipAot)");
    }
    Path out = basedir().resolve("target/aot");
    ProcessBuilder train = new ProcessBuilder("sh", basedir().resolve("deploy/aot-train.sh").toString(),
        PackagedApp.aotDir().toString(), out.toString(), java.toString()).redirectErrorStream(true);
    train.environment().put("JAVA_OPTS", String.join(" ", jvmOptions()));
    train.environment().put("MALLOC_ARENA_MAX", mallocArenaMax());
    Process process = train.start();
    String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0
        || !Files.isRegularFile(out.resolve("cli.aot")) || !Files.isRegularFile(out.resolve("serve.aot"))) {
      throw new IOException("deploy/aot-train.sh failed: " + log.strip());
    }
    caches = out;
    return caches;
  }

  /** "JDK 25" from a java binary's version line. */
  static String describe(Path java) throws IOException, InterruptedException {
    Process version = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
    String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    version.waitFor(30, TimeUnit.SECONDS);
    Matcher m = Pattern.compile("version \"([^\"]+)\"").matcher(text);
    return m.find() ? "JDK " + m.group(1) : java.toString().toLowerCase(Locale.ROOT);
  }
}
