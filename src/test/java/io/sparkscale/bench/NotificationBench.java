package io.sparkscale.bench;

import io.sparkscale.backlog.CountKey;
import io.sparkscale.backlog.CountMode;
import io.sparkscale.backlog.NotificationQueue;
import io.sparkscale.backlog.SourceRouter;
import io.sparkscale.notifications.KeyListing;
import io.sparkscale.notifications.NotificationBacklogSource;
import io.sparkscale.notifications.NotificationListener;
import io.sparkscale.notifications.ObjectEvent;
import io.sparkscale.notifications.PrefixState;
import io.sparkscale.s3.ListingSettings;
import io.sparkscale.s3.S3BacklogSource;
import io.sparkscale.s3.S3ProxyServer;
import io.sparkscale.s3.S3Settings;
import io.sparkscale.sqs.ElasticMq;
import io.sparkscale.sqs.NotificationMessages;
import io.sparkscale.sqs.Notifications;
import io.sparkscale.sqs.SqsFeeds;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Case 12: notification mode. A prefix seeded from the in-memory store, then events: how fast they are
 * parsed and applied, how soon a count reflects one at a sustained 1,000 events/s through a real SQS API
 * (ElasticMQ), S3 requests per hour against listing every cache period, and heap per pending key.
 */
final class NotificationBench {

  static final String CASE = "12 notifications";
  static final Duration CACHE_TTL = Duration.ofSeconds(10); // serve's default --cache-ttl
  static final Duration RECONCILE = Duration.ofMinutes(15); // the trigger's default reconcileInterval
  static final int RATE = 1_000;

  private NotificationBench() {}

  static List<BenchResult> run(Scale scale, MemoryS3 memory) throws Exception {
    boolean full = scale == Scale.FULL;
    int seeded = full ? 1_000_000 : 20_000;
    int events = full ? 100_000 : 3_000;
    Instant old = Instant.now().minus(Duration.ofHours(1));
    for (int i = 0; i < seeded; i++) {
      memory.put("notify", String.format("in/%03d/%08d.parquet", i % 1000, i), 1 + i % 7, old);
    }
    List<BenchResult> results = new ArrayList<>();
    try (S3BacklogSource s3 = new S3BacklogSource(S3Settings.defaults(), S3ProxyServer.credentials(),
        ListingSettings.defaults())) {
      CountKey listed = Stores.key(memory.endpoint(), "notify", "in/");
      results.add(applyRate(s3, listed, seeded, events));
      results.add(requestsPerHour(s3, memory, listed, seeded));
      results.add(freshness(s3, memory, seeded, events));
    }
    return results;
  }

  /** Parse (the SDK's event model) and apply, in batches of 10 as SQS delivers them. */
  private static BenchResult applyRate(S3BacklogSource s3, CountKey key, int seeded, int events) throws Exception {
    PrefixState state = new PrefixState(key);
    long heapBefore = usedHeap();
    state.beginListing(Instant.now());
    long seedStart = System.nanoTime();
    s3.listAll(key, state::listed);
    state.endListing(Instant.now());
    double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
    long heapAfter = usedHeap();
    List<String> bodies = new ArrayList<>(events);
    Instant now = Instant.now();
    for (int i = 0; i < events; i++) {
      // Half new objects, a quarter removes of seeded ones, a quarter duplicates.
      String body = switch (i % 4) {
        case 0, 1 -> Notifications.s3Created("notify", "in/new/" + i + ".parquet", 5, Notifications.nextSequencer(), now);
        case 2 -> io.sparkscale.sqs.Notifications.s3Removed("notify",
            String.format("in/%03d/%08d.parquet", i % 1000, i % seeded), Notifications.nextSequencer(), now);
        default -> bodies.get(i - 3);
      };
      bodies.add(body);
    }
    long parseNanos = 0;
    long applyNanos = 0;
    long changed = 0;
    for (int from = 0; from < events; from += 10) {
      long t0 = System.nanoTime();
      List<ObjectEvent> batch = new ArrayList<>(10);
      for (int i = from; i < Math.min(events, from + 10); i++) {
        batch.addAll(NotificationMessages.parse(bodies.get(i)));
      }
      long t1 = System.nanoTime();
      changed += state.apply(batch);
      applyNanos += System.nanoTime() - t1;
      parseNanos += t1 - t0;
    }
    double rate = events / ((parseNanos + applyNanos) / 1e9);
    double applyRate = events / (applyNanos / 1e9);
    long expected = seeded + (events + 3) / 4 * 2 - (events + 1) / 4;
    long objects = state.count(Instant.now()).objects();
    double perKey = (double) state.memoryBytes() / state.heldKeys();
    double heapPerKey = (double) (heapAfter - heapBefore) / seeded;
    return BenchResult.of(CASE, "parse+apply " + events + " events on " + seeded + " keys")
        .put("events_per_s", Math.round(rate))
        .put("apply_only_events_per_s", Math.round(applyRate))
        .put("changed", changed)
        .put("seed_listing_s", Math.round(seedSeconds * 100) / 100.0)
        .put("table_bytes_per_key", Math.round(perKey * 10) / 10.0)
        .put("heap_delta_bytes_per_key", Math.round(heapPerKey * 10) / 10.0)
        .put("counts_agree", objects == expected)
        .goal("events/s >= 20,000", rate >= 20_000)
        .build();
  }

  /** Listing every cache period vs a seed plus one reconcile per interval, from measured requests. */
  private static BenchResult requestsPerHour(S3BacklogSource s3, MemoryS3 memory, CountKey key, int seeded)
      throws Exception {
    long before = memory.requests();
    s3.count(key);
    long perCount = memory.requests() - before;
    before = memory.requests();
    s3.listAll(key, page -> {});
    long perReconcile = memory.requests() - before;
    double listingPerHour = 3600.0 / CACHE_TTL.toSeconds() * perCount;
    double notifiedPerHour = 3600.0 / RECONCILE.toSeconds() * perReconcile;
    double ratio = listingPerHour / notifiedPerHour;
    return BenchResult.of(CASE, "S3 requests per hour, " + seeded + " objects")
        .put("list_requests_per_count", perCount)
        .put("list_requests_per_reconcile", perReconcile)
        .put("listing_every_10s_per_h", Math.round(listingPerHour))
        .put("reconcile_every_15m_per_h", Math.round(notifiedPerHour))
        .put("reduction", Math.round(ratio * 10) / 10.0)
        .put("reduction_at_30m", Math.round(ratio * 20) / 10.0)
        .goal("reduction >= 100x (default 15m reconcile)", ratio >= 100)
        .build();
  }

  /** Event sent to SQS -> count including it, at a sustained rate, polling the source as the cache would. */
  private static BenchResult freshness(S3BacklogSource s3, MemoryS3 memory, int seeded, int events)
      throws Exception {
    try (ElasticMq sqs = ElasticMq.start();
        SqsFeeds feeds = new SqsFeeds("us-east-1", ElasticMq.credentials(), NotificationListener.NONE);
        NotificationBacklogSource source = new NotificationBacklogSource(s3::listAll, feeds,
            NotificationListener.NONE, Clock.systemUTC(), Duration.ofMinutes(5))) {
      SourceRouter counting = new SourceRouter(List.of(
          SourceRouter.route(CountMode.NOTIFICATIONS, source).fallingBackTo(CountMode.LISTING),
          SourceRouter.route(CountMode.LISTING, s3)));
      String queue = sqs.createQueue("bench");
      CountKey key = new CountKey(memory.endpoint(), Stores.REGION, true, "notify", "fresh/", "", Duration.ZERO,
          Stores.NO_LIMIT, new NotificationQueue(queue, Duration.ZERO, Duration.ofMinutes(10)));
      long base = counting.count(key).objects();
      long[] sentAt = new long[events];
      Thread sender = new Thread(() -> {
        long start = System.nanoTime();
        Instant now = Instant.now();
        for (int from = 0; from < events; from += 10) {
          long due = start + (long) from * 1_000_000_000L / RATE;
          while (System.nanoTime() < due) {
            Thread.onSpinWait();
          }
          List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
          for (int i = from; i < Math.min(events, from + 10); i++) {
            batch.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(i - from))
                .messageBody(Notifications.s3Created("notify", "fresh/" + i, 1, Notifications.nextSequencer(), now))
                .build());
          }
          long sent = System.nanoTime();
          for (int i = from; i < Math.min(events, from + 10); i++) {
            sentAt[i] = sent;
          }
          sqs.client().sendMessageBatch(b -> b.queueUrl(queue).entries(batch));
        }
      }, "bench-sender");
      sender.start();
      long[] seenAt = new long[events];
      int seen = 0;
      long deadline = System.nanoTime() + Duration.ofSeconds(events / RATE + 60).toNanos();
      while (seen < events && System.nanoTime() < deadline) {
        long counted = counting.count(key).objects() - base;
        long now = System.nanoTime();
        while (seen < counted && seen < events) {
          seenAt[seen++] = now; // creates of distinct keys: the count rises by one per event
        }
        Thread.sleep(5);
      }
      sender.join();
      // Sends are in order but deliveries are not: the k-th count rise matches the k-th send.
      double[] ages = new double[seen];
      for (int i = 0; i < seen; i++) {
        ages[i] = Math.max(0, (seenAt[i] - sentAt[i]) / 1e6);
      }
      Arrays.sort(ages);
      double p50 = ages.length == 0 ? Double.NaN : ages[ages.length / 2];
      double p99 = ages.length == 0 ? Double.NaN : ages[(int) Math.min(ages.length - 1, Math.ceil(ages.length * 0.99) - 1)];
      double served = p99 + NotificationBacklogSource.FRESH_FOR.toMillis();
      return BenchResult.of(CASE, "freshness at " + RATE + " events/s, " + events + " events via ElasticMQ")
          .put("events_seen", seen)
          .put("p50_ms", Math.round(p50))
          .put("p99_ms", Math.round(p99))
          .put("p99_served_ms", Math.round(served))
          .put("counts_agree", seen == events)
          .note("served adds the cache's 1 s ttl for keys counted from memory")
          .goal("p99 served <= 2000 ms", served <= 2000)
          .build();
    }
  }

  private static long usedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }
}
