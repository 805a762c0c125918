package io.sparkscale.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sparkscale.grpc.externalscaler.ExternalScalerGrpc;
import io.sparkscale.grpc.externalscaler.GetMetricsRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Case 10: how fast each scaler counts a prefix it has not seen, as a fraction of a bare ListObjectsV2
 * loop's rate on the same store: the packaged `serve` and the reference scaler, both over gRPC from the
 * first GetMetrics to the first count (asked again at once while the answer is UNAVAILABLE), rounds
 * interleaved with the bare loop so a busy moment of the machine falls on all three.
 *
 * <p>Every round asks for a key neither scaler has counted: object names end with {@link #TAIL}, and each
 * round's trigger has another suffix of it (matching every object), which both scalers key their counts by.
 * Counts are reused for an hour, so no background refresh competes with a round.
 */
final class CountingRateBench {

  static final String CASE = "10 counting rate";
  private static final String TAIL = ".snappy.parquet";
  private static final String BUCKET = "countrate";
  private static final String PREFIX = "in/";
  private static final Duration FIRST_COUNT_TIMEOUT = Duration.ofMinutes(5);

  private CountingRateBench() {}

  static List<BenchResult> run(Scale scale) throws Exception {
    boolean full = scale == Scale.FULL;
    int objects = Integer.getInteger("bench.countrate.objects", full ? 20_000 : 2_000);
    int warmups = full ? 2 : 1;
    int rounds = full ? 5 : 2;
    if (warmups + rounds > TAIL.length() + 1) {
      throw new IllegalStateException("more rounds than distinct suffixes of " + TAIL);
    }
    try (OpenLoopStore store = OpenLoopStore.open()) {
      Instant old = Instant.now().minusSeconds(3600);
      // In 100 folders, as a landing zone partitioned by time would be.
      for (int i = 0; i < objects; i++) {
        store.put(BUCKET, String.format("%s%03d/%07d%s", PREFIX, i % 100, i, TAIL), i % 7, old);
      }
      ReferenceScaler.Setup setup = ReferenceScaler.setup();
      if (!setup.available()) {
        System.out.println(ReferenceScaler.skipReason(setup));
      }
      List<String> flags = List.of("--cache-ttl", "1h", "--max-staleness", "2h");
      try (S3Client bare = Stores.bareClient(store.endpoint());
          ServeProcess serve = ServeProcess.start(store.endpoint(), flags);
          ReferenceScaler reference = setup.available()
              ? ReferenceScaler.start(setup, store.endpoint(), Duration.ofHours(1)) : null) {
        ManagedChannel serveChannel = LatencyBench.channel(serve.grpcPort());
        ManagedChannel referenceChannel = reference == null ? null : LatencyBench.channel(reference.grpcPort());
        try {
          List<Double> bareMs = new ArrayList<>();
          List<Double> serveMs = new ArrayList<>();
          List<Double> referenceMs = new ArrayList<>();
          boolean agree = true;
          for (int round = 0; round < warmups + rounds; round++) {
            String suffix = TAIL.substring(TAIL.length() - round);
            long start = System.nanoTime();
            Stores.Bare b = Stores.bareCount(bare, BUCKET, PREFIX);
            double bareRound = Stats.millis(System.nanoTime() - start);
            First s = firstCount(serveChannel, suffix);
            First r = referenceChannel == null ? null : firstCount(referenceChannel, suffix);
            agree &= b.objects() == objects && s.value == objects && (r == null || r.value == objects);
            if (round >= warmups) {
              bareMs.add(bareRound);
              serveMs.add(s.millis);
              if (r != null) {
                referenceMs.add(r.millis);
              }
            }
          }
          return List.of(row(objects, store.name(), rounds, bareMs, serveMs, referenceMs, agree,
              reference == null ? ReferenceScaler.skipReason(setup) : ""));
        } finally {
          shutdown(serveChannel);
          shutdown(referenceChannel);
        }
      }
    }
  }

  private static BenchResult row(int objects, String store, int rounds, List<Double> bareMs, List<Double> serveMs,
      List<Double> referenceMs, boolean agree, String skipped) {
    double bare = Stats.median(bareMs);
    double serve = Stats.median(serveMs);
    BenchResult.Builder row = BenchResult.of(CASE, objects + " objects in " + store + ", first count over gRPC")
        .put("rounds", rounds)
        .put("bare_median_ms", bare)
        .put("sparkscale_median_ms", serve)
        .put("sparkscale_fraction_of_bare", bare / serve)
        .put("counts_agree", agree)
        .put("load_average_after", BenchSuite.Machine.loadAverage());
    if (referenceMs.isEmpty()) {
      return row.goal("sparkscale's rate >= the reference's", false).note(skipped).build();
    }
    double reference = Stats.median(referenceMs);
    return row.put("reference_median_ms", reference)
        .put("reference_fraction_of_bare", bare / reference)
        .put("rate_ratio_to_reference", reference / serve)
        .goal("sparkscale's rate >= the reference's (fractions of a bare ListObjectsV2 loop)", serve <= reference)
        .build();
  }

  private record First(long value, double millis) {}

  /** GetMetrics until it answers a count; the time from the first call to that answer. */
  private static First firstCount(ManagedChannel channel, String suffix) throws InterruptedException {
    GetMetricsRequest request = InProcessScaler.metrics(InProcessScaler.ref("countrate",
        Map.of("bucket", BUCKET, "prefix", PREFIX, "suffix", suffix, "targetObjectCount", "10")));
    long start = System.nanoTime();
    long end = start + FIRST_COUNT_TIMEOUT.toNanos();
    while (true) {
      try {
        long value = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(2, TimeUnit.MINUTES)
            .getMetrics(request).getMetricValues(0).getMetricValue();
        return new First(value, Stats.millis(System.nanoTime() - start));
      } catch (StatusRuntimeException e) {
        // UNAVAILABLE: no count yet (serve answers so while its first listing runs); ask again.
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || System.nanoTime() > end) {
          throw e;
        }
        Thread.sleep(2);
      }
    }
  }

  private static void shutdown(ManagedChannel channel) throws InterruptedException {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
