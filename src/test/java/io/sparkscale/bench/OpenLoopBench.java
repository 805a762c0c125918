package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.sparkscale.s3.FaultInjectingProxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Cases 7 to 9: the packaged `serve` in its own process under a KEDA-like open-loop load
 * ({@link OpenLoopClient}), counting through {@link FaultInjectingProxy} (the named latency on every
 * store request) in front of {@link MemoryS3} (whose own work is small, so the store does not take the
 * 2 cores from the scaler as s3proxy listing 20,000 files would). Per case: seed, start serve, wait for
 * every trigger's first count (unmeasured), a warm-up run at the same load (unmeasured), then the
 * measured run while RSS and /metrics are watched.
 */
final class OpenLoopBench {

  static final String HOT_KEY = "7 hot key";
  static final String FLEET = "8 fleet";
  static final String BIG_FLEET = "9 big fleet";
  private static final double GOAL_P99_MS = 10;
  private static final long GOAL_RSS_KB = 256 * 1024;
  private static final int PRIME_IN_FLIGHT = 64;
  /** The scaler's listing-time histogram: how long its own listings took while measured. */
  private static final String LISTINGS = "sparkscale_count_duration_seconds_count";
  private static final String LISTING_SECONDS = "sparkscale_count_duration_seconds_sum";

  private OpenLoopBench() {}

  /** One trigger whose listing takes seconds, GetMetrics at a fixed rate. */
  static BenchResult hotKey(Scale scale) throws Exception {
    OpenLoopSettings s = OpenLoopSettings.hotKey(scale);
    try (MemoryS3 store = new MemoryS3(); FaultInjectingProxy proxy = new FaultInjectingProxy(store.endpoint())) {
      Fleet fleet = Fleet.seed(store, "hotkey", s.triggers(), t -> s.objects());
      proxy.delay(s.storeDelay());
      Measured m = measure(s, proxy, fleet, Schedule.getMetricsAt(s.rate(), s.warmUp(), 0),
          Schedule.getMetricsAt(s.rate(), s.measure(), 0));
      boolean met = m.outcome.p99Ms() <= GOAL_P99_MS && m.outcome.failed() == 0 && m.countsAgree();
      return m.row(HOT_KEY, String.format("1 trigger, %d objects, +%d ms/request, %.0f calls/s for %d s",
              s.objects(), s.storeDelay().toMillis(), s.rate(), s.measure().toSeconds()))
          .goal("p99 <= 10 ms, no failed calls", met)
          .build();
    }
  }

  /** N triggers with 1 to 5 objects each (3 on average), KEDA's call mix. */
  static BenchResult fleet(Scale scale, boolean big) throws Exception {
    OpenLoopSettings s = big ? OpenLoopSettings.bigFleet(scale) : OpenLoopSettings.fleet(scale);
    try (MemoryS3 store = new MemoryS3(); FaultInjectingProxy proxy = new FaultInjectingProxy(store.endpoint())) {
      // Counts differ between neighbours, so a count served for the wrong trigger shows.
      Fleet fleet = Fleet.seed(store, s.name(), s.triggers(), t -> 1 + t % 5);
      proxy.delay(s.storeDelay());
      Schedule schedule = Schedule.kedaMix(s.triggers(), s.period(), s.measure());
      Measured m = measure(s, proxy, fleet, Schedule.kedaMix(s.triggers(), s.period(), s.warmUp()), schedule);
      String variant = String.format("%d triggers, +%d ms/request, %.0f calls/s for %d s (poll every %d s)",
          s.triggers(), s.storeDelay().toMillis(), schedule.callsPerSecond(), s.measure().toSeconds(),
          s.period().toSeconds());
      boolean latencyMet = m.outcome.p99Ms() <= GOAL_P99_MS && m.outcome.failed() == 0 && m.countsAgree();
      BenchResult.Builder row = m.row(big ? BIG_FLEET : FLEET, variant)
          .put("oldest_metric", m.oldestName)
          .put("oldest_max_s", Double.isNaN(m.oldestSeconds()) ? "n/a" : m.oldestSeconds())
          .put("max_staleness_s", s.maxStaleness().toSeconds());
      if (big) {
        row.put("rss_peak_mb", m.peakRssKb / 1024.0)
            .put("rss_max_measured_mb", m.maxRssKb / 1024.0)
            .goal("p99 <= 10 ms, no failed calls, counts right, peak RSS <= 256 MiB",
                latencyMet && m.peakRssKb > 0 && m.peakRssKb <= GOAL_RSS_KB);
      } else {
        boolean fresh = m.oldestSeconds() < s.maxStaleness().toSeconds(); // NaN (no metric) is not met
        row.goal("p99 <= 10 ms, no failed calls, counts right, oldest count < max staleness", latencyMet && fresh);
      }
      return row.build();
    }
  }

  private static Measured measure(OpenLoopSettings s, FaultInjectingProxy proxy, Fleet fleet, Schedule warmUp,
      Schedule schedule) throws Exception {
    try (ServeProcess serve = ServeProcess.start(proxy.endpoint(), s.serveFlags(), s.jvm())) {
      ManagedChannel channel = LatencyBench.channel(serve.grpcPort());
      try {
        OpenLoopClient client = new OpenLoopClient(channel, fleet, s.deadline());
        long primeStart = System.nanoTime();
        int primed = client.prime(PRIME_IN_FLIGHT, s.primeTimeout());
        double primeSeconds = (System.nanoTime() - primeStart) / 1e9;
        if (warmUp.size() > 0) {
          client.run(warmUp);
        }
        int requestsBefore = proxy.requests();
        Duration scrapeEvery = Duration.ofSeconds(Math.max(1, Math.min(5, s.measure().toSeconds() / 4)));
        OpenLoopClient.Outcome outcome;
        ServeWatch watch = new ServeWatch(serve, scrapeEvery);
        double listingsBefore = watch.series(LISTINGS);
        double listingSecondsBefore = watch.series(LISTING_SECONDS);
        double serveCpuBefore = serve.cpuSeconds();
        long benchCpuBefore = benchCpuNanos();
        long wallBefore = System.nanoTime();
        try (watch) {
          outcome = client.run(schedule);
        }
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        double serveCores = (serve.cpuSeconds() - serveCpuBefore) / wall;
        double benchCores = (benchCpuNanos() - benchCpuBefore) / 1e9 / wall;
        double listings = watch.series(LISTINGS) - listingsBefore;
        double listingMean = (watch.series(LISTING_SECONDS) - listingSecondsBefore) / listings;
        double storeRequestsPerSecond = (proxy.requests() - requestsBefore) / (s.measure().toNanos() / 1e9);
        return new Measured(s, outcome, fleet.size(), primed, primeSeconds, storeRequestsPerSecond,
            watch.maxRssKb(), serve.peakRssKb(), watch.oldestName(), watch.oldestMax(), serveCores, benchCores,
            listings, listingMean);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** CPU time of this JVM (load client, proxy, in-memory store), for what the client itself costs. */
  private static long benchCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private record Measured(OpenLoopSettings s, OpenLoopClient.Outcome outcome, int triggers, int primed,
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
      return BenchResult.of(benchCase, variant)
          .put("serve_flags", s.flagsText())
          .put("serve_jvm", s.jvm().isEmpty() ? "(defaults)" : s.jvm())
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
          .put("serve_cpu_cores", serveCores)
          .put("client_jvm_cpu_cores", benchCores);
    }
  }
}
