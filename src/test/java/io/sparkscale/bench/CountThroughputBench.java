package io.sparkscale.bench;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.s3.ListingSettings;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Case 1: sparkscale's counter (sequential, as the sharding is measured in case 3) against a bare
 * ListObjectsV2 paginator loop, same store, same rounds. s3proxy only up to 10,000 objects (its
 * filesystem backend reads the whole prefix per page); the in-memory store at every size.
 */
final class CountThroughputBench {

  static final int S3PROXY_MAX = 10_000;

  private CountThroughputBench() {}

  static List<BenchResult> run(Scale scale, S3ProxyServer s3proxy, MemoryS3 memory) throws Exception {
    List<BenchResult> results = new ArrayList<>();
    Instant old = Instant.now().minusSeconds(3600);
    for (int size : scale.countSizes) {
      String prefix = "n" + size + "/";
      if (size <= S3PROXY_MAX) {
        for (int i = 0; i < size; i++) {
          s3proxy.put("count", String.format("%s%03d/%07d.parquet", prefix, i % 100, i), new byte[i % 7], old);
        }
        results.add(compare(scale, "s3proxy-fs", s3proxy.endpoint(), prefix, size));
      }
      for (int i = 0; i < size; i++) {
        memory.put("count", String.format("%s%03d/%07d.parquet", prefix, i % 100, i), i % 7, old);
      }
      results.add(compare(scale, "memory-s3", memory.endpoint(), prefix, size));
    }
    return results;
  }

  private static BenchResult compare(Scale scale, String store, String endpoint, String prefix, int size)
      throws Exception {
    CountKey key = Stores.key(endpoint, "count", prefix);
    try (S3Client bare = Stores.bareClient(endpoint);
        S3BacklogSource sparkscale =
            new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(), ListingSettings.sequential())) {
      Timed.Pair<Object> pair = Timed.interleave(scale.warmups, scale.rounds,
          () -> Stores.bareCount(bare, "count", prefix),
          () -> sparkscale.count(key));
      Stores.Bare b = (Stores.Bare) pair.lastA();
      BacklogCount s = (BacklogCount) pair.lastB();
      boolean agree = b.objects() == s.objects() && b.bytes() == s.bytes() && s.objects() == size;
      double bareRate = size / (pair.aMedian() / 1000);
      double sparkRate = size / (pair.bMedian() / 1000);
      double ratio = sparkRate / bareRate;
      double paired = pair.pairedRatioMedian();
      return BenchResult.of("1 count throughput", store + " " + size + " objects")
          .put("objects", s.objects())
          .put("pages", s.listRequests())
          .put("bare_median_ms", pair.aMedian())
          .put("sparkscale_median_ms", pair.bMedian())
          .put("bare_objects_per_s", bareRate)
          .put("sparkscale_objects_per_s", sparkRate)
          .put("ratio_of_medians", ratio)
          .put("paired_ratio_median", paired)
          .put("counts_agree", agree)
          .put("rounds", scale.rounds)
          .goal("ratio >= 0.95 (paired)", paired >= 0.95)
          .build();
    }
  }
}
