package io.sparkscale.bench;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.ShardPlanner;
import io.sparkscale.s3.FaultInjectingProxy;
import io.sparkscale.s3.ListingSettings;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import java.time.Duration;
import java.time.Instant;

/**
 * Case 3: the same prefix counted sequentially and sharded, behind a proxy adding 20 ms to every request
 * (a remote store's round trip). The sharded source's first count (split on the first delimiter level)
 * is timed once; then both are timed in the same rounds (the sharded one splitting at page ends).
 */
final class ShardingBench {

  static final Duration LATENCY = Duration.ofMillis(20);
  /**
   * In place of serve's cache period (10 s), which 100 pages at 20 ms fit one after the other, so serve
   * would not split them: this case measures what splitting buys once it is due (8 ranges for 2 s).
   */
  static final Duration LIST_WITHIN = Duration.ofMillis(250);

  private ShardingBench() {}

  static BenchResult run(Scale scale, MemoryS3 memory) throws Exception {
    int size = scale.shardObjects;
    // Smoke: 100-key pages, so 2,000 objects are 20 pages and still shard.
    int pageSize = scale == Scale.SMOKE ? 100 : 1000;
    Instant old = Instant.now().minusSeconds(3600);
    for (int i = 0; i < size; i++) {
      memory.put("shard", String.format("big/%03d/%07d.parquet", i % 100, i), 1 + i % 3, old);
    }
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(memory.endpoint());
        S3BacklogSource sequential = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
            new ListingSettings(pageSize, new ShardPlanner(2, 1, 1)));
        S3BacklogSource sharded = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
            new ListingSettings(pageSize, ShardPlanner.defaults().listingWithin(LIST_WITHIN)))) {
      proxy.delay(LATENCY);
      CountKey key = Stores.key(proxy.endpoint(), "shard", "big/");
      long beforeLearning = proxy.requests();
      long firstStart = System.nanoTime();
      BacklogCount learned = sharded.count(key);
      double firstMs = Stats.millis(System.nanoTime() - firstStart);
      long learningRequests = proxy.requests() - beforeLearning;
      Timed.Pair<BacklogCount> pair = Timed.interleave(1, scale.rounds,
          () -> sequential.count(key), () -> sharded.count(key));
      BacklogCount seq = pair.lastA();
      BacklogCount par = pair.lastB();
      boolean agree = seq.objects() == par.objects() && seq.bytes() == par.bytes() && seq.objects() == size
          && learned.objects() == size;
      double speedup = pair.aMedian() / pair.bMedian();
      return BenchResult.of("3 sharded listing", size + " objects, +" + LATENCY.toMillis() + " ms/request")
          .put("objects", par.objects())
          .put("page_size", pageSize)
          .put("sequential_median_ms", pair.aMedian())
          .put("sharded_median_ms", pair.bMedian())
          .put("speedup", speedup)
          .put("sequential_requests", seq.listRequests())
          .put("sharded_requests", par.listRequests())
          .put("first_count_ms", firstMs)
          .put("first_count_requests", learningRequests)
          .put("max_shards", ShardPlanner.defaults().maxShards())
          .put("list_within_ms", LIST_WITHIN.toMillis())
          .put("counts_agree", agree)
          .goal("speedup >= 3", speedup >= 3)
          .note("first count: 7 pages, then split at the first delimiter level; later counts at its page ends,"
              + " into as many ranges as bring the listing within " + LIST_WITHIN.toMillis() + " ms")
          .build();
    }
  }
}
