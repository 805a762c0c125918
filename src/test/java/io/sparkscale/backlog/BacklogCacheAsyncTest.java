package io.sparkscale.backlog;

import static io.sparkscale.backlog.BacklogCacheTest.KEY;
import static io.sparkscale.backlog.BacklogCacheTest.MAX_STALENESS;
import static io.sparkscale.backlog.BacklogCacheTest.OTHER;
import static io.sparkscale.backlog.BacklogCacheTest.TTL;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkscale.testkit.Await;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The non-blocking side of the cache: futures, stale-while-revalidate, refresh-ahead, queue order. */
class BacklogCacheAsyncTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));
  final ScriptedSource source = new ScriptedSource().answer(7);
  final RecordingListener listener = new RecordingListener();
  BacklogCache cache = cache(BacklogCache.DEFAULT_PARALLELISM, Duration.ofSeconds(5));

  BacklogCache cache(int parallelism, Duration answerWithin) {
    return new BacklogCache(source, new CacheSettings(TTL, MAX_STALENESS, answerWithin), clock, listener,
        parallelism, BacklogCache.MAX_QUEUED, false);
  }

  @AfterEach
  void close() {
    source.release();
    cache.close();
  }

  static CountKey key(int n) {
    return new CountKey("", "", false, "landing", "p" + n + "/", "", Duration.ZERO, 100_000);
  }

  @Test
  void whileASlowRefreshRunsEveryCallerGetsThePreviousCountAtOnce() throws Exception {
    assertThat(cache.count(KEY).get(5, TimeUnit.SECONDS).objects()).isEqualTo(7);
    source.answer(9).hold();
    clock.advance(TTL.plusSeconds(5));

    List<CompletableFuture<BacklogCount>> answers = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      answers.add(cache.count(KEY));
    }
    // Complete when handed out, not when the refresh ends (it is held until released below).
    assertThat(answers).allMatch(CompletableFuture::isDone);
    assertThat(answers).allMatch(a -> a.join().objects() == 7);
    assertThat(source.awaitFirstListing()).isTrue();
    assertThat(source.listings).as("one refresh for all of them").hasValue(2);

    source.release();
    assertThat(eventually(KEY, 9)).isEqualTo(9);
    assertThat(source.listings).hasValue(2);
  }

  @Test
  void firstCallsWaitWithoutHoldingThreads() throws Exception {
    cache = cache(2, Duration.ofSeconds(30));
    source.hold();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();

    // 2,000 first calls, all from this one thread: a call that blocked would stop the loop.
    List<CompletableFuture<BacklogCount>> sameKey = new ArrayList<>();
    List<CompletableFuture<BacklogCount>> manyKeys = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      sameKey.add(cache.count(KEY));
      manyKeys.add(cache.count(key(i)));
    }
    assertThat(sameKey).noneMatch(CompletableFuture::isDone);
    assertThat(cache.queuedListings()).as("two workers busy, the rest queued").isEqualTo(999);
    // Two workers and the timers at most; the waiting callers hold none.
    assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(threadsBefore + 4);

    source.release();
    CompletableFuture.allOf(sameKey.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    CompletableFuture.allOf(manyKeys.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(sameKey).allMatch(a -> a.join().objects() == 7);
    assertThat(manyKeys).allMatch(a -> a.join().objects() == 7);
    assertThat(source.listings).hasValue(1_001);
  }

  @Test
  void aFirstCallPastAnswerWithinIsToldTheCountIsInProgressByATimer() throws Exception {
    cache = cache(1, Duration.ofMillis(100));
    source.hold();

    CompletableFuture<BacklogCount> answer = cache.count(KEY);

    ExecutionException error = org.assertj.core.api.Assertions.catchThrowableOfType(
        ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
    assertThat(error.getCause()).isInstanceOf(BacklogUnavailableException.class)
        .hasMessageStartingWith("count in progress for s3://landing/incoming/");
    assertThat(Thread.currentThread().getName()).isNotEqualTo("sparkscale-cache-timer-1");
  }

  @Test
  void underATightBudgetTheOldestCountsAreListedFirst() throws Exception {
    // One worker stands for a budget that allows one listing at a time.
    cache = cache(1, Duration.ofSeconds(5));
    List<CountKey> keys = List.of(key(1), key(2), key(3), key(4));
    for (CountKey key : keys) { // counted a second apart: key(1) holds the oldest count
      cache.get(key);
      clock.advance(Duration.ofSeconds(1));
    }
    clock.advance(TTL);
    source.keys.clear();
    source.hold();
    CompletableFuture<BacklogCount> blocker = cache.count(OTHER); // the worker is busy with this
    awaitListings(5);

    // Asked newest first; each gets its stale count at once and queues a refresh.
    for (int i = keys.size() - 1; i >= 0; i--) {
      assertThat(cache.count(keys.get(i))).isDone();
    }
    CountKey firstEver = key(99);
    CompletableFuture<BacklogCount> waiting = cache.count(firstEver); // no count yet: before all of them
    assertThat(cache.queuedListings()).isEqualTo(5);

    source.release();
    blocker.get(5, TimeUnit.SECONDS);
    waiting.get(5, TimeUnit.SECONDS);
    awaitListings(10);
    assertThat(source.keys).containsExactly(OTHER, firstEver, key(1), key(2), key(3), key(4));
  }

  @Test
  void aKeyAskedForWithinItsTtlIsRefreshedAheadSoItNeverExpires() throws Exception {
    cache.get(KEY);
    source.answer(8);

    clock.advance(TTL.minusSeconds(2));
    cache.tick();
    assertThat(source.listings).as("not yet due").hasValue(1);

    clock.advance(Duration.ofMillis(1_600)); // within the lead before the ttl ends
    cache.get(KEY); // the steady poller
    cache.tick();
    assertThat(eventually(KEY, 8)).isEqualTo(8);

    clock.advance(Duration.ofSeconds(1)); // past the first count's ttl
    assertThat(cache.get(KEY).objects()).isEqualTo(8);
    assertThat(listener.count("stale")).as("the poller never saw an expired count").isZero();
    assertThat(source.listings).hasValue(2);
  }

  @Test
  void askedOnlyRightAfterItsCountABurstCostsNoRefreshAhead() throws Exception {
    cache.get(KEY);
    source.answer(8);
    clock.advance(Duration.ofMillis(200));
    for (int i = 0; i < 100; i++) {
      cache.get(KEY); // the rest of KEDA's burst of calls, just after the count arrived
    }
    clock.advance(TTL.minusMillis(300));
    cache.tick();
    clock.advance(Duration.ofMillis(200));
    cache.tick();

    assertThat(source.listings).as("one listing per cache period for a burst").hasValue(1);
  }

  @Test
  void aKeyNotAskedForSinceItsCountIsNotRefreshedAhead() throws Exception {
    cache.get(KEY); // a poller slower than the ttl: asked once per count
    clock.advance(TTL.minusMillis(100));
    cache.tick();
    clock.advance(TTL);
    cache.tick();

    assertThat(source.listings).hasValue(1);
  }

  @Test
  void aCountsOwnTtlIsTheCachePeriod() throws Exception {
    source.ttl(Duration.ofSeconds(1));
    cache.get(KEY);
    source.answer(3);

    clock.advance(Duration.ofMillis(1_001));
    assertThat(cache.get(KEY).objects()).as("served stale at once").isEqualTo(7);
    assertThat(eventually(KEY, 3)).isEqualTo(3);
    assertThat(listener.events).contains("stale PT1.001S");
  }

  @Test
  void theOldestCountAgeCoversKeysStillAskedFor() throws Exception {
    cache.get(KEY);
    clock.advance(Duration.ofSeconds(5));
    cache.get(OTHER);
    clock.advance(Duration.ofSeconds(4));
    cache.tick();
    assertThat(cache.oldestCountAge()).isEqualTo(Duration.ofSeconds(9));

    clock.advance(MAX_STALENESS); // nobody asked since: neither is being served
    cache.tick();
    assertThat(cache.oldestCountAge()).isEqualTo(Duration.ZERO);
  }

  @Test
  void idleKeysAreStillEvictedWithRefreshAhead() throws Exception {
    cache.get(KEY);
    for (int minute = 0; minute < 11; minute++) {
      clock.advance(Duration.ofMinutes(1));
      cache.tick();
    }
    assertThat(cache.size()).isZero();
    assertThat(source.listings).hasValue(1);
  }

  /** Asks until the key's count is {@code expected} (a background listing has landed); returns it. */
  private long eventually(CountKey key, long expected) throws Exception {
    return Await.until("the count of " + key.describe() + " to be " + expected, () -> {
      try {
        return cache.count(key).get(5, TimeUnit.SECONDS).objects();
      } catch (ExecutionException e) {
        return -1L; // in progress
      }
    }, objects -> objects == expected);
  }

  private void awaitListings(int count) throws Exception {
    Await.until(count + " listings started", source.listings::get, started -> started >= count);
  }
}
