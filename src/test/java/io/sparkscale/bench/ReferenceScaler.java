package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference scaler of issue 18 (bench/reference/reference-scaler.js, a copy of the team's shared tool):
 * a minimal Node.js scaler that never blocks a caller, the latency floor `serve` is compared with in the
 * same run, on the same store, under the same load. Its two npm packages are installed by the bench into
 * target/bench/reference-node; without Node.js (or npm) the comparison is skipped with {@link #skipReason}.
 *
 * <p>It answers GetMetricSpec with target 5 and IsActive with "count > 0" whatever the trigger says
 * ({@link #ANSWERS}); GetMetrics with the count of every object under bucket/prefix.
 */
final class ReferenceScaler implements Contender, AutoCloseable {

  static final Fleet.Answers ANSWERS = new Fleet.Answers(5, 0);
  /** Pinned, so two runs compare the same floor (the newest on npm on 2026-12-05). */
  static final List<String> PACKAGES = List.of("@grpc/grpc-js@1.14.7", "@grpc/proto-loader@0.8.1");
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static Setup setup;

  private final Process process;
  private final StringBuffer output;
  private final int grpcPort;

  private ReferenceScaler(Process process, StringBuffer output, int grpcPort) {
    this.process = process;
    this.output = output;
    this.grpcPort = grpcPort;
  }

  /** Node.js and the installed packages, or why the comparison cannot run here. */
  record Setup(String node, Path nodeModules, String missing) {
    boolean available() {
      return missing == null;
    }
  }

  /** Once per suite run: finds node (-Dbench.node, else "node" on PATH) and installs the packages. */
  static synchronized Setup setup() {
    if (setup == null) {
      setup = install(System.getProperty("bench.node", "node"), System.getProperty("bench.npm", "npm"),
          basedir().resolve("target/bench/reference-node"));
    }
    return setup;
  }

  static Setup install(String node, String npm, Path dir) {
    Path modules = dir.resolve("node_modules");
    try {
      Run version = run(List.of(node, "--version"), Duration.ofSeconds(30));
      if (version.exit != 0) {
        return missing(node, "`" + node + " --version` exited with " + version.exit + ": " + version.out.strip());
      }
      if (!Files.isDirectory(modules.resolve("@grpc/grpc-js")) || !Files.isDirectory(modules.resolve("@grpc/proto-loader"))) {
        Files.createDirectories(dir);
        List<String> command = new ArrayList<>(List.of(npm, "install", "--no-audit", "--no-fund", "--prefix",
            dir.toString()));
        command.addAll(PACKAGES);
        Run installed = run(command, Duration.ofMinutes(5));
        if (installed.exit != 0) {
          return missing(node, "`npm install " + String.join(" ", PACKAGES) + "` exited with " + installed.exit
              + ": " + installed.out.strip().lines().reduce((a, b) -> b).orElse(""));
        }
      }
      return new Setup(node, modules, null);
    } catch (IOException e) {
      return missing(node, "Node.js not found (" + e.getMessage() + "); install Node.js 18+ and npm, or set "
          + "-Dbench.node and -Dbench.npm");
    }
  }

  private static Setup missing(String node, String why) {
    return new Setup(node, null, why);
  }

  /** The line a case prints and records when it runs without the reference. */
  static String skipReason(Setup setup) {
    return "reference scaler skipped: " + setup.missing();
  }

  /** Starts the reference against {@code s3Endpoint}, reusing a count for {@code cacheTtl}; waits until it answers. */
  static ReferenceScaler start(Setup setup, String s3Endpoint, Duration cacheTtl)
      throws IOException, InterruptedException {
    int grpc = freePort();
    int http = freePort();
    List<String> command = List.of(setup.node(), basedir().resolve("bench/reference/reference-scaler.js").toString(),
        "serve", "--port", Integer.toString(grpc), "--http-port", Integer.toString(http), "--s3-endpoint", s3Endpoint,
        "--cache-ttl", Double.toString(cacheTtl.toMillis() / 1000.0));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("NODE_MODULES", setup.nodeModules().toString());
    builder.environment().put("KEDA_PROTO", basedir().resolve("src/test/resources/keda/externalscaler.proto").toString());
    Process process = builder.start();
    StringBuffer output = new StringBuffer();
    drain(process.getInputStream(), output);
    ReferenceScaler scaler = new ReferenceScaler(process, output, grpc);
    try {
      scaler.awaitReady();
      return scaler;
    } catch (IOException | InterruptedException | RuntimeException e) {
      scaler.close();
      throw e;
    }
  }

  /** It binds asynchronously: ready once GetMetricSpec is answered on its port. */
  private void awaitReady() throws IOException, InterruptedException {
    ManagedChannel channel = LatencyBench.channel(grpcPort);
    long end = System.nanoTime() + READY_TIMEOUT.toNanos();
    try {
      while (true) {
        try {
          ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.SECONDS)
              .getMetricSpec(InProcessScaler.ref("ready", java.util.Map.of("bucket", "b")));
          return;
        } catch (StatusRuntimeException e) {
          if (!process.isAlive() || System.nanoTime() > end) {
            throw new IOException("reference scaler did not answer on port " + grpcPort + " (" + e.getStatus()
                + "): " + output);
          }
          Thread.sleep(100);
        }
      }
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public int grpcPort() {
    return grpcPort;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public Fleet.Answers answers() {
    return ANSWERS;
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy(); // SIGTERM: it exits at once
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  static Path basedir() {
    return Paths.get(System.getProperty("project.basedir", ".")).toAbsolutePath();
  }

  /** A port free now (the child binds it a moment later; loopback ports are not contended here). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(List<String> command, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    StringBuffer out = new StringBuffer();
    Thread reader = drain(p.getInputStream(), out);
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return new Run(-1, "timed out after " + timeout.toSeconds() + " s: " + out);
      }
      reader.join(5_000);
      return new Run(p.exitValue(), out.toString());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return new Run(-1, "interrupted");
    }
  }

  private static Thread drain(InputStream in, StringBuffer into) {
    Thread reader = new Thread(() -> {
      try (in) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
          into.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // the process ended
      }
    }, "reference-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
