package io.sparkscale.backlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam docs/scaler-internals.md describes ("adding a source"), used as a newcomer would: a third way to
 * count, here objects held in memory (standing in for an S3 Inventory report or another store), in a mode
 * of its own, plugged in through {@link SourceRouter} beside listing and notifications, and served by the
 * same {@link BacklogCache}: no made-up 0 on failure, stale counts up to max staleness and no further, one
 * count per key at a time, and the count's own ttl honoured without the cache asking the source.
 */
class ThirdSourceTest {

  static final Duration TTL = Duration.ofSeconds(10);
  static final Duration MAX_STALENESS = Duration.ofSeconds(60);

  /** The third source: one class, counting what a test put in memory under the key's rules. */
  static final class MemorySource implements BacklogSource {
    static final Duration REUSE_FOR = Duration.ofSeconds(2);

    final Map<String, Map<String, Long>> buckets = new ConcurrentHashMap<>();
    /** Its mode: keys whose bucket this store holds. */
    final CountMode mode = new CountMode("memory", key -> buckets.containsKey(key.bucket()));
    final AtomicInteger counts = new AtomicInteger();
    final CountDownLatch firstCount = new CountDownLatch(1);
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile String failure;
    volatile String declining;

    void put(String bucket, String key, long size) {
      buckets.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).put(key, size);
    }

    @Override
    public BacklogCount count(CountKey key) throws BacklogUnavailableException {
      counts.incrementAndGet();
      firstCount.countDown();
      try {
        if (!gate.await(10, TimeUnit.SECONDS)) {
          throw new BacklogUnavailableException("the test never released the count");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BacklogUnavailableException("interrupted");
      }
      if (failure != null) {
        throw new BacklogUnavailableException(key.describe() + ": " + failure);
      }
      if (declining != null) {
        throw new SourceDeclinedException(key.describe() + ": " + declining);
      }
      long objects = 0;
      long bytes = 0;
      for (Map.Entry<String, Long> object : buckets.getOrDefault(key.bucket(), Map.of()).entrySet()) {
        if (object.getKey().startsWith(key.prefix()) && key.counts(object.getKey(), object.getValue(), null, null)) {
          objects++;
          bytes += object.getValue();
        }
      }
      return new BacklogCount(objects, bytes, false, 0, Instant.EPOCH, Duration.ZERO, REUSE_FOR);
    }
  }

  /** Stands in for the other two sources: answers a fixed count and records which keys it was given. */
  record Fixed(long objects, List<CountKey> asked) implements BacklogSource {
    Fixed(long objects) {
      this(objects, new CopyOnWriteArrayList<>());
    }

    @Override
    public BacklogCount count(CountKey key) {
      asked.add(key);
      return new BacklogCount(objects, objects, false, 1, Instant.EPOCH, Duration.ZERO);
    }
  }

  final MutableClock clock = new MutableClock(Instant.parse("2026-12-05T12:00:00Z"));
  final MemorySource memory = new MemorySource();
  final Fixed listing = new Fixed(100);
  final Fixed notifications = new Fixed(200);
  final SourceRouter router = new SourceRouter(List.of(
      SourceRouter.route(memory.mode, memory).fallingBackTo(CountMode.LISTING),
      SourceRouter.route(CountMode.NOTIFICATIONS, notifications).fallingBackTo(CountMode.LISTING),
      SourceRouter.route(CountMode.LISTING, listing)));
  final List<String> served = new CopyOnWriteArrayList<>();
  final BacklogCache cache = new BacklogCache(router, new CacheSettings(TTL, MAX_STALENESS, Duration.ofSeconds(5)),
      clock, new BacklogListener() {
        @Override
        public void cacheHit(CountKey key) {
          served.add("fresh " + key.bucket());
        }

        @Override
        public void staleServed(CountKey key, Duration age) {
          served.add("stale " + key.bucket());
        }
      }, 4, BacklogCache.MAX_QUEUED, false);

  final CountKey inMemory = key("inventory", null);
  final CountKey listed = key("landing", null);
  final CountKey notified = key("landing", new NotificationQueue(
      "https://sqs.us-east-1.amazonaws.com/123456789012/q", Duration.ZERO, Duration.ofMinutes(10)));

  ThirdSourceTest() {
    memory.put("inventory", "in/a.csv", 10);
    memory.put("inventory", "in/b.csv", 20);
    memory.put("inventory", "in/dir/", 0); // a folder marker: the key's rule says it is no work
    memory.put("inventory", "out/c.csv", 40);
  }

  static CountKey key(String bucket, NotificationQueue queue) {
    return new CountKey("", "", false, bucket, "in/", "", Duration.ZERO, 100_000, queue);
  }

  @AfterEach
  void close() {
    memory.gate.countDown();
    cache.close();
  }

  @Test
  void eachKeyIsCountedByTheSourceOfItsModeAlone() throws Exception {
    assertThat(router.modeOf(inMemory)).isEqualTo(memory.mode);
    assertThat(router.modeOf(notified)).isEqualTo(CountMode.NOTIFICATIONS);
    assertThat(router.modeOf(listed)).isEqualTo(CountMode.LISTING);

    BacklogCount count = cache.get(inMemory);
    assertThat(count.objects()).isEqualTo(2);
    assertThat(count.bytes()).isEqualTo(30);
    assertThat(cache.get(notified).objects()).isEqualTo(200);
    assertThat(cache.get(listed).objects()).isEqualTo(100);
    assertThat(memory.counts).hasValue(1);
    assertThat(notifications.asked()).containsExactly(notified);
    assertThat(listing.asked()).containsExactly(listed);
  }

  @Test
  void aFailingFirstCountIsUnavailableNeverZero() {
    memory.failure = "inventory report missing";
    assertThatThrownBy(() -> cache.get(inMemory))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("inventory report missing");
    assertThat(listing.asked()).as("a failure is not a decline: nothing else counts it").isEmpty();
  }

  @Test
  void aFailingSourceIsServedStaleUpToMaxStalenessThenUnavailable() throws Exception {
    assertThat(cache.get(inMemory).objects()).isEqualTo(2);
    memory.failure = "store down";
    memory.put("inventory", "in/late.csv", 1);

    clock.advance(Duration.ofSeconds(30));
    assertThat(cache.get(inMemory).objects()).as("stale, within max staleness").isEqualTo(2);
    clock.advance(MAX_STALENESS);
    assertThatThrownBy(() -> cache.get(inMemory))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("store down");
  }

  @Test
  void callersArrivingTogetherShareOneCount() throws Exception {
    memory.gate = new CountDownLatch(1);
    List<CompletableFuture<BacklogCount>> answers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      answers.add(cache.count(inMemory));
    }
    assertThat(memory.firstCount.await(10, TimeUnit.SECONDS)).as("the one count started").isTrue();
    memory.gate.countDown();
    for (CompletableFuture<BacklogCount> answer : answers) {
      assertThat(answer.get(10, TimeUnit.SECONDS).objects()).isEqualTo(2);
    }
    assertThat(memory.counts).as("one count for 200 callers").hasValue(1);
  }

  /** The memory source's counts say 2 s; the cache's ttl is 10 s; the cache asks the source nothing else. */
  @Test
  void theCountsOwnTtlDecidesWhenItIsStale() throws Exception {
    cache.get(inMemory);
    cache.get(listed);
    clock.advance(MemorySource.REUSE_FOR.plusMillis(100));
    cache.get(inMemory);
    cache.get(listed);
    assertThat(served).containsExactly("stale inventory", "fresh landing");
  }

  @Test
  void aDeclinedKeyIsCountedByItsRoutesFallbackAndWithoutOneIsUnavailable() throws Exception {
    memory.declining = "report being rebuilt";
    assertThat(cache.get(inMemory).objects()).as("by listing").isEqualTo(100);
    assertThat(listing.asked()).containsExactly(inMemory);

    SourceRouter noFallback = new SourceRouter(List.of(
        SourceRouter.route(memory.mode, memory), SourceRouter.route(CountMode.LISTING, listing)));
    assertThatThrownBy(() -> noFallback.count(inMemory))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("report being rebuilt");
  }

  @Test
  void aRouterRefusesFallbacksItCannotFollowAndKeysNoModeSelects() {
    assertThatThrownBy(() -> new SourceRouter(List.of(
        SourceRouter.route(memory.mode, memory).fallingBackTo(CountMode.LISTING))))
        .hasMessageContaining("fallback of memory");
    assertThatThrownBy(() -> new SourceRouter(List.of(
        SourceRouter.route(CountMode.LISTING, listing), SourceRouter.route(CountMode.LISTING, notifications))))
        .hasMessageContaining("routed twice");
    SourceRouter memoryOnly = new SourceRouter(List.of(SourceRouter.route(memory.mode, memory)));
    assertThatThrownBy(() -> memoryOnly.count(listed))
        .isInstanceOf(BacklogUnavailableException.class)
        .hasMessageContaining("no source counts s3://landing/in/");
  }
}
