package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.s3.S3ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Case 6: resident memory of the packaged `serve` before and after it holds counts for N distinct
 * triggers (one small prefix each, on s3proxy), driven by GetMetrics from a real gRPC client.
 */
final class ServeMemoryBench {

  private ServeMemoryBench() {}

  static BenchResult run(Scale scale, S3ProxyServer s3proxy) throws Exception {
    int triggers = scale.triggers;
    Instant old = Instant.now().minusSeconds(3600);
    for (int i = 0; i < triggers; i++) {
      s3proxy.put("triggers", String.format("t%04d/a.json", i), new byte[3], old);
    }
    try (ServeProcess serve = ServeProcess.start(s3proxy.endpoint(), List.of("--cache-ttl", "10m",
        "--max-staleness", "20m"))) {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", serve.grpcPort()).usePlaintext().build();
      ExecutorService callers = Executors.newFixedThreadPool(16);
      try {
        Thread.sleep(1000);
        long idleKb = serve.rssKb();
        // A few triggers first: the SDK client, its classes and the first heap growth are paid once.
        int warm = Math.max(1, triggers / 100);
        long warmValues = drive(channel, callers, 0, warm);
        long warmKb = serve.rssKb();
        long warmHeapKb = serve.liveHeapKb();
        long start = System.nanoTime();
        long values = warmValues + drive(channel, callers, warm, triggers);
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long again = drive(channel, callers, 0, triggers); // all cache hits now
        long cachedKb = serve.rssKb();
        long cachedHeapKb = serve.liveHeapKb();
        long afterGcKb = serve.rssKb();
        long entries = cacheEntries(serve.httpPort());
        return BenchResult.of("6 serve memory", triggers + " distinct triggers cached")
            .put("mode", PackagedApp.isNative() ? "native" : "JVM, default heap settings")
            .put("rss_idle_mb", idleKb / 1024.0)
            .put("rss_after_" + warm + "_triggers_mb", warmKb / 1024.0)
            .put("rss_cached_mb", cachedKb / 1024.0)
            .put("rss_kb_per_trigger", triggers == warm ? 0.0 : (double) (cachedKb - warmKb) / (triggers - warm))
            .put("live_heap_after_" + warm + "_triggers_mb", warmHeapKb / 1024.0)
            .put("live_heap_cached_mb", cachedHeapKb / 1024.0)
            .put("live_heap_kb_per_trigger",
                triggers == warm || cachedHeapKb < 0 ? -1.0 : (double) (cachedHeapKb - warmHeapKb) / (triggers - warm))
            .put("rss_after_full_gc_mb", afterGcKb / 1024.0)
            .put("peak_rss_mb", serve.peakRssKb() / 1024.0)
            .put("cache_entries", entries)
            .put("fill_seconds", fillSeconds)
            .put("counts_agree", values == triggers && again == triggers && entries == triggers)
            .build();
      } finally {
        callers.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** GetMetrics for triggers [from, to) until each has answered; returns how many answered 1 (one object each). */
  private static long drive(ManagedChannel channel, ExecutorService callers, int from, int to) throws Exception {
    List<Future<Long>> answers = new ArrayList<>();
    for (int i = from; i < to; i++) {
      GetMetricsRequest request = InProcessScaler.metrics(InProcessScaler.ref("so-" + i,
          Map.of("bucket", "triggers", "prefix", String.format("t%04d/", i))));
      answers.add(callers.submit(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
          try {
            return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getMetrics(request).getMetricValues(0).getMetricValue();
          } catch (StatusRuntimeException e) { // "count in progress" while the first listing runs
            if (System.nanoTime() > deadline) {
              throw e;
            }
            Thread.sleep(200);
          }
        }
      }));
    }
    long ones = 0;
    for (Future<Long> answer : answers) {
      ones += answer.get() == 1 ? 1 : 0;
    }
    return ones;
  }

  private static long cacheEntries(int httpPort) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return metrics.body().lines().filter(l -> l.startsWith("sparkscale_cache_entries"))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1)).mapToLong(v -> (long) Double.parseDouble(v))
        .findFirst().orElse(-1);
  }
}
