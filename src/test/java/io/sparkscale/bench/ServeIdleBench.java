package io.sparkscale.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Case 14: resident memory of an idle `serve` (started, ports bound, no call yet) as the sidecar image runs
 * it: the chart's JVM options and memory limit, the image's MALLOC_ARENA_MAX (ImageRuntime). On JDK 25 (the
 * image's JVM) with the aot-jar layout, without and with the AOT cache deploy/aot-train.sh trains; and on this
 * JVM with the fast-jar, as README's java -jar with the same options. Several starts, medians; RSS split into
 * anonymous memory (heap, stacks, malloc) and file-backed pages (jars, the JDK's modules, the cache).
 */
final class ServeIdleBench {

  static final String CASE = "14 idle serve";
  static final double GOAL_MIB = 80;
  /** Never called while idle: no trigger asks for a count. */
  private static final String UNUSED_STORE = "http://127.0.0.1:9";

  private ServeIdleBench() {}

  static List<BenchResult> run(Scale scale) throws Exception {
    if (PackagedApp.isNative()) {
      return List.of(BenchResult.of(CASE, "native").note("measured on the JVM only").build());
    }
    List<String> options = ImageRuntime.jvmOptions();
    Map<String, String> env = Map.of("MALLOC_ARENA_MAX", ImageRuntime.mallocArenaMax());
    int starts = scale == Scale.FULL ? 5 : 1;
    Duration settle = scale == Scale.FULL ? Duration.ofSeconds(5) : Duration.ofSeconds(2);
    List<BenchResult> results = new ArrayList<>();
    PackagedApp.Jvm jdk17 = PackagedApp.thisJvm();
    results.add(measure(new PackagedApp.Jvm(jdk17.name(), jdk17.java(), jdk17.appDir(), options),
        "fast-jar, image's JVM options, no cache", env, starts, settle));
    Optional<Path> java25 = ImageRuntime.jdk25Java();
    if (java25.isEmpty()) {
      results.add(BenchResult.of(CASE, "JDK 25").note(ImageRuntime.jdk25Missing()).build());
      return results;
    }
    Path caches;
    try {
      caches = ImageRuntime.trainedCaches(java25.get());
    } catch (IOException e) {
      results.add(BenchResult.of(CASE, "JDK 25").note("JDK 25 cases skipped: " + e.getMessage()).build());
      return results;
    }
    PackagedApp.Jvm jdk25 =
        new PackagedApp.Jvm(ImageRuntime.describe(java25.get()), java25.get(), PackagedApp.aotDir(), options);
    results.add(measure(jdk25, "aot-jar, image's JVM options, no cache", env, starts, settle));
    results.add(measure(jdk25.withOptions(List.of("-XX:AOTCache=" + caches.resolve("serve.aot"))),
        "aot-jar, image's JVM options + AOT cache (the image)", env, starts, settle));
    return results;
  }

  private static BenchResult measure(PackagedApp.Jvm jvm, String variant, Map<String, String> env, int starts,
      Duration settle) throws Exception {
    List<Double> rss = new ArrayList<>();
    List<Double> anon = new ArrayList<>();
    List<Double> file = new ArrayList<>();
    List<Double> startMs = new ArrayList<>();
    for (int i = 0; i < starts; i++) {
      long begun = System.nanoTime();
      try (ServeProcess serve = ServeProcess.start(jvm, env, UNUSED_STORE, List.of())) {
        startMs.add(Stats.millis(System.nanoTime() - begun));
        Thread.sleep(settle.toMillis());
        if (!serve.isAlive()) {
          throw new IOException("serve exited while idle: " + serve.output());
        }
        rss.add(serve.rssKb() / 1024.0);
        anon.add(serve.rssAnonKb() / 1024.0);
        file.add(serve.rssFileKb() / 1024.0);
      }
    }
    double median = Stats.median(rss);
    return BenchResult.of(CASE, jvm.name() + ", " + variant)
        .put("starts", starts)
        .put("idle_rss_mib", median)
        .put("rss_anon_mib", Stats.median(anon))
        .put("rss_file_mib", Stats.median(file))
        .put("start_to_ports_ms", Stats.median(startMs))
        .put("settle_s", settle.toSeconds())
        .goal("idle RSS <= " + (int) GOAL_MIB + " MiB", median <= GOAL_MIB)
        .note("options " + String.join(" ", jvm.options()))
        .build();
  }
}
