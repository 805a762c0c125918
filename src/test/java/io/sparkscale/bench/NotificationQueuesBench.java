package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.sqs.ElasticMq;
import io.sparkscale.sqs.Notifications;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Case 13: what consumed queues cost the packaged `serve` (issue 20: each queue used to take about 4
 * threads and 1 MB). N prefixes on s3proxy are first counted by listing, which grows the listing pools to
 * what N triggers need; that is the reference. The same N prefixes are then counted from N queues on
 * ElasticMQ (one trigger each: seeded, then one event per queue applied), and threads, file descriptors and
 * RSS are read again: the difference is what the queues cost. `serve` runs with the chart's JVM options, its
 * heap sized as the chart's memory limit would size it.
 */
final class NotificationQueuesBench {

  static final String CASE = "13 notification queues";
  /** Threads may not grow with queues: a fixed set is shared (SqsFeeds: 2 event loops, 2 workers, 1 timer). */
  static final int MAX_ADDED_THREADS = 32;
  private static final Duration AWAIT = Duration.ofMinutes(3);

  private NotificationQueuesBench() {}

  static BenchResult run(Scale scale, S3ProxyServer s3proxy) throws Exception {
    // -Dbench.queues.count=256 measures another size (256 is --max-notification-queues' default).
    int queues = Integer.getInteger("bench.queues.count", scale == Scale.SMOKE ? 20 : 1000);
    Instant old = Instant.now().minusSeconds(3600);
    for (int i = 0; i < queues; i++) {
      s3proxy.put("queues", prefix(i) + "seed", new byte[1], old);
    }
    // -Dbench.queues.jvm=... replaces the chart's JVM options (e.g. a larger heap, to see what the queues need).
    String jvm = System.getProperty("bench.queues.jvm", chartJvmOptions());
    try (ElasticMq sqs = ElasticMq.start();
        ServeProcess serve = ServeProcess.start(s3proxy.endpoint(), List.of("--sqs-endpoint", sqs.endpoint(),
            "--max-notification-queues", Integer.toString(queues)), jvm)) {
      ExecutorService callers = Executors.newFixedThreadPool(8);
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", serve.grpcPort()).usePlaintext().build();
      try {
        List<String> urls = each(callers, queues, i -> sqs.createQueue(String.format("q%04d", i)));
        long listed = each(callers, queues, i -> awaitValue(serve, channel, request(i, null), 1)).stream()
            .filter(v -> v).count();
        long listingThreads = serve.threads();
        long listingFds = serve.openFds();
        long listingKb = serve.rssKb();

        long start = System.nanoTime();
        long seeded = each(callers, queues, i -> awaitValue(serve, channel, request(i, urls.get(i)), 1)).stream()
            .filter(v -> v).count();
        double seedSeconds = (System.nanoTime() - start) / 1e9;
        each(callers, queues, i -> {
          sqs.send(urls.get(i), Notifications.s3Created("queues", prefix(i) + "new", 1,
              Notifications.nextSequencer(), Instant.now()));
          return true;
        });
        long applied = each(callers, queues, i -> awaitValue(serve, channel, request(i, urls.get(i)), 2)).stream()
            .filter(v -> v).count();
        long consumed = metric(serve.httpPort(), "sparkscale_notification_queues_consumed");
        long threads = serve.threads();
        long rssKb = serve.rssKb();
        return BenchResult.of(CASE, queues + " queues, one trigger each")
            .put("threads_listing", listingThreads)
            .put("threads_consuming", threads)
            .put("threads_added", threads - listingThreads)
            .put("threads_ratio", (double) threads / listingThreads)
            .put("fds_listing", listingFds)
            .put("fds_consuming", serve.openFds())
            .put("rss_listing_mb", listingKb / 1024.0)
            .put("rss_consuming_mb", rssKb / 1024.0)
            .put("rss_ratio", (double) rssKb / listingKb)
            .put("rss_kb_per_queue", (double) (rssKb - listingKb) / queues)
            .put("peak_rss_mb", serve.peakRssKb() / 1024.0)
            .put("seed_seconds", seedSeconds)
            .put("queues_consumed", consumed)
            .put("counts_agree", listed == queues && seeded == queues && applied == queues && consumed == queues)
            .goal("threads added <= " + MAX_ADDED_THREADS + " whatever the queues",
                threads - listingThreads <= MAX_ADDED_THREADS)
            .note("serve JVM options: " + jvm.replaceAll(" -D\\S+", ""))
            .build();
      } finally {
        callers.shutdownNow();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  private static String prefix(int i) {
    return String.format("q%04d/", i);
  }

  /** Trigger i's GetMetrics: by listing when {@code queueUrl} is null, else from that queue. */
  private static GetMetricsRequest request(int i, String queueUrl) {
    Map<String, String> metadata = new HashMap<>(Map.of("bucket", "queues", "prefix", prefix(i)));
    if (queueUrl != null) {
      metadata.put("notificationQueueURL", queueUrl);
      metadata.put("reconcileInterval", "0");
    }
    return InProcessScaler.metrics(InProcessScaler.ref("so-" + i, metadata));
  }

  /** Asks until the answer is {@code expected}; false if it never is within {@link #AWAIT}; throws if serve died. */
  private static boolean awaitValue(ServeProcess serve, ManagedChannel channel, GetMetricsRequest request,
      long expected) throws InterruptedException {
    long deadline = System.nanoTime() + AWAIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!serve.isAlive()) {
        String output = serve.output();
        throw new IllegalStateException("serve exited: " + output.substring(Math.max(0, output.length() - 2000)));
      }
      try {
        if (ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
            .getMetrics(request).getMetricValues(0).getMetricValue() == expected) {
          return true;
        }
      } catch (StatusRuntimeException e) {
        // "count in progress" while the first listing or the seeding runs: KEDA asks again, so does this
      }
      Thread.sleep(200);
    }
    return false;
  }

  interface Call<T> {
    T apply(int index) throws Exception;
  }

  private static <T> List<T> each(ExecutorService pool, int count, Call<T> call) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int index = i;
      futures.add(pool.submit(() -> call.apply(index)));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get());
    }
    return results;
  }

  /**
   * The chart's jvmOptions (deploy/helm/sparkscale/values.yaml), with {@code -XX:MaxRAMPercentage} turned
   * into the -Xmx it gives under the chart's memory limit: outside a container the JVM would take that
   * percentage of the whole machine.
   */
  static String chartJvmOptions() throws Exception {
    String values = Files.readString(
        Path.of(System.getProperty("project.basedir", ".")).resolve("deploy/helm/sparkscale/values.yaml"));
    Matcher options = Pattern.compile("(?m)^jvmOptions: \"([^\"]*)\"").matcher(values);
    Matcher limit = Pattern.compile("(?m)^  limits:\\s*\\n\\s+memory: (\\d+)Mi").matcher(values);
    if (!options.find() || !limit.find()) {
      throw new IllegalStateException("values.yaml has no jvmOptions or memory limit in Mi");
    }
    int limitMib = Integer.parseInt(limit.group(1));
    Matcher percent = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(options.group(1));
    return percent.replaceAll(m -> "-Xmx" + Math.round(limitMib * Integer.parseInt(m.group(1)) / 100.0) + "m");
  }

  private static long metric(int httpPort, String name) throws Exception {
    HttpResponse<String> metrics = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    return metrics.body().lines().filter(l -> l.startsWith(name + " "))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1)).mapToLong(v -> (long) Double.parseDouble(v))
        .findFirst().orElse(-1);
  }
}
