package io.sparkscale.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkscale.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs every benchmark case at a scale, prints the table and writes target/bench/results.json and
 * results.md. A case that throws becomes a FAILED row rather than hiding the others.
 */
public final class BenchSuite {

  interface Case {
    List<BenchResult> run() throws Exception;
  }

  private BenchSuite() {}

  public static List<BenchResult> run(Scale scale) throws Exception {
    Map<String, Object> machineBefore = Machine.describe();
    List<BenchResult> results = new ArrayList<>();
    // s3proxy is a JVM of its own: not started when only the open-loop cases run.
    boolean anyStoreCase = List.of("1", "2", "3", "4", "5", "6").stream().anyMatch(n -> selected(n, n))
        || selected("13", "queues");
    try (S3ProxyServer s3proxy = anyStoreCase ? S3ProxyServer.start() : null; MemoryS3 memory = new MemoryS3()) {
      attempt(results, "1 count throughput", () -> CountThroughputBench.run(scale, s3proxy, memory));
      attempt(results, "2 requests per poll cycle", () -> PollCycleBench.run(scale, s3proxy));
      attempt(results, "3 sharded listing", () -> List.of(ShardingBench.run(scale, memory)));
      attempt(results, "4 cached GetMetrics", () -> LatencyBench.run(scale, s3proxy));
      attempt(results, "5 start-up", () -> StartupBench.run(scale));
      attempt(results, "6 serve memory", () -> List.of(ServeMemoryBench.run(scale, s3proxy)));
      attempt(results, NotificationBench.CASE, () -> NotificationBench.run(scale, memory));
      attempt(results, NotificationQueuesBench.CASE, "queues",
          () -> List.of(NotificationQueuesBench.run(scale, s3proxy)));
    }
    attempt(results, ServeIdleBench.CASE, "idle", () -> ServeIdleBench.run(scale));
    // Open loop against serve in its own process; each case brings its own store and proxy.
    attempt(results, OpenLoopBench.HOT_KEY, "hotkey", () -> OpenLoopBench.hotKey(scale));
    attempt(results, OpenLoopBench.FLEET, "fleet", () -> OpenLoopBench.fleet(scale, false));
    attempt(results, OpenLoopBench.BIG_FLEET, "bigfleet", () -> OpenLoopBench.fleet(scale, true));
    attempt(results, CountingRateBench.CASE, "countrate", () -> CountingRateBench.run(scale));
    attempt(results, SimulateBench.CASE, "simulate", () -> SimulateBench.run(scale));
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("scale", scale.name().toLowerCase());
    report.put("finished", Instant.now().toString());
    report.put("machine_at_start", machineBefore);
    report.put("load_at_end", Machine.loadAverage());
    report.put("results", results);
    Path dir = Paths.get(System.getProperty("project.basedir", "."), "target", "bench");
    Files.createDirectories(dir);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("results.json").toFile(), report);
    String table = table(results);
    Files.writeString(dir.resolve("results.md"), table);
    System.out.println("\nsparkscale benchmarks (" + scale.name().toLowerCase() + "), " + machineBefore + "\n" + table);
    return results;
  }

  private static void attempt(List<BenchResult> results, String name, Case benchCase) {
    attempt(results, name, name.substring(0, name.indexOf(' ')), benchCase);
  }

  private static void attempt(List<BenchResult> results, String name, String alias, Case benchCase) {
    if (!selected(name.substring(0, name.indexOf(' ')), alias)) {
      return;
    }
    try {
      results.addAll(benchCase.run());
    } catch (Exception | AssertionError e) {
      results.add(BenchResult.of(name, "FAILED").goal("runs", false).note("FAILED: " + e).build());
    }
  }

  /** -Dbench.cases=3,4 (or =hotkey,fleet) runs only those cases, by number or name, e.g. while working on one. */
  private static boolean selected(String number, String alias) {
    String only = System.getProperty("bench.cases", "").trim();
    List<String> chosen = List.of(only.split("\\s*,\\s*"));
    return only.isEmpty() || chosen.contains(number) || chosen.contains(alias);
  }

  /** A Markdown table: one row per result, figures as name=value. */
  static String table(List<BenchResult> results) {
    StringBuilder out = new StringBuilder("| case | variant | figures | goal | met |\n|---|---|---|---|---|\n");
    for (BenchResult r : results) {
      String figures = r.figures().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining(", "));
      if (!r.note().isEmpty()) {
        figures = figures.isEmpty() ? r.note() : figures + " (" + r.note() + ")";
      }
      out.append("| ").append(r.benchCase()).append(" | ").append(r.variant()).append(" | ").append(figures)
          .append(" | ").append(r.goal()).append(" | ")
          .append(r.goalMet() == null ? "" : r.goalMet() ? "yes" : "NO").append(" |\n");
    }
    return out.toString();
  }

  /** `java ... BenchSuite [smoke|full]` outside Maven (needs the test class path and s3proxy.jar). */
  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? Scale.valueOf(args[0].toUpperCase()) : Scale.fromSystemProperty());
  }

  /** What the figures depend on: cores, memory, JDK, and how busy the machine was. */
  static final class Machine {
    private Machine() {}

    static Map<String, Object> describe() throws IOException {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("cores", Runtime.getRuntime().availableProcessors());
      m.put("memory_total_mb", memTotalMb());
      m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
      m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
      m.put("load_average", loadAverage());
      m.put("other_jvms_running", ProcessHandle.allProcesses()
          .filter(p -> p.pid() != ProcessHandle.current().pid())
          .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false)).count());
      return m;
    }

    static String loadAverage() {
      try {
        return Files.readString(Paths.get("/proc/loadavg")).trim();
      } catch (IOException e) {
        return "unknown";
      }
    }

    private static long memTotalMb() {
      try {
        return Files.readAllLines(Paths.get("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1L);
      } catch (IOException e) {
        return -1;
      }
    }
  }
}
