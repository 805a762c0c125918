package io.sparkscale.bench;

import io.grpc.stub.StreamObserver;
import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CacheSettings;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.grpc.externalscaler.GetMetricsResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Case 4: cached GetMetrics from a real gRPC client over loopback, with 16 and 256 calls in flight. The
 * count is cached (ttl one hour) so this measures parsing, the cache hit and gRPC, not S3.
 */
final class LatencyBench {

  private LatencyBench() {}

  static List<BenchResult> run(Scale scale) throws Exception {
    BacklogCount fixed = new BacklogCount(1234, 5678, false, 1, Instant.now(), Duration.ZERO);
    CacheSettings settings = new CacheSettings(Duration.ofHours(1), Duration.ofHours(1), Duration.ofSeconds(1));
    List<BenchResult> results = new ArrayList<>();
    try (InProcessScaler scaler = new InProcessScaler(key -> fixed, settings, "http://127.0.0.1:9")) {
      GetMetricsRequest request = InProcessScaler.metrics(InProcessScaler.ref("latency",
          Map.of("bucket", "landing", "prefix", "in/", "targetObjectCount", "10")));
      load(scaler, request, 16, Math.max(200, scale.latencyCalls / 4)); // warm-up: JIT, connection
      int repeats = scale == Scale.SMOKE ? 1 : 3;
      for (int inFlight : new int[] {16, 256}) {
        // Several runs, reported by their median p99 and its spread: one GC pause or one burst of the
        // machine's other work moves a single run's p99 by milliseconds.
        List<Load> loads = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
          loads.add(load(scaler, request, inFlight, scale.latencyCalls));
        }
        loads.sort(java.util.Comparator.comparingDouble(Load::p99));
        Load load = loads.get(loads.size() / 2);
        int errors = loads.stream().mapToInt(Load::errors).sum();
        boolean agree = loads.stream().allMatch(l -> l.lastValue == fixed.objects());
        BenchResult.Builder row = BenchResult.of("4 cached GetMetrics", inFlight + " in flight")
            .put("runs", repeats)
            .put("calls_per_run", scale.latencyCalls)
            .put("p50_ms", load.p50)
            .put("p99_ms", load.p99)
            .put("p99_ms_min", loads.get(0).p99)
            .put("p99_ms_max", loads.get(loads.size() - 1).p99)
            .put("max_ms", load.max)
            .put("calls_per_s", load.callsPerSecond)
            .put("errors", errors)
            .put("counts_agree", agree);
        if (inFlight == 16) {
          row.goal("p99 <= 5 ms, no errors", load.p99 <= 5 && errors == 0);
        } else {
          row.goal("no errors", errors == 0);
        }
        results.add(row.build());
      }
    }
    return results;
  }

  record Load(double p50, double p99, double max, double callsPerSecond, int errors, long lastValue) {}

  private static Load load(InProcessScaler scaler, GetMetricsRequest request, int inFlight, int calls)
      throws InterruptedException {
    Semaphore slots = new Semaphore(inFlight);
    CountDownLatch done = new CountDownLatch(calls);
    double[] latencies = new double[calls];
    AtomicInteger errors = new AtomicInteger();
    long[] lastValue = {-1};
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      slots.acquire();
      int index = i;
      long sent = System.nanoTime();
      scaler.async().getMetrics(request, new StreamObserver<>() {
        @Override
        public void onNext(GetMetricsResponse value) {
          lastValue[0] = value.getMetricValues(0).getMetricValue();
        }

        @Override
        public void onError(Throwable t) {
          errors.incrementAndGet();
          finish();
        }

        @Override
        public void onCompleted() {
          finish();
        }

        private void finish() {
          latencies[index] = Stats.millis(System.nanoTime() - sent);
          slots.release();
          done.countDown();
        }
      });
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new Load(Stats.percentile(latencies, 50), Stats.percentile(latencies, 99),
        Stats.percentile(latencies, 100), calls / seconds, errors.get(), lastValue[0]);
  }
}
