package io.sparkscale.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `sparkscale serve` of the packaged application as a child process on free loopback ports (port 0; the
 * ports are read from its start-up line), with static S3 credentials in its environment as a pod's
 * identity would provide them.
 */
public final class ServeProcess implements Contender, AutoCloseable {

  private static final Pattern STARTED =
      Pattern.compile("gRPC on [^ ]*:(\\d+) \\([^)]*\\), HTTP on [^ ]*:(\\d+)");

  private final Process process;
  private final StringBuffer output;
  private final int grpcPort;
  private final int httpPort;

  private ServeProcess(Process process, StringBuffer output, int grpcPort, int httpPort) {
    this.process = process;
    this.output = output;
    this.grpcPort = grpcPort;
    this.httpPort = httpPort;
  }

  /** Starts serve counting at {@code s3Endpoint}; extra arguments are appended. */
  public static ServeProcess start(String s3Endpoint, List<String> extra) throws IOException, InterruptedException {
    // -Dbench.serve.jvm="-Xlog:gc -Xmx256m" tries JVM options on the packaged serve (ignored when native).
    return start(s3Endpoint, extra, System.getProperty("bench.serve.jvm", ""));
  }

  private static ProcessBuilder builder(String s3Endpoint, List<String> extra, String jvmOptions)
      throws IOException {
    ProcessBuilder builder = PackagedApp.builder(Files.isRegularFile(PackagedApp.appCdsArchive()),
        arguments(s3Endpoint, extra));
    if (!jvmOptions.isBlank()) {
      builder.environment().put("JAVA_TOOL_OPTIONS", jvmOptions.trim());
    }
    return builder;
  }

  /** As above, with these JVM options for serve (JAVA_TOOL_OPTIONS; blank for none). */
  public static ServeProcess start(String s3Endpoint, List<String> extra, String jvmOptions)
      throws IOException, InterruptedException {
    return start(builder(s3Endpoint, extra, jvmOptions));
  }

  /** serve on another JVM or layout (JDK 25, the aot-jar, an AOT cache), with these environment variables. */
  public static ServeProcess start(PackagedApp.Jvm jvm, java.util.Map<String, String> env, String s3Endpoint,
      List<String> extra) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(jvm.command(arguments(s3Endpoint, extra)))
        .directory(jvm.appDir().toFile());
    builder.environment().putAll(env);
    return start(builder);
  }

  private static List<String> arguments(String s3Endpoint, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("serve", "--port", "0", "--http-port", "0",
        "--bind-address", "127.0.0.1", "--s3-endpoint", s3Endpoint, "--region", "us-east-1"));
    args.addAll(extra);
    return args;
  }

  private static ServeProcess start(ProcessBuilder builder) throws IOException {
    builder.redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", "test-access");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "test-secret");
    builder.environment().put("AWS_REGION", "us-east-1");
    // As the image runs it (deploy/Dockerfile.jvm): glibc's default of 8 arenas per core costs RSS per thread.
    builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
    Process process = builder.start();
    StringBuffer seen = new StringBuffer();
    CompletableFuture<int[]> ports = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          seen.append(line).append('\n');
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            ports.complete(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
          }
        }
      } catch (IOException e) {
        // the process ended
      }
      ports.completeExceptionally(new IOException("serve ended before it started: " + seen));
    }, "serve-output");
    reader.setDaemon(true);
    reader.start();
    try {
      int[] bound = ports.get(90, TimeUnit.SECONDS);
      return new ServeProcess(process, seen, bound[0], bound[1]);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IOException("serve did not start: " + seen, e);
    }
  }

  /** Everything the process printed so far (stdout and stderr). */
  public String output() {
    return output.toString();
  }

  @Override
  public int grpcPort() {
    return grpcPort;
  }

  public int httpPort() {
    return httpPort;
  }

  @Override
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Resident set size now, from /proc (Linux), in KiB; -1 elsewhere. */
  public long rssKb() {
    return ProcFs.statusKb(process.pid(), "VmRSS:");
  }

  /** Threads of the process now, from /proc (Linux); -1 elsewhere. */
  public long threads() {
    return ProcFs.statusKb(process.pid(), "Threads:");
  }

  /** File descriptors the process holds now (sockets included), from /proc (Linux); -1 elsewhere. */
  public long openFds() {
    try (var fds = Files.list(Paths.get("/proc", Long.toString(process.pid()), "fd"))) {
      return fds.count();
    } catch (IOException e) {
      return -1;
    }
  }

  /** The anonymous part of RSS (heap, stacks, malloc), in KiB; -1 elsewhere. */
  public long rssAnonKb() {
    return ProcFs.statusKb(process.pid(), "RssAnon:");
  }

  /** The file-backed part of RSS (mapped jars, the JDK's modules, a CDS or AOT cache), in KiB; -1 elsewhere. */
  public long rssFileKb() {
    return ProcFs.statusKb(process.pid(), "RssFile:");
  }

  /** Peak resident set size so far, in KiB; -1 elsewhere. */
  @Override
  public long peakRssKb() {
    return ProcFs.statusKb(process.pid(), "VmHWM:");
  }

  @Override
  public Fleet.Answers answers() {
    return Fleet.SPARKSCALE;
  }

  /**
   * Live heap: a full GC through jcmd, then the heap's used size, in KiB; -1 for a native executable or
   * without jcmd. RSS alone mostly shows how far the heap grew before a collection, not what is kept.
   */
  public long liveHeapKb() {
    java.nio.file.Path jcmd = Paths.get(System.getProperty("java.home"), "bin", "jcmd");
    if (PackagedApp.isNative() || !Files.isExecutable(jcmd)) {
      return -1;
    }
    try {
      jcmd(jcmd, "GC.run");
      Matcher used = Pattern.compile("used (\\d+)K").matcher(jcmd(jcmd, "GC.heap_info"));
      return used.find() ? Long.parseLong(used.group(1)) : -1;
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String jcmd(Path jcmd, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), command)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  /** SIGTERM, as the kubelet sends; the exit code, or -1 if it had to be killed. */
  public int stop(Duration grace) throws InterruptedException {
    process.destroy();
    if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
      return process.exitValue();
    }
    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      stop(Duration.ofSeconds(15));
    }
  }
}
