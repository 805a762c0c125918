package io.sparkscale.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Case 5: `rightsize --data-size 1TB` of the packaged application against a bare picocli command with one
 * option (BarePicocli) on the same JVM and the same picocli jar, in the same rounds (the order reversed every
 * other round): on this JVM (JDK 17) as README runs it, without a cache (the goal) and with AppCDS; and on
 * JDK 25 with the image's JVM options, with the AOT cache deploy/aot-train.sh trains (the goal) and without.
 * Wall time from fork to exit, peak RSS from /usr/bin/time. Goal: rightsize within 3x of the bare command.
 */
public final class StartupBench {

  static final List<String> ARGS = List.of("rightsize", "--data-size", "1TB");
  static final double GOAL_RATIO = 3.0;
  static final Path TIME = Paths.get("/usr/bin/time");
  /** Classes rightsize must not load: the gRPC and Vert.x stacks, Netty's transport, the SDK's HTTP clients. */
  public static final Pattern SERVE_ONLY = Pattern.compile(
      "^(io\\.grpc\\.|io\\.vertx\\.|io\\.netty\\.(channel\\.(nio|socket|epoll)|bootstrap|handler|buffer)\\."
          + "|software\\.amazon\\.awssdk\\.http\\.|org\\.apache\\.http\\.)");

  private StartupBench() {}

  record Run(double wallMs, long peakRssKb, int exit, String out, String err) {}

  /** One command line to time, from a directory. */
  record Contender(String name, List<String> command, Path dir) {}

  /** A packaged-application contender and the bare command it is compared with, and whether a goal applies. */
  record Pair(String variant, Contender app, Contender bare, boolean goal, String note) {}

  static List<BenchResult> run(Scale scale) throws Exception {
    if (PackagedApp.isNative()) {
      return List.of(BenchResult.of("5 start-up", "native").note("native executable: no JVM to compare on").build());
    }
    List<BenchResult> results = new ArrayList<>();
    List<Pair> pairs = new ArrayList<>();
    PackagedApp.Jvm jdk17 = PackagedApp.thisJvm();
    Contender bare17 = bare("bare picocli, " + jdk17.name(), jdk17.java(), List.of());
    pairs.add(new Pair(jdk17.name() + ", java -jar (README), no cache", app(jdk17), bare17, true, ""));
    if (Files.isRegularFile(PackagedApp.appCdsArchive())) {
      pairs.add(new Pair(jdk17.name() + " + AppCDS", app(jdk17.withOptions(List.of(
          "-XX:SharedArchiveFile=app-cds.jsa", "-Xshare:auto"))), bare17, false, "AppCDS archive of the build"));
    }
    Optional<Path> java25 = ImageRuntime.jdk25Java();
    String skipped25 = null;
    if (java25.isEmpty()) {
      skipped25 = ImageRuntime.jdk25Missing();
    } else {
      try {
        Path caches = ImageRuntime.trainedCaches(java25.get());
        List<String> options = ImageRuntime.jvmOptions();
        String name = ImageRuntime.describe(java25.get());
        PackagedApp.Jvm jdk25 = new PackagedApp.Jvm(name, java25.get(), PackagedApp.aotDir(), options);
        Contender bare25 = bare("bare picocli, " + name, java25.get(), options);
        pairs.add(new Pair(name + ", image's JVM options + AOT cache", app(jdk25.withOptions(
            List.of("-XX:AOTCache=" + caches.resolve("cli.aot")))), bare25, true,
            "aot-jar layout; cache cli.aot from deploy/aot-train.sh; the bare command without a cache"));
        pairs.add(new Pair(name + ", image's JVM options, no cache", app(jdk25), bare25, false, "aot-jar layout"));
      } catch (IOException e) {
        skipped25 = "JDK 25 cases skipped: " + e.getMessage();
      }
    }

    List<Contender> contenders = pairs.stream().flatMap(p -> Stream.of(p.bare(), p.app())).distinct().toList();
    Map<Contender, List<Run>> runs = new LinkedHashMap<>();
    contenders.forEach(c -> runs.put(c, new ArrayList<>()));
    for (Contender c : contenders) {
      once(c); // warm the file cache
    }
    for (int round = 0; round < scale.startRuns; round++) {
      List<Contender> order = new ArrayList<>(contenders);
      if (round % 2 == 1) {
        Collections.reverse(order);
      }
      for (Contender c : order) {
        runs.get(c).add(once(c));
      }
    }

    String expected = runs.get(pairs.get(0).app()).get(0).out();
    for (Pair pair : pairs) {
      List<Run> app = runs.get(pair.app());
      List<Run> bare = runs.get(pair.bare());
      double appMs = Stats.median(app.stream().map(Run::wallMs).toList());
      double bareMs = Stats.median(bare.stream().map(Run::wallMs).toList());
      List<Double> paired = new ArrayList<>();
      for (int i = 0; i < app.size(); i++) {
        paired.add(app.get(i).wallMs() / bare.get(i).wallMs());
      }
      double ratio = appMs / bareMs;
      boolean agree = Stream.concat(app.stream(), bare.stream()).allMatch(r -> r.exit() == 0)
          && app.stream().allMatch(r -> r.out().equals(expected));
      BenchResult.Builder row = BenchResult.of("5 start-up", pair.variant())
          .put("runs", app.size())
          .put("rightsize_median_ms", appMs)
          .put("bare_picocli_median_ms", bareMs)
          .put("ratio_of_medians", ratio)
          .put("paired_ratio_median", Stats.median(paired))
          .put("rightsize_peak_rss_mb", Stats.median(app.stream().map(r -> (double) r.peakRssKb()).toList()) / 1024)
          .put("bare_peak_rss_mb", Stats.median(bare.stream().map(r -> (double) r.peakRssKb()).toList()) / 1024)
          .put("counts_agree", agree);
      if (!agree) {
        row.note("a run failed or printed another plan: " + app.get(0).err());
      } else {
        row.note(pair.note());
      }
      if (pair.goal()) {
        row.goal("rightsize <= " + GOAL_RATIO + "x the bare picocli command", ratio <= GOAL_RATIO);
      }
      results.add(row.build());
    }
    if (skipped25 != null) {
      results.add(BenchResult.of("5 start-up", "JDK 25 + AOT cache").note(skipped25).build());
    }
    results.add(classesLoaded(pairs.get(0).app()));
    return results;
  }

  /** One extra run of the README contender with -Xlog:class+load: what rightsize loads, by kind. */
  private static BenchResult classesLoaded(Contender app) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(app.command());
    command.add(1, "-Xlog:class+load=info:stdout");
    Run run = launch(new Contender(app.name(), command, app.dir()), false);
    Matcher loaded = Pattern.compile("(?m)\\[class,load\\] (\\S+) source: (\\S+)").matcher(run.out());
    int total = 0;
    int fromJars = 0;
    List<String> serveOnly = new ArrayList<>();
    while (loaded.find()) {
      total++;
      fromJars += loaded.group(2).startsWith("file:") ? 1 : 0;
      if (SERVE_ONLY.matcher(loaded.group(1)).find()) {
        serveOnly.add(loaded.group(1));
      }
    }
    return BenchResult.of("5 start-up", "classes rightsize loads (" + app.name() + ")")
        .put("classes_loaded", total)
        .put("from_application_jars", fromJars)
        .put("grpc_vertx_netty_transport_sdk_http", serveOnly.size())
        .goal("no gRPC, Vert.x, Netty transport or SDK HTTP class", serveOnly.isEmpty() && run.exit() == 0)
        .note(serveOnly.isEmpty() ? "" : "loaded: " + serveOnly.subList(0, Math.min(5, serveOnly.size())))
        .build();
  }

  private static Contender app(PackagedApp.Jvm jvm) {
    return new Contender("sparkscale " + jvm.name() + " " + jvm.options(), jvm.command(ARGS), jvm.appDir());
  }

  private static Contender bare(String name, Path java, List<String> options) throws IOException {
    Path picocli;
    try (Stream<Path> jars = Files.list(PackagedApp.appDir().resolve("lib/main"))) {
      picocli = jars.filter(p -> p.getFileName().toString().startsWith("info.picocli.picocli-")).findFirst()
          .orElseThrow(() -> new IOException("no picocli jar in " + PackagedApp.appDir().resolve("lib/main")));
    }
    Path testClasses = Paths.get(System.getProperty("project.basedir", "."), "target", "test-classes");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(options);
    command.addAll(List.of("-cp", picocli + File.pathSeparator + testClasses.toAbsolutePath(),
        BarePicocli.class.getName(), "--data-size", "1TB"));
    return new Contender(name, List.copyOf(command), PackagedApp.appDir());
  }

  private static Run once(Contender contender) throws IOException, InterruptedException {
    return launch(contender, Files.isExecutable(TIME));
  }

  private static Run launch(Contender contender, boolean timed) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(contender.command());
    Path timing = Files.createTempFile("sparkscale-time", ".txt");
    if (timed) {
      command.addAll(0, List.of(TIME.toString(), "-f", "%M", "-o", timing.toString()));
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(contender.dir().toFile()).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
    String out = read(process.getInputStream());
    int exit = process.waitFor();
    double wall = Stats.millis(System.nanoTime() - start);
    long rss = -1;
    if (timed) {
      List<String> lines = Files.readAllLines(timing);
      rss = lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).trim());
    }
    Files.deleteIfExists(timing);
    return new Run(wall, rss, exit, out, err.join());
  }

  private static String read(InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
