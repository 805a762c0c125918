package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.sparkscale.s3.FaultInjectingProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cases 7 to 9: the packaged `serve` in its own process under a KEDA-like open-loop load
 * ({@link OpenLoopClient}), then the reference scaler of issue 18 ({@link ReferenceScaler}) under the same
 * load on the same store, in the same run: the goals are ratios of p99s. Both count through
 * {@link FaultInjectingProxy} (the named latency on every store request) in front of the store
 * ({@link OpenLoopStore}: s3proxy unless told). Per contender: start it, wait for every trigger's first
 * count (unmeasured), a warm-up run at the same load (unmeasured), then the measured run (serve's RSS and
 * /metrics watched).
 */
final class OpenLoopBench {

  static final String HOT_KEY = "7 hot key";
  static final String FLEET = "8 fleet";
  static final String BIG_FLEET = "9 big fleet";
  /** Without a reference (no Node.js), the absolute goal the suite had before: p99 of 10 ms. */
  private static final double FALLBACK_P99_MS = 10;
  private static final long GOAL_RSS_KB = 256 * 1024;
  private static final int PRIME_IN_FLIGHT = 64;
  /** The scaler's listing-time histogram: how long its own listings took while measured. */
  private static final String LISTINGS = "sparkscale_count_duration_seconds_count";
  private static final String LISTING_SECONDS = "sparkscale_count_duration_seconds_sum";

  private OpenLoopBench() {}

  /** One trigger whose listing takes seconds, GetMetrics at a fixed rate. */
  static List<BenchResult> hotKey(Scale scale) throws Exception {
    OpenLoopSettings s = OpenLoopSettings.hotKey(scale);
    try (OpenLoopStore store = OpenLoopStore.open();
        FaultInjectingProxy proxy = new FaultInjectingProxy(store.endpoint())) {
      Fleet fleet = Fleet.seed(store, "hotkey", s.triggers(), t -> s.objects());
      proxy.delay(s.storeDelay());
      Both m = measureBoth(s, proxy, fleet, Schedule.getMetricsAt(s.rate(), s.warmUp(), 0),
          Schedule.getMetricsAt(s.rate(), s.measure(), 0));
      String variant = String.format("1 trigger, %d objects in %s, +%d ms/request, %.0f calls/s for %d s",
          s.objects(), store.name(), s.storeDelay().toMillis(), s.rate(), s.measure().toSeconds());
      BenchResult.Builder row = m.serve.row(HOT_KEY, variant);
      m.latencyGoal(row, 2, "", true);
      return m.rows(row, HOT_KEY, variant);
    }
  }

  /** N triggers with 1 to 5 objects each (3 on average), KEDA's call mix. */
  static List<BenchResult> fleet(Scale scale, boolean big) throws Exception {
    OpenLoopSettings s = big ? OpenLoopSettings.bigFleet(scale) : OpenLoopSettings.fleet(scale);
    try (OpenLoopStore store = OpenLoopStore.open();
        FaultInjectingProxy proxy = new FaultInjectingProxy(store.endpoint())) {
      // Counts differ between neighbours, so a count served for the wrong trigger shows.
      Fleet fleet = Fleet.seed(store, s.name(), s.triggers(), t -> 1 + t % 5);
      proxy.delay(s.storeDelay());
      Schedule schedule = Schedule.kedaMix(s.triggers(), s.period(), s.measure());
      Both m = measureBoth(s, proxy, fleet, Schedule.kedaMix(s.triggers(), s.period(), s.warmUp()), schedule);
      String variant = String.format("%d triggers in %s, +%d ms/request, %.0f calls/s for %d s (poll every %d s)",
          s.triggers(), store.name(), s.storeDelay().toMillis(), schedule.callsPerSecond(),
          s.measure().toSeconds(), s.period().toSeconds());
      Measured serve = m.serve;
      String benchCase = big ? BIG_FLEET : FLEET;
      BenchResult.Builder row = serve.row(benchCase, variant)
          .put("oldest_metric", serve.oldestName)
          .put("oldest_max_s", Double.isNaN(serve.oldestSeconds()) ? "n/a" : serve.oldestSeconds())
          .put("max_staleness_s", s.maxStaleness().toSeconds());
      if (big) {
        row.put("rss_peak_mb", serve.peakRssKb / 1024.0).put("rss_max_measured_mb", serve.maxRssKb / 1024.0);
        m.latencyGoal(row, 3, ", peak RSS <= 256 MiB", serve.peakRssKb > 0 && serve.peakRssKb <= GOAL_RSS_KB);
      } else {
        boolean fresh = serve.oldestSeconds() < s.maxStaleness().toSeconds(); // NaN (no metric) is not met
        m.latencyGoal(row, 2, ", oldest count < max staleness", fresh);
      }
      return m.rows(row, benchCase, variant);
    }
  }

  /** Both contenders' runs of one case; {@code reference} null when it was skipped (then {@code skipped} says why). */
  private record Both(Measured serve, Measured reference, String skipped) {

    /** p99 within {@code factor} of the reference's (10 ms without one), no failed calls, counts right, and more. */
    void latencyGoal(BenchResult.Builder row, double factor, String more, boolean moreMet) {
      boolean clean = serve.outcome.failed() == 0 && serve.countsAgree() && moreMet;
      if (reference == null) {
        row.goal(String.format("p99 <= %.0f ms, no failed calls, counts right%s", FALLBACK_P99_MS, more),
            clean && serve.outcome.p99Ms() <= FALLBACK_P99_MS).note(skipped);
        return;
      }
      double ratio = serve.outcome.p99Ms() / reference.outcome.p99Ms();
      row.put("reference_p99_ms", reference.outcome.p99Ms())
          .put("p99_ratio_to_reference", ratio)
          .goal(String.format("p99 <= %.0fx reference's, no failed calls, counts right%s", factor, more),
              clean && ratio <= factor);
    }

    /** sparkscale's row, then the reference's (same case, same load). */
    List<BenchResult> rows(BenchResult.Builder serveRow, String benchCase, String variant) {
      List<BenchResult> rows = new ArrayList<>(List.of(serveRow.build()));
      if (reference != null) {
        rows.add(reference.row(benchCase, "reference scaler: " + variant)
            .note("the floor: bench/reference/reference-scaler.js").build());
      }
      return rows;
    }
  }

  /** sparkscale first, then the reference, each alone on the machine with the same store, proxy and schedules. */
  private static Both measureBoth(OpenLoopSettings s, FaultInjectingProxy proxy, Fleet fleet, Schedule warmUp,
      Schedule schedule) throws Exception {
    Measured serve;
    try (ServeProcess process = ServeProcess.start(proxy.endpoint(), s.serveFlags(), s.jvm())) {
      serve = measure(s, proxy, fleet, warmUp, schedule, process);
    }
    ReferenceScaler.Setup setup = ReferenceScaler.setup();
    if (!setup.available()) {
      System.out.println(ReferenceScaler.skipReason(setup));
      return new Both(serve, null, ReferenceScaler.skipReason(setup));
    }
    try (ReferenceScaler reference = ReferenceScaler.start(setup, proxy.endpoint(), s.cacheTtl())) {
      return new Both(serve, measure(s, proxy, fleet, warmUp, schedule, reference), null);
    }
  }

  private static Measured measure(OpenLoopSettings s, FaultInjectingProxy proxy, Fleet fleet, Schedule warmUp,
      Schedule schedule, Contender contender) throws Exception {
    ManagedChannel channel = LatencyBench.channel(contender.grpcPort());
    try {
      OpenLoopClient client = new OpenLoopClient(channel, fleet, contender.answers(), s.deadline());
      long primeStart = System.nanoTime();
      int primed = client.prime(PRIME_IN_FLIGHT, s.primeTimeout());
      double primeSeconds = (System.nanoTime() - primeStart) / 1e9;
      if (warmUp.size() > 0) {
        client.run(warmUp);
      }
      int requestsBefore = proxy.requests();
      Duration scrapeEvery = Duration.ofSeconds(Math.max(1, Math.min(5, s.measure().toSeconds() / 4)));
      // Only serve has /metrics; the reference's figures from them are n/a.
      ServeWatch watch = contender instanceof ServeProcess serve ? new ServeWatch(serve, scrapeEvery) : null;
      double listingsBefore = series(watch, LISTINGS);
      double listingSecondsBefore = series(watch, LISTING_SECONDS);
      double cpuBefore = contender.cpuSeconds();
      long benchCpuBefore = benchCpuNanos();
      long wallBefore = System.nanoTime();
      OpenLoopClient.Outcome outcome;
      try {
        outcome = client.run(schedule);
      } finally {
        if (watch != null) {
          watch.close();
        }
      }
      double wall = (System.nanoTime() - wallBefore) / 1e9;
      double cores = (contender.cpuSeconds() - cpuBefore) / wall;
      double benchCores = (benchCpuNanos() - benchCpuBefore) / 1e9 / wall;
      double listings = series(watch, LISTINGS) - listingsBefore;
      double listingMean = (series(watch, LISTING_SECONDS) - listingSecondsBefore) / listings;
      double storeRequestsPerSecond = (proxy.requests() - requestsBefore) / (s.measure().toNanos() / 1e9);
      return new Measured(s, watch != null, BenchSuite.Machine.loadAverage(), outcome, fleet.size(), primed, primeSeconds, storeRequestsPerSecond,
          watch == null ? -1 : watch.maxRssKb(), contender.peakRssKb(), watch == null ? "n/a" : watch.oldestName(),
          watch == null ? Double.NaN : watch.oldestMax(), cores, benchCores, listings, listingMean);
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static double series(ServeWatch watch, String name) {
    return watch == null ? Double.NaN : watch.series(name);
  }

  /** CPU time of this JVM (load client, proxy, in-memory store), for what the client itself costs. */
  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private record Measured(OpenLoopSettings s, boolean isServe, String loadAverage, OpenLoopClient.Outcome outcome, int triggers, int primed,
      double primeSeconds, double storeRequestsPerSecond, long maxRssKb, long peakRssKb, String oldestName,
      double oldestMax, double serveCores, double benchCores, double listings, double listingMean) {

    /** Every answer right, and at least one answer. */
    boolean countsAgree() {
      return outcome.wrong() == 0 && outcome.ok() > 0;
    }

    /** The "oldest" metric in seconds (NaN when serve has none). */
    double oldestSeconds() {
      return oldestName.contains("millis") || oldestName.endsWith("_ms") ? oldestMax / 1000 : oldestMax;
    }

    BenchResult.Builder row(String benchCase, String variant) {
      OpenLoopClient.Outcome o = outcome;
      boolean clientKeptUp = o.sentPerSecond() >= 0.99 * o.scheduledPerSecond() && o.sendLagP99Ms() < 5;
      BenchResult.Builder row = BenchResult.of(benchCase, variant);
      if (isServe) {
        row.put("serve_flags", s.flagsText()).put("serve_jvm", s.jvm().isEmpty() ? "(defaults)" : s.jvm());
      } else {
        row.put("cache_ttl_s", s.cacheTtl().toMillis() / 1000.0);
      }
      return row
          .put("deadline_ms", s.deadline().toMillis())
          .put("primed", primed + "/" + triggers)
          .put("prime_s", primeSeconds)
          .put("warmup_s", s.warmUp().toSeconds())
          .put("calls", o.scheduled())
          .put("scheduled_calls_per_s", o.scheduledPerSecond())
          .put("client_calls_per_s", o.sentPerSecond())
          .put("send_lag_p99_ms", o.sendLagP99Ms())
          .put("send_lag_max_ms", o.sendLagMaxMs())
          .put("client_kept_up", clientKeptUp)
          .put("p50_ms", o.p50Ms())
          .put("p99_ms", o.p99Ms())
          .put("p999_ms", o.p999Ms())
          .put("max_ms", o.maxMs())
          .put("ok", o.ok())
          .put("failed_calls", o.failed())
          .put("failures", o.failureSummary())
          .put("no_answer", o.unanswered())
          .put("wrong_values", o.wrong())
          .put("counts_agree", countsAgree())
          .put("store_requests_per_s", storeRequestsPerSecond)
          .put("serve_listings", Double.isNaN(listings) ? "n/a" : (Object) (long) listings)
          .put("serve_listing_mean_s", Double.isNaN(listingMean) ? "n/a" : (Object) listingMean)
          .put(isServe ? "serve_cpu_cores" : "reference_cpu_cores", serveCores)
          .put("client_jvm_cpu_cores", benchCores)
          .put("load_average_after", loadAverage);
    }
  }
}
