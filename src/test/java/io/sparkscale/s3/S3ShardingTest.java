package io.sparkscale.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.backlog.BacklogCount;
import io.sparkscale.backlog.CountKey;
import io.sparkscale.listing.KeyRange;
import io.sparkscale.listing.ShardPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sharded listing gives the sequential count, over randomized key sets and every filter, against s3proxy.
 * Small pages (20 keys) make a few hundred keys enough to shard into many ranges.
 */
class S3ShardingTest {

  static final String[] DIRS = {"d0", "d1", "x-y", "é", "\uE000z", "\uD83D\uDE00", "z~"};
  static final String[] SUFFIXES = {".csv", ".json", ".parquet", ""};
  static final int PAGE = 20;
  static final long NO_LIMIT = 100_000_000;

  static S3ProxyServer s3;
  static S3BacklogSource sequential;
  static S3BacklogSource sharded;
  static final List<String> buckets = new ArrayList<>();

  @BeforeAll
  static void seed() throws Exception {
    s3 = S3ProxyServer.start();
    for (long seed : new long[] {1, 2, 3}) {
      String bucket = "shard-" + seed;
      buckets.add(bucket);
      seedBucket(bucket, new Random(seed));
    }
    sequential = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
        new ListingSettings(PAGE, new ShardPlanner(2, 1, 1)));
    sharded = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
        new ListingSettings(PAGE, new ShardPlanner(3, 2, 6)));
  }

  /** 300 to 700 keys under in/, some outside it, random sizes (0 included) and ages, folder markers. */
  static void seedBucket(String bucket, Random random) throws Exception {
    Instant now = Instant.now();
    int n = 300 + random.nextInt(400);
    Set<String> keys = new LinkedHashSet<>();
    while (keys.size() < n) {
      StringBuilder key = new StringBuilder(random.nextInt(10) == 0 ? "im/" : "in/");
      for (int depth = random.nextInt(3); depth > 0; depth--) {
        key.append(DIRS[random.nextInt(DIRS.length)]).append('/');
      }
      key.append('f').append(Integer.toString(random.nextInt(1 << 16), 36));
      key.append(SUFFIXES[random.nextInt(SUFFIXES.length)]);
      keys.add(key.toString());
    }
    for (String key : keys) {
      Instant modified = random.nextBoolean() ? now.minus(Duration.ofHours(2)) : now.minusSeconds(5);
      s3.put(bucket, key, new byte[random.nextInt(5) == 0 ? 0 : random.nextInt(200)], modified);
    }
    s3.putFolderMarker(bucket, "in/");
    s3.putFolderMarker(bucket, "in/d1/");
    s3.putFolderMarker(bucket, "in/\uD83D\uDE00/");
  }

  @AfterAll
  static void stop() {
    if (sequential != null) {
      sequential.close();
      sharded.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  static CountKey key(String bucket, String suffix, Duration minAge, long scanLimit) {
    return new CountKey(s3.endpoint(), "us-east-1", true, bucket, "in/", suffix, minAge, scanLimit);
  }

  /**
   * The sequential count, the sharded source's first count (split on the first delimiter level) and its
   * second (split at the first one's page ends).
   */
  static BacklogCount[] both(CountKey key) throws Exception {
    return both(key, true);
  }

  static BacklogCount[] both(CountKey key, boolean shards) throws Exception {
    BacklogCount expected = sequential.count(key);
    BacklogCount first = sharded.count(key);
    if (shards) {
      assertThat(sharded.plannedRanges(key)).as("ranges for %s", key).hasSizeGreaterThan(1);
    }
    return new BacklogCount[] {expected, first, sharded.count(key)};
  }

  /** Why boundaries are cut before U+D800 and above (ShardPlanner): s3proxy is not in S3's order. */
  @Test
  void s3proxyListsInUtf16OrderNotS3sUtf8Order() throws Exception {
    try (var client = software.amazon.awssdk.services.s3.S3Client.builder()
        .endpointOverride(java.net.URI.create(s3.endpoint())).forcePathStyle(true)
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(S3ProxyServer.credentials()).build()) {
      List<String> keys = new ArrayList<>();
      client.listObjectsV2Paginator(b -> b.bucket(buckets.get(1)).prefix("in/").maxKeys(PAGE))
          .contents().forEach(o -> keys.add(o.key()));
      assertThat(keys).isSorted();
      assertThat(keys).isNotEqualTo(keys.stream().sorted(io.sparkscale.listing.KeyOrder.UTF8).toList());
    }
  }

  @Test
  void shardedCountsEqualSequentialWithEveryFilter() throws Exception {
    for (String bucket : buckets) {
      for (String suffix : new String[] {"", ".csv", ".parquet"}) {
        for (Duration age : new Duration[] {Duration.ZERO, Duration.ofMinutes(10)}) {
          BacklogCount[] counts = both(key(bucket, suffix, age, NO_LIMIT));
          for (int i = 1; i <= 2; i++) {
            assertThat(counts[i].objects()).as("%s %s %s #%d", bucket, suffix, age, i).isEqualTo(counts[0].objects());
            assertThat(counts[i].bytes()).as("%s %s %s #%d", bucket, suffix, age, i).isEqualTo(counts[0].bytes());
            assertThat(counts[i].limitReached()).isFalse();
          }
          assertThat(counts[0].objects()).isPositive();
        }
      }
    }
  }

  @Test
  void scanLimitReachedAcrossShardsReportsTheLimit() throws Exception {
    for (String bucket : buckets) {
      long total = sequential.count(key(bucket, "", Duration.ZERO, NO_LIMIT)).objects();
      for (long limit : new long[] {1, 37, total - 1, total, total + 1}) {
        // A limit reached within a couple of pages leaves too little to shard; the others shard.
        BacklogCount[] counts = both(key(bucket, "", Duration.ZERO, limit), limit > 3 * PAGE);
        assertThat(counts[0].limitReached()).isEqualTo(limit <= total);
        for (int i = 1; i <= 2; i++) {
          assertThat(counts[i].objects()).as("%s limit %d #%d", bucket, limit, i).isEqualTo(counts[0].objects());
          assertThat(counts[i].limitReached()).as("%s limit %d #%d", bucket, limit, i).isEqualTo(limit <= total);
          if (!counts[i].limitReached()) {
            assertThat(counts[i].bytes()).isEqualTo(counts[0].bytes());
          }
        }
      }
    }
  }

  @Test
  void keysAddedAndDeletedBetweenCountsAreStillCountedExactly() throws Exception {
    String bucket = buckets.get(0);
    CountKey key = key(bucket, "", Duration.ZERO, NO_LIMIT);
    sharded.count(key);
    List<KeyRange> ranges = sharded.plannedRanges(key);
    assertThat(ranges).hasSizeGreaterThan(1);
    // Delete a boundary key and add keys before the first, between and after the last boundary.
    s3.basedir().resolve(bucket).resolve(ranges.get(0).upTo()).toFile().delete();
    s3.put(bucket, "in/!first", 3);
    s3.put(bucket, ranges.get(1).after() + "0", 4);
    s3.put(bucket, "in/\uD83D\uDE00\uD83D\uDE00last", 5);
    assertThat(sharded.count(key)).usingRecursiveComparison()
        .comparingOnlyFields("objects", "bytes", "limitReached")
        .isEqualTo(sequential.count(key));
  }

  @Test
  void aPrefixListedWithinTheTimeStaysOneRangeAndSplitsWhenPagesSlowDown() throws Exception {
    String bucket = buckets.get(1);
    CountKey direct = key(bucket, "", Duration.ZERO, NO_LIMIT);
    try (FaultInjectingProxy proxy = new FaultInjectingProxy(s3.endpoint());
        S3BacklogSource timed = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
            new ListingSettings(PAGE, new ShardPlanner(3, 2, 6, Duration.ofSeconds(2))))) {
      // s3proxy on loopback lists 20 keys in milliseconds: 15 to 35 pages fit 2 s one after the other.
      BacklogCount first = timed.count(direct);
      assertThat(timed.plannedRanges(direct)).containsExactly(KeyRange.ALL);
      assertThat(timed.count(direct).objects()).isEqualTo(first.objects());

      // 200 ms a page: the next listing, one range again, times the pages and the one after splits.
      CountKey slow = new CountKey(proxy.endpoint(), "us-east-1", true, bucket, "in/", "", Duration.ZERO, NO_LIMIT);
      timed.count(slow);
      proxy.delay(Duration.ofMillis(200));
      assertThat(timed.plannedRanges(slow)).containsExactly(KeyRange.ALL);
      BacklogCount timedSlowly = timed.count(slow);
      assertThat(timed.plannedRanges(slow)).hasSizeGreaterThan(1);
      assertThat(timedSlowly.objects()).isEqualTo(first.objects());
      assertThat(timed.count(slow).objects()).isEqualTo(first.objects());
    }
  }
}
