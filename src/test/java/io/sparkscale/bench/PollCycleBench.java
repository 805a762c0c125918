package io.sparkscale.bench;

import io.grpc.StatusRuntimeException;
import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.BacklogSource;
import io.sparkscale.backlog.BacklogUnavailableException;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.grpc.externalscaler.ScaledObjectRef;
import io.sparkscale.s3.FaultInjectingProxy;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Case 2: S3 list requests per KEDA poll cycle. N ScaledObjects ask about the same prefix; each cycle
 * every one calls GetMetricSpec, GetMetrics and IsActive in turn (as KEDA does), all at once; each cycle
 * starts after the cached count expired. Requests are counted by a pass-through proxy in front of s3proxy.
 */
final class PollCycleBench {

  static final int OBJECTS = 2_500;
  static final Duration TTL = Duration.ofSeconds(1);

  private PollCycleBench() {}

  static List<BenchResult> run(Scale scale, S3ProxyServer s3proxy) throws Exception {
    Instant old = Instant.now().minusSeconds(3600);
    for (int i = 0; i < OBJECTS; i++) {
      s3proxy.put("poll", String.format("queue/%05d.json", i), new byte[1], old);
    }
    List<BenchResult> results = new ArrayList<>();
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(s3proxy.endpoint())) {
      for (String scanLimit : new String[] {"", "1000"}) {
        for (int n : scale.scaledObjects) {
          results.add(cycle(scale, proxy, n, scanLimit));
        }
      }
    }
    return results;
  }

  /**
   * Waits for the listing in progress to end, then for its count to expire: each cycle then finds the
   * count expired, as KEDA's 30 s polls find a 10 s ttl, however long a listing takes on a busy machine.
   */
  private static void awaitExpired(Tracked source) throws InterruptedException {
    while (source.running.get() > 0) {
      Thread.sleep(20);
    }
    long expired = source.lastFinished + TTL.toNanos() + Duration.ofMillis(100).toNanos();
    Thread.sleep(Math.max(0, (expired - System.nanoTime()) / 1_000_000));
  }

  /** The S3 counter, noting when listings run, so cycles can start right after a count expired. */
  static final class Tracked implements BacklogSource {
    final BacklogSource source;
    final AtomicInteger running = new AtomicInteger();
    volatile long lastFinished = System.nanoTime();

    Tracked(BacklogSource source) {
      this.source = source;
    }

    @Override
    public BacklogCount count(CountKey key) throws BacklogUnavailableException {
      running.incrementAndGet();
      try {
        return source.count(key);
      } finally {
        lastFinished = System.nanoTime();
        running.decrementAndGet();
      }
    }
  }

  private static BenchResult cycle(Scale scale, FaultInjectingProxy proxy, int n, String scanLimit)
      throws Exception {
    Map<String, String> metadata = scanLimit.isEmpty()
        ? Map.of("bucket", "poll", "prefix", "queue/")
        : Map.of("bucket", "poll", "prefix", "queue/", "scanLimit", scanLimit);
    CacheSettings settings = new CacheSettings(TTL, Duration.ofSeconds(60), Duration.ofMillis(800));
    AtomicInteger errors = new AtomicInteger();
    AtomicInteger lastValue = new AtomicInteger(-1);
    ExecutorService kedas = Executors.newFixedThreadPool(n);
    try (S3BacklogSource source = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials());
        InProcessScaler scaler = new InProcessScaler(new Tracked(source), settings, proxy.endpoint())) {
      Tracked tracked = (Tracked) scaler.source;
      // Warm-up: the first listing (SDK client start-up included) may outlast a call; wait for a count.
      ScaledObjectRef first = InProcessScaler.ref("so-0", metadata);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (true) {
        try {
          scaler.blocking().getMetrics(InProcessScaler.metrics(first));
          break;
        } catch (StatusRuntimeException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(200);
        }
      }
      awaitExpired(tracked);
      int before = proxy.requests();
      for (int c = 0; c < scale.pollCycles; c++) {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ScaledObjectRef ref = InProcessScaler.ref("so-" + i, metadata);
          calls.add(kedas.submit(() -> {
            try {
              scaler.blocking().getMetricSpec(ref);
              lastValue.set((int) scaler.blocking().getMetrics(InProcessScaler.metrics(ref))
                  .getMetricValues(0).getMetricValue());
              scaler.blocking().isActive(ref);
            } catch (StatusRuntimeException e) {
              errors.incrementAndGet();
            }
          }));
        }
        for (Future<?> call : calls) {
          call.get();
        }
        awaitExpired(tracked);
      }
      int requests = proxy.requests() - before;
      long pages = scanLimit.isEmpty() ? (OBJECTS + 999) / 1000 : 1;
      double perCycle = (double) requests / scale.pollCycles;
      long expectedValue = scanLimit.isEmpty() ? OBJECTS : Long.parseLong(scanLimit);
      return BenchResult.of("2 requests per poll cycle",
              n + " ScaledObjects" + (scanLimit.isEmpty() ? "" : ", scanLimit " + scanLimit))
          .put("objects_under_prefix", OBJECTS)
          .put("cycles", scale.pollCycles)
          .put("grpc_calls_per_cycle", 3 * n)
          .put("list_requests_per_cycle", perCycle)
          .put("pages_per_listing", pages)
          .put("listings_per_cycle", perCycle / pages)
          .put("uncached_requests_per_cycle", 2L * n * pages)
          .put("errors", errors.get())
          .put("counts_agree", lastValue.get() == expectedValue)
          .goal("1 listing per cache period", Math.abs(perCycle / pages - 1) < 0.01 && errors.get() == 0)
          .build();
    } finally {
      kedas.shutdownNow();
    }
  }
}
