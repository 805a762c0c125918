package io.sparkscale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Case 5: `rightsize --data-size 1TB` of the packaged application, wall time and peak RSS (from
 * /usr/bin/time), without and with the AppCDS archive, in alternating runs.
 */
final class StartupBench {

  static final List<String> ARGS = List.of("rightsize", "--data-size", "1TB");
  static final Path TIME = Paths.get("/usr/bin/time");

  private StartupBench() {}

  record Run(double wallMs, long peakRssKb, int exit, String output) {}

  static List<BenchResult> run(Scale scale) throws Exception {
    List<BenchResult> results = new ArrayList<>();
    String mode = PackagedApp.isNative() ? "native" : "JVM";
    boolean cds = !PackagedApp.isNative() && Files.isRegularFile(PackagedApp.appCdsArchive());
    boolean cdsUsable = cds && once(true, List.of("-Xshare:on")).exit == 0;
    List<Double> plainWall = new ArrayList<>();
    List<Double> cdsWall = new ArrayList<>();
    List<Double> plainRss = new ArrayList<>();
    List<Double> cdsRss = new ArrayList<>();
    String expected = null;
    boolean agree = true;
    once(false, List.of()); // warm the file cache
    for (int i = 0; i < scale.startRuns; i++) {
      Run plain = once(false, List.of());
      plainWall.add(plain.wallMs);
      plainRss.add((double) plain.peakRssKb);
      expected = expected == null ? plain.output : expected;
      agree &= plain.exit == 0 && plain.output.equals(expected);
      if (cdsUsable) {
        Run shared = once(true, List.of());
        cdsWall.add(shared.wallMs);
        cdsRss.add((double) shared.peakRssKb);
        agree &= shared.exit == 0 && shared.output.equals(expected);
      }
    }
    results.add(BenchResult.of("5 start-up", mode + ", rightsize --data-size 1TB")
        .put("runs", scale.startRuns)
        .put("median_wall_ms", Stats.median(plainWall))
        .put("median_peak_rss_mb", Stats.median(plainRss) / 1024)
        .put("counts_agree", agree)
        .note(Files.isExecutable(TIME) ? "" : "no /usr/bin/time: RSS not measured")
        .build());
    if (cdsUsable) {
      double speedup = Stats.median(plainWall) / Stats.median(cdsWall);
      results.add(BenchResult.of("5 start-up", mode + " + AppCDS, rightsize --data-size 1TB")
          .put("runs", scale.startRuns)
          .put("median_wall_ms", Stats.median(cdsWall))
          .put("median_peak_rss_mb", Stats.median(cdsRss) / 1024)
          .put("wall_speedup_vs_plain", speedup)
          .put("counts_agree", agree)
          .note("same rounds as the row above, alternating")
          .build());
    } else if (!PackagedApp.isNative()) {
      results.add(BenchResult.of("5 start-up", mode + " + AppCDS")
          .note(cds ? "archive present but not usable by this JVM" : "no app-cds.jsa built").build());
    }
    return results;
  }

  private static Run once(boolean appCds, List<String> jvmCheck) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(PackagedApp.command(appCds, ARGS));
    if (!jvmCheck.isEmpty()) {
      command.addAll(command.indexOf("-jar"), jvmCheck); // after -Xshare:auto, so it wins
    }
    Path timing = Files.createTempFile("sparkscale-time", ".txt");
    boolean timed = Files.isExecutable(TIME);
    if (timed) {
      command.addAll(0, List.of(TIME.toString(), "-f", "%M", "-o", timing.toString()));
    }
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(PackagedApp.appDir().toFile())
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    int exit = process.waitFor();
    double wall = Stats.millis(System.nanoTime() - start);
    long rss = -1;
    if (timed) {
      List<String> lines = Files.readAllLines(timing);
      rss = lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).trim());
    }
    Files.deleteIfExists(timing);
    return new Run(wall, rss, exit, output);
  }
}
